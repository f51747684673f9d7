// Errors a request itself causes while the framework or the Shopify library reads it — a body
// that is not the form data or JSON it claims to be, an Origin that does not match the host
// on a form post (Remix's CSRF check), a session token whose claims the library cannot turn
// into a URL — are the client's fault: they answer 400, not 500, and are not reported as
// server errors. Everything else stays a 500.
const CLIENT_CAUSED = [
  /^Could not parse content as FormData/,
  /^host header does not match `origin` header/,
  /^Unexpected end of (JSON|form data|multipart)/i,
  /^Malformed part header/i,
  /^Invalid URL$/,
];

export function isClientCaused(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof SyntaxError && /JSON/.test(error.message)) return true;
  return CLIENT_CAUSED.some((re) => re.test(error.message));
}

/** Remix's errors of one render (route id → error): all client-caused, and at least one. */
export function onlyClientErrors(errors: Record<string, unknown> | null | undefined): boolean {
  const list = Object.values(errors ?? {});
  return list.length > 0 && list.every(isClientCaused);
}
