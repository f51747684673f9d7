import { createHash } from "node:crypto";

/** Jobs of one (group, SKU) run one at a time, in order; different keys run in parallel. */
export function itemOrderingKey(groupId: string, sku: string): string {
  return `sync|${groupId}|${sku}`;
}

/**
 * Idempotency key of one quantity write: (group, SKU, member, pool version) plus the link's
 * write sequence, so a retry of the same intent reuses the key and a new intent never does.
 */
export function entryKey(p: { groupId: string; sku: string; memberId: string; poolVersion: number; writeSeq: number }): string {
  return `${p.groupId}:${p.sku}:${p.memberId}:v${p.poolVersion}:w${p.writeSeq}`;
}

/** A batch mutation's @idempotent key: derived from the keys of the quantities it carries. */
export function batchKey(entryKeys: string[]): string {
  const h = createHash("sha256");
  for (const k of [...entryKeys].sort()) h.update(k).update("\n");
  return `stockroom-sync-${h.digest("hex").slice(0, 40)}`;
}
