// The serialized job of one (group, SKU). All state of the SKU changes only here (ordering key
// sync|group|sku), as named steps: apply observations → read the ambiguous ones → decide targets
// (mirror or allocation) → write. docs/sync.md.
import { log } from "../log.server";
import prisma from "../db.server";
import { decideTargets } from "./decide.server";
import type { Engine } from "./engine-types";
import { loadItem, persist, type ItemCtx } from "./item-state.server";
import { enqueueItem, enqueueTick, type ItemReason } from "./jobs";
import { applyObservations } from "./observations.server";
import { raiseOversell, raiseWriteFailed } from "./raise.server";
import { readAmbiguous, resolvePending } from "./reads.server";

export interface ProcessResult {
  observations: number;
  writes: number;
  stale: number;
  reads: number;
}

const nothing = (): ProcessResult => ({ observations: 0, writes: 0, stale: 0, reads: 0 });

export async function processItem(engine: Engine, groupId: string, sku: string, opts: { finalAttempt?: boolean; reason?: ItemReason; attempt?: number } = {}): Promise<ProcessResult> {
  if (opts.reason === "observation" && (opts.attempt ?? 1) === 1 && !(await workWaiting(groupId, sku))) {
    // Jobs queued per observation coalesce: an earlier run of this key already handled ours.
    return nothing();
  }
  try {
    return await runItem(engine, groupId, sku, opts.reason === "timer");
  } catch (error) {
    if (opts.finalAttempt) {
      const ctx = await loadItem(groupId, sku, "final");
      if (ctx) await raiseWriteFailed(engine.exceptions, ctx, error);
    }
    throw error;
  }
}

async function workWaiting(groupId: string, sku: string): Promise<boolean> {
  const [obs, input, item] = await Promise.all([
    prisma.syncObservation.findFirst({ where: { groupId, sku, processedAt: null }, select: { id: true } }),
    prisma.syncPoolInput.findFirst({ where: { groupId, sku, processedAt: null }, select: { id: true } }),
    prisma.syncItem.findUnique({ where: { groupId_sku: { groupId, sku } }, select: { id: true } }),
  ]);
  if (obs || input) return true;
  // By item id (indexed with status): pending writes are kept, so a scan would grow with every write ever made.
  return !!item && !!(await prisma.syncPendingWrite.findFirst({ where: { itemId: item.id, status: "pending" }, select: { id: true } }));
}

async function runItem(engine: Engine, groupId: string, sku: string, timer: boolean): Promise<ProcessResult> {
  const startedAt = Date.now();
  const result = nothing();
  const ctx = await loadItem(groupId, sku, `${groupId}:${sku}:${startedAt.toString(36)}${Math.random().toString(36).slice(2, 6)}`);
  if (!ctx) {
    await prisma.syncObservation.updateMany({ where: { groupId, sku, processedAt: null }, data: { processedAt: new Date(), result: "ignored" } });
    return result;
  }
  await resolvePending(engine, ctx);
  let staleRounds = 0;
  for (let round = 0; round < engine.maxRounds; round++) {
    ctx.changedAt = null;
    const applied = await applyObservations(ctx, engine.exceptions);
    result.observations += applied.count;
    result.reads += await readAmbiguous(engine, ctx, applied.ambiguous);
    if (ctx.item.pool < 0) await raiseOversell(engine.exceptions, ctx);
    if (ctx.item.paused || ctx.group.status !== "active") return result;

    const plan = decideTargets(engine, ctx, { now: Date.now(), timer: timer && round === 0 });
    if (plan.writes.length === 0) {
      await persist(ctx);
      if (plan.recheck) await enqueueTick(engine.deps.queue, groupId, sku, ctx.group.ownerShop, engine.tickMs);
      await engine.propagation.flush(groupId);
      return result;
    }
    const versionAtWrite = ctx.item.version;
    const out = await engine.writeRound.run(engine, ctx, plan);
    result.writes += out.writes;
    result.stale += out.stale;
    if (out.failure) throw out.failure;
    if (out.stale && ++staleRounds > 3 && ctx.item.allocating) {
      // A selling donor keeps winning the race: its next webhook (or the timer) tries again.
      await enqueueTick(engine.deps.queue, groupId, sku, ctx.group.ownerShop, engine.tickMs);
      return result;
    }
    if (!out.stale && ctx.item.version === versionAtWrite && !(await more(engine, ctx, startedAt))) {
      await engine.propagation.flush(groupId);
      return result;
    }
  }
  log("info", "sync item still busy after the round limit; requeued", { groupId, sku });
  await enqueueItem(engine.deps.queue, groupId, sku, null);
  return result;
}

/** Observations that arrived while writing are handled in this run, within a time budget. */
async function more(engine: Engine, ctx: ItemCtx, startedAt: number): Promise<boolean> {
  if (Date.now() - startedAt > engine.runBudgetMs) return false;
  return workWaiting(ctx.item.groupId, ctx.item.sku);
}
