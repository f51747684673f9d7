// Step 3 of the per-SKU job: what each member should show — the pool mirrored (minus its
// buffer), or an allocation (escrow) whose parts add up to the pool minus buffers.
import type { Engine, Plan, PlannedWrite } from "./engine-types";
import { bufferOf, pushEvent, type ItemCtx } from "./item-state.server";
import { asProtection, decideAllocation, mirrorTargets, nextPhase } from "./targets";
import { hasDemand, velocity } from "./velocity";

export function decideTargets(engine: Engine, ctx: ItemCtx, opts: { now: number; timer: boolean }): Plan {
  const protection = ctx.group.mode === "source" ? "off" : asProtection(ctx.group.protection);
  const guaranteed = protection === "guaranteed";
  const links = ctx.links;
  const buffers = links.map((l) => bufferOf(ctx, l));
  const plan = (writes: PlannedWrite[], recheck = false): Plan => ({ writes: writes.filter((w) => w.target !== w.link.lastSeen), allocating: ctx.item.allocating, guaranteed, recheck });

  // The confirmed starting plan: exactly what the merchant saw (then the engine takes over).
  if (links.some((l) => l.startTarget !== null)) {
    const writes = links.flatMap((l) => {
      const target = l.startTarget;
      l.startTarget = null;
      l.dirty = true;
      return target === null ? [] : [{ link: l, target, cause: ctx.item.allocating ? ("rebalance" as const) : ("sync_write" as const), why: "starting plan" }];
    });
    return plan(neediestFirst(writes));
  }

  const available = ctx.item.pool - buffers.reduce((a, b) => a + b, 0);
  const v = links.map((l) => velocity(l, opts.now));
  const demand = links.map((l) => hasDemand(l, opts.now));
  const measured = links.some((l) => l.salesAt !== null);
  const threshold = engine.threshold(ctx.group.allocateBelow, v, engine.propagation.p99(ctx.group), measured);
  const was = ctx.item.allocating;
  const allocating = nextPhase(protection, was, available, threshold);
  if (allocating !== was) {
    ctx.item.allocating = allocating;
    ctx.itemDirty = true;
    pushEvent(ctx, null, {
      cause: "rebalance",
      delta: 0,
      poolAfter: ctx.item.pool,
      result: allocating ? "allocating" : "mirroring",
      detail:
        protection !== "automatic"
          ? `protection ${protection}`
          : threshold === null
            ? "no sales measured yet: velocity unknown"
            : allocating
              ? `pool minus buffers ${available} ≤ threshold ${threshold}`
              : `pool minus buffers ${available} > twice the threshold ${2 * threshold}`,
    });
  }
  if (!allocating) {
    const targets = mirrorTargets(ctx.item.pool, buffers);
    return plan(links.map((l, i) => ({ link: l, target: targets[i], cause: "sync_write" as const, why: null })));
  }
  const d = decideAllocation({ available, shown: links.map((l) => l.lastSeen), velocities: v, demand, entering: allocating && !was, timer: opts.timer });
  if (!d.targets) return plan([], d.recheck);
  const targets = d.targets;
  return plan(neediestFirst(links.map((l, i) => ({ link: l, target: targets[i], cause: "rebalance" as const, why: d.why }))));
}

/** Gives are cut to the room in this order: the store that lacks most first. */
function neediestFirst(writes: PlannedWrite[]): PlannedWrite[] {
  return [...writes].sort((a, b) => b.target - Math.max(0, b.link.lastSeen) - (a.target - Math.max(0, a.link.lastSeen)));
}
