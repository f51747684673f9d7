// Step 4 of the per-SKU job: write the targets. Every write is recorded before it is sent
// (SyncPendingWrite → SyncWriteBatch, exact variables + @idempotent key), so a crash or an
// ambiguous failure is settled by resending the very same request (resolvePending).
import prisma from "../db.server";
import type { Engine, Plan, PlannedWrite, RoundResult, WriteRound } from "./engine-types";
import { bufferOf, persist, pushEvent, type ItemCtx } from "./item-state.server";
import { entryKey } from "./keys";
import { recordApplied } from "./record.server";
import type { WriteOutcome } from "./writer.server";

const NONE: RoundResult = { writes: 0, stale: 0, failure: null };

const merge = (a: RoundResult, b: RoundResult): RoundResult => ({ writes: a.writes + b.writes, stale: a.stale + b.stale, failure: a.failure ?? b.failure });

/**
 * Sends writes (compare-and-set from what the link knows; a link whose compare-and-set went stale
 * in this job gets a delta instead when `deltaWhenContended`) and records their outcomes.
 */
export async function sendWrites(engine: Engine, ctx: ItemCtx, writes: PlannedWrite[], opts: { deltaWhenContended: boolean }): Promise<RoundResult> {
  if (!writes.length) return NONE;
  const { groupId, sku } = ctx.item;
  const pendings = writes.map((w) => {
    w.link.writeSeq += 1;
    const adjust = w.link.contended && opts.deltaWhenContended;
    const key = entryKey({ groupId, sku, memberId: w.link.memberId, poolVersion: ctx.item.version, writeSeq: w.link.writeSeq });
    return { ...w, key: adjust ? `${key}:adj` : key, adjust, changeFrom: w.link.lastSeen };
  });
  const created = await prisma.$transaction(async (tx) => {
    for (const p of pendings) await tx.syncLink.update({ where: { id: p.link.id }, data: { writeSeq: p.link.writeSeq } });
    return Promise.all(
      pendings.map((p) =>
        tx.syncPendingWrite.create({
          data: { linkId: p.link.id, itemId: ctx.item.id, batchKey: "", entryKey: p.key, position: 0, changeFrom: p.changeFrom, value: p.target, poolVersion: ctx.item.version },
        }),
      ),
    );
  });
  const sentAt = new Date();
  const outcomes: WriteOutcome[] = await Promise.all(
    pendings.map((p, i) =>
      engine.writers.for(p.link.shop, p.adjust ? "adjust" : "set").write({
        pendingId: created[i].id,
        entryKey: p.key,
        inventoryItemId: p.link.inventoryItemId,
        locationId: p.link.locationId,
        changeFrom: p.changeFrom,
        quantity: p.target,
        mode: p.adjust ? "adjust" : "set",
      }),
    ),
  );
  const doneAt = new Date();
  const result: RoundResult = { writes: 0, stale: 0, failure: null };
  const statuses: { id: string; status: string }[] = [];
  outcomes.forEach((o, i) => {
    const p = pendings[i];
    if (o.kind === "applied") {
      recordApplied(engine, ctx, p.link, { value: p.target, sentAt, doneAt, after: o.after, cause: p.cause, why: p.why });
      result.writes++;
      statuses.push({ id: created[i].id, status: "applied" });
    } else if (o.kind === "stale") {
      // A concurrent change won the race. With deltas allowed the next round writes one (it
      // cannot go stale, and its answer tells what that change was); otherwise it reads first.
      result.stale++;
      p.link.contended = true;
      if (!opts.deltaWhenContended) p.link.needRead = true;
      statuses.push({ id: created[i].id, status: "stale" });
    } else if (o.kind === "rejected") {
      statuses.push({ id: created[i].id, status: "failed" });
      pushEvent(ctx, p.link, { cause: p.cause, delta: 0, valueAfter: p.link.lastSeen, poolAfter: ctx.item.pool, result: "failed", detail: o.message });
      result.failure ??= new Error(`write rejected: ${o.message}`);
    } else {
      // Ambiguous: the pending write stays; the retried job resolves it before anything else.
      result.failure ??= o.error;
    }
  });
  await persist(ctx, async (tx) => {
    for (const s of statuses) await tx.syncPendingWrite.update({ where: { id: s.id }, data: { status: s.status, resolvedAt: doneAt } });
  });
  if (ctx.changedAt && result.writes) engine.propagation.record(groupId, doneAt.getTime() - ctx.changedAt.getTime());
  return result;
}

/**
 * Units that may still be given: the pool minus buffers minus what the members hold. Computed
 * after the takes were confirmed, so only units a confirmed take freed (or never allocated) count.
 */
export function room(ctx: ItemCtx): number {
  const buffers = ctx.links.reduce((a, l) => a + bufferOf(ctx, l), 0);
  const held = ctx.links.reduce((a, l) => a + Math.max(0, l.lastSeen), 0);
  return Math.max(0, ctx.item.pool - buffers) - held;
}

/** Cuts gives down to the room, in plan order (the decide step lists the neediest first). */
export function clipGives(ctx: ItemCtx, gives: PlannedWrite[]): PlannedWrite[] {
  let left = room(ctx);
  const out: PlannedWrite[] = [];
  for (const g of gives) {
    const base = Math.max(0, g.link.lastSeen);
    const amount = Math.min(Math.max(0, g.target - base), Math.max(0, left));
    left -= amount;
    const target = base + amount;
    if (target !== g.link.lastSeen) out.push({ ...g, target });
  }
  return out;
}

/**
 * Production: mirroring writes every target at once; allocating takes first — compare-and-set on
 * the donor, confirmed — and only then gives what the confirmed takes freed. A unit is never
 * shown in two stores at once.
 */
export const takeThenGive: WriteRound = {
  async run(engine, ctx, plan: Plan) {
    if (!plan.allocating) return sendWrites(engine, ctx, plan.writes, { deltaWhenContended: true });
    const takes = plan.writes.filter((w) => w.target < w.link.lastSeen);
    const r1 = await sendWrites(engine, ctx, takes, { deltaWhenContended: !plan.guaranteed });
    if (r1.failure) return r1;
    const gives = clipGives(ctx, plan.writes.filter((w) => w.target > w.link.lastSeen));
    return merge(r1, await sendWrites(engine, ctx, gives, { deltaWhenContended: true }));
  },
};
