import type { SyncLink } from "@prisma/client";

export type Classification = "stale" | "echo" | "unchanged" | "ambiguous" | "external";

/**
 * Classifies one webhook observation against the link (DESIGN §4 intake):
 *  - older than what the link knows → stale;
 *  - equal to lastSeen → nothing changed (an echo when it is the value the app wrote);
 *  - inside a window where a write or read of ours was in flight, or tied with lastSeenAt →
 *    ambiguous: read the store's real value instead of guessing;
 *  - otherwise → an external delta.
 */
export function classify(link: Pick<SyncLink, "lastSeen" | "lastSeenAt" | "uncertainUntil" | "lastWritten">, o: { available: number; at: Date }): Classification {
  const t = o.at.getTime();
  const seenAt = link.lastSeenAt.getTime();
  if (t < seenAt) return "stale";
  if (o.available === link.lastSeen) return link.lastWritten === o.available && link.uncertainUntil ? "echo" : "unchanged";
  if (link.uncertainUntil && t <= link.uncertainUntil.getTime()) return "ambiguous";
  if (t === seenAt) return "ambiguous";
  return "external";
}
