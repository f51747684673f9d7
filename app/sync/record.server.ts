// How the outcome of our own writes and reads lands on a link (echo detection lives here: the
// link remembers what it wrote and the window in which its own webhook may arrive).
import type { Engine } from "./engine-types";
import { applyDelta, pushEvent, type ItemCtx, type LinkState } from "./item-state.server";

/**
 * A write was applied: the link knows the value it wrote, with the write's time window. A delta
 * write (adjust) also reports the value after it: any difference from the target is a
 * concurrent change at that store, folded into the pool (absorbed, so its webhook is stale).
 */
export function recordApplied(
  engine: Engine,
  ctx: ItemCtx,
  link: LinkState,
  w: { value: number; sentAt: Date; doneAt: Date; after?: number; cause?: string; why?: string | null },
) {
  const before = link.lastSeen;
  const after = w.after ?? w.value;
  link.lastSeen = after;
  link.lastWritten = after;
  link.lastSeenAt = new Date(w.sentAt.getTime() - engine.clockSkewMs);
  link.uncertainUntil = new Date(w.doneAt.getTime() + engine.clockSkewMs);
  link.dirty = true;
  const cause = w.cause ?? "sync_write";
  const result = cause === "rebalance" ? (w.value < before ? "taken" : "given") : "written";
  pushEvent(ctx, link, { cause, delta: w.value - before, valueAfter: after, poolAfter: ctx.item.pool, result, detail: w.why ?? null });
  if (after !== w.value) applyDelta(ctx, link, after - w.value, "concurrent", "absorbed", { at: w.doneAt });
}

/** A read of the store's real value (ambiguous observation, stale take): fold the difference. */
export function recordRead(engine: Engine, ctx: ItemCtx, link: LinkState, r: { available: number; sentAt: Date; doneAt: Date }, cause = "concurrent") {
  const delta = r.available - link.lastSeen;
  link.lastSeen = r.available;
  link.lastSeenAt = new Date(r.sentAt.getTime() - engine.clockSkewMs);
  link.uncertainUntil = new Date(r.doneAt.getTime() + engine.clockSkewMs);
  link.dirty = true;
  if (delta !== 0) applyDelta(ctx, link, delta, cause, "absorbed", { at: r.doneAt });
}
