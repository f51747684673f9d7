// Applying a planned run. Location feeds: batches of ≤ 250 quantities per
// inventorySetQuantities, each with compare-and-set (changeFromQuantity = the value the dry
// run saw) and an idempotency key recorded before sending (runId:batch:attempt). A resumed
// run re-sends the recorded key, so Shopify answers with the first result instead of applying
// again; a stale compare-and-set re-reads only the stale items and retries under a new key.
// Pool feeds: one submitPoolInput per SKU (cause feed), keyed by run and SKU.
import type { FeedRun } from "@prisma/client";
import prisma from "../db.server";
import { submitPoolInput } from "../sync/pool-input.server";
import { markResolved, appendTrail } from "../sync/exceptions.server";
import { readLevels, setQuantities } from "./admin-ops.server";
import type { FeedDeps } from "./deps";
import { FEED_APPLY_JOB } from "./deps";

const MAX_STALE_ROUNDS = 5;
const CONCURRENCY = 3;

export class FeedRunError extends Error {
  override name = "FeedRunError";
}

/** A person approves a held run or a dry run: it is applied, and its feed_suspect exception resolved. */
export async function approveRun(deps: FeedDeps, runId: string, by: string, note = "Approved"): Promise<FeedRun> {
  const run = await prisma.feedRun.findUniqueOrThrow({ where: { id: runId } });
  if (run.status !== "held" && run.status !== "dry_run") throw new FeedRunError(`Run is ${run.status}; only a held run or a dry run can be approved`);
  const updated = await prisma.feedRun.update({ where: { id: runId }, data: { status: "applying", approvedBy: by } });
  if (run.exceptionId) await markResolved(run.exceptionId, { resolution: "approved", note, by }).catch(() => undefined);
  await deps.queue.enqueue({ name: FEED_APPLY_JOB, payload: { runId }, shop: run.shop, orderingKey: `feed:${run.feedId}`, dedupeKey: `feed-apply:${runId}` });
  return updated;
}

export async function rejectRun(runId: string, by: string, note = "Rejected"): Promise<FeedRun> {
  const run = await prisma.feedRun.findUniqueOrThrow({ where: { id: runId } });
  if (run.status !== "held" && run.status !== "dry_run") throw new FeedRunError(`Run is ${run.status}; it cannot be rejected`);
  if (run.exceptionId) await markResolved(run.exceptionId, { resolution: "rejected", note, by }).catch(() => undefined);
  return prisma.feedRun.update({ where: { id: runId }, data: { status: "rejected", approvedBy: by } });
}

async function applyLocationBatch(deps: FeedDeps, run: FeedRun, batch: number): Promise<void> {
  const admin = deps.admin(run.shop);
  let row = await prisma.feedRunBatch.findUniqueOrThrow({ where: { runId_batch: { runId: run.id, batch } } });
  if (row.done) return;
  for (let round = 0; ; round++) {
    const items = await prisma.feedRunItem.findMany({ where: { runId: run.id, batch, state: "planned" }, orderBy: { seq: "asc" } });
    if (!items.length) break;
    const quantities = items.map((i) => ({ inventoryItemId: i.inventoryItemId!, locationId: i.locationId!, quantity: i.after, changeFromQuantity: i.before }));
    const { stale, errors } = await setQuantities(admin, quantities, `feedrun:${run.id}:${batch}:${row.attempt}`);
    if (errors.length) {
      await prisma.feedRunItem.updateMany({ where: { runId: run.id, batch, state: "planned" }, data: { state: "failed" } });
      throw new FeedRunError(`Batch ${batch}: ${errors.map((e) => `${e.code}: ${e.message}`).join("; ").slice(0, 500)}`);
    }
    if (!stale.length) {
      await prisma.$transaction([
        prisma.feedRunItem.updateMany({ where: { runId: run.id, batch, state: "planned" }, data: { state: "written" } }),
        prisma.feedRunBatch.update({ where: { runId_batch: { runId: run.id, batch } }, data: { done: true } }),
        prisma.feedRun.update({ where: { id: run.id }, data: { written: { increment: items.length } } }),
      ]);
      return;
    }
    if (round >= MAX_STALE_ROUNDS) throw new FeedRunError(`Batch ${batch} kept losing compare-and-set to concurrent changes`);
    // Re-read only the stale items; keep the run's intent (set: the same target, delta: the same move).
    const staleItems = stale.map((i) => items[i]);
    const current = await readLevels(admin, staleItems[0].locationId!, staleItems.map((i) => i.inventoryItemId!));
    const feed = await prisma.feed.findUniqueOrThrow({ where: { id: run.feedId } });
    await prisma.$transaction([
      ...staleItems.map((i) => {
        const now = current.get(i.inventoryItemId!) ?? 0;
        const after = feed.mode === "set" ? i.after : Math.max(0, now + (i.after - (i.before ?? 0)));
        return prisma.feedRunItem.update({ where: { runId_seq: { runId: run.id, seq: i.seq } }, data: { before: now, after } });
      }),
      prisma.feedRunBatch.update({ where: { runId_batch: { runId: run.id, batch } }, data: { attempt: { increment: 1 } } }),
    ]);
    row = await prisma.feedRunBatch.findUniqueOrThrow({ where: { runId_batch: { runId: run.id, batch } } });
  }
  await prisma.feedRunBatch.update({ where: { runId_batch: { runId: run.id, batch } }, data: { done: true } });
}

async function applyPoolRun(deps: FeedDeps, run: FeedRun): Promise<void> {
  const feed = await prisma.feed.findUniqueOrThrow({ where: { id: run.feedId } });
  for (;;) {
    const items = await prisma.feedRunItem.findMany({ where: { runId: run.id, state: "planned" }, orderBy: { seq: "asc" }, take: 200 });
    if (!items.length) return;
    await prisma.$transaction(async (tx) => {
      for (const i of items) {
        const kind = feed.mode === "set" || run.trigger === "buffer" ? "set" : "delta";
        await submitPoolInput(
          {
            groupId: feed.groupId!,
            sku: i.sku,
            kind,
            quantity: kind === "set" ? i.after : i.after - (i.before ?? 0),
            cause: "feed",
            source: { feedId: feed.id, runId: run.id, row: i.line },
            idempotencyKey: `feedrun:${run.id}:${i.sku}`,
          },
          { tx, queue: deps.queue },
        );
      }
      await tx.feedRunItem.updateMany({ where: { runId: run.id, seq: { in: items.map((i) => i.seq) } }, data: { state: "written" } });
      await tx.feedRun.update({ where: { id: run.id }, data: { written: { increment: items.length } } });
    });
    deps.queue.notify?.();
  }
}

/** Runs batches with a small fixed concurrency (the client's bucket paces them). */
async function inParallel(batches: number[], limit: number, fn: (b: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  await Promise.all(
    Array.from({ length: Math.min(limit, batches.length) }, async () => {
      while (next < batches.length && !failure) {
        const b = batches[next++];
        try {
          await fn(b);
        } catch (error) {
          failure ??= error;
        }
      }
    }),
  );
  if (failure) throw failure;
}

/** The apply job: resumes from the checkpoint (done batches, written items) after any crash. */
export async function applyRun(deps: FeedDeps, runId: string): Promise<FeedRun> {
  let run = await prisma.feedRun.findUniqueOrThrow({ where: { id: runId } });
  if (run.status !== "applying") return run;
  const feed = await prisma.feed.findUniqueOrThrow({ where: { id: run.feedId } });
  try {
    if (feed.target === "pool") await applyPoolRun(deps, run);
    else {
      const open = await prisma.feedRunBatch.findMany({ where: { runId, done: false }, orderBy: { batch: "asc" }, select: { batch: true } });
      await inParallel(
        open.map((b) => b.batch),
        CONCURRENCY,
        (b) => applyLocationBatch(deps, run, b),
      );
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await prisma.feed.update({ where: { id: feed.id }, data: { lastError: message } });
    return prisma.feedRun.update({ where: { id: runId }, data: { status: "failed", error: message } });
  }
  const now = new Date();
  run = await prisma.feedRun.update({ where: { id: runId }, data: { status: "applied", appliedAt: now } });
  if (run.trigger === "buffer") return run;
  // A fresh run: the checkpoint moves, and a stale-feed buffer (if any) is lifted.
  await prisma.feed.update({ where: { id: feed.id }, data: { lastAppliedAt: now, lastError: null, bufferRunId: null, ...(run.etag ? { etag: run.etag } : {}) } });
  await dropSupersededItems(run);
  if (feed.bufferRunId) {
    const stale = await prisma.syncException.findFirst({ where: { class: "stale_feed", status: "open", sourceEventId: feed.id } });
    if (stale) {
      await appendTrail(stale.id, { at: now.toISOString(), by: "feeds", action: "buffer_lifted", note: `Fresh run ${run.id} arrived; the buffer of ${feed.staleBuffer} is lifted.`, detail: { runId: run.id, bufferRunId: feed.bufferRunId } });
      await markResolved(stale.id, { resolution: "fresh_run", note: `Fresh run ${run.id} applied`, by: "feeds" });
    }
  }
  return run;
}

const FINISHED = ["applied", "failed", "rejected", "duplicate"];
/** Runs looked at behind a fresh one: each fresh run clears those before it, so only the latest few can hold items. */
const SUPERSEDED_LOOKBACK = 100;

/**
 * A fresh run is now what the stale-feed buffer reads, and the buffer is lifted: the per-row
 * items of the feed's earlier finished runs are read by nothing (their run rows and summaries
 * stay as the feed's history). Runs in progress, held or dry runs keep theirs.
 */
async function dropSupersededItems(run: FeedRun): Promise<void> {
  const earlier = await prisma.feedRun.findMany({
    where: { feedId: run.feedId, id: { not: run.id }, createdAt: { lte: run.createdAt }, status: { in: FINISHED } },
    orderBy: { createdAt: "desc" },
    take: SUPERSEDED_LOOKBACK,
    select: { id: true },
  });
  if (!earlier.length) return;
  const ids = earlier.map((r) => r.id);
  await prisma.$transaction([prisma.feedRunItem.deleteMany({ where: { runId: { in: ids } } }), prisma.feedRunBatch.deleteMany({ where: { runId: { in: ids } } })]);
}
