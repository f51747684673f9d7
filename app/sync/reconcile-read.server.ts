import prisma from "../db.server";
import { webhookWaiting } from "./cause.server";
import type { ExceptionSink } from "./engine-types";
import { applyDelta, pushEvent, type ItemCtx, type LinkState } from "./item-state.server";

/**
 * A reconciliation read of one member (true somewhere in [at, until]). Differences explained by
 * in-flight work (unprocessed webhooks, a write or read in flight) are left to that work; small
 * unexplained drift is folded; drift above the group's threshold opens one exception per SKU
 * and pauses the SKU (lastSeen follows the store, the pool does not take the suspect number).
 */
export async function applyReconcileRead(
  ctx: ItemCtx,
  link: LinkState,
  o: { available: number; at: Date; until: Date | null; eventId: string },
  inflight: boolean,
  exceptions: ExceptionSink,
): Promise<string> {
  if (o.at < link.lastSeenAt) return "stale";
  if (o.available === link.lastSeen) return "unchanged";
  if (inflight || (link.uncertainUntil && o.at <= link.uncertainUntil) || (await webhookWaiting(link))) {
    // The next reconciliation looks again once that work is done.
    return "inflight";
  }
  const drift = o.available - link.lastSeen;
  link.lastSeen = o.available;
  link.lastSeenAt = o.at;
  link.uncertainUntil = o.until;
  link.dirty = true;
  if (Math.abs(drift) <= ctx.group.driftThreshold) {
    applyDelta(ctx, link, drift, "reconciliation", "applied", { sourceEventId: o.eventId });
    return "folded";
  }
  ctx.item.paused = true;
  ctx.item.pausedReason = `drift ${drift > 0 ? "+" : ""}${drift} at ${link.shop}`;
  ctx.itemDirty = true;
  const existing = await prisma.syncException.findUnique({ where: { openKey: `drift|${ctx.group.id}|${ctx.item.sku}` } });
  const members = existing ? (JSON.parse(existing.members) as { shop: string; drift: number; storeValue: number }[]) : [];
  const mine = members.find((m) => m.shop === link.shop);
  if (mine) {
    mine.drift += drift;
    mine.storeValue = o.available;
  } else members.push({ shop: link.shop, drift, storeValue: o.available });
  await exceptions({
    class: "drift",
    groupId: ctx.group.id,
    shop: link.shop,
    sku: ctx.item.sku,
    locationId: link.locationId,
    subject: ctx.item.sku,
    title: `${link.shop} shows ${o.available} for ${ctx.item.sku}, the engine expected ${o.available - drift} (${drift > 0 ? "+" : ""}${drift}); SKU paused`,
    amount: members.reduce((a, m) => a + m.drift, 0),
    members,
    sourceEventId: o.eventId,
    payloadSnapshot: { read: o.available, expected: o.available - drift, window: [o.at.toISOString(), o.until?.toISOString() ?? null], pool: ctx.item.pool },
  });
  pushEvent(ctx, link, { cause: "reconciliation", delta: drift, valueAfter: o.available, poolAfter: ctx.item.pool, result: "drift", sourceEventId: o.eventId });
  return "drift";
}
