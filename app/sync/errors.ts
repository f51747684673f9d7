/** The shop is not an active member of the group (answered as "not found": no existence leak). */
export class SyncAccessError extends Error {
  override name = "SyncAccessError";
  readonly status = 404;
}

/** Bad input from the merchant: shown as a message. */
export class SyncInputError extends Error {
  override name = "SyncInputError";
  readonly status = 400;
}
