// Freshness rule (seed 003): a feed whose last applied run is older than its max age opens a
// stale_feed exception, and its SKUs get a safety buffer (their quantity lowered by the feed's
// staleBuffer) until a fresh run arrives; the buffer and its lifting show in the trail.
import type { Feed } from "@prisma/client";
import prisma from "../db.server";
import { appendTrail, openException } from "../sync/exceptions.server";
import { BATCH_SIZE, readLevels } from "./admin-ops.server";
import { FEED_APPLY_JOB, type FeedDeps } from "./deps";

export function isStale(feed: Pick<Feed, "lastAppliedAt" | "createdAt" | "maxAgeMinutes">, now = new Date()): boolean {
  const since = feed.lastAppliedAt ?? feed.createdAt;
  return now.getTime() - since.getTime() > feed.maxAgeMinutes * 60_000;
}

/** Opens the exception and starts the buffer run (once per stale period). */
export async function markStale(deps: FeedDeps, feed: Feed, now = new Date()): Promise<{ exceptionId: string; bufferRunId: string | null }> {
  const age = feed.lastAppliedAt ? `${Math.round((now.getTime() - feed.lastAppliedAt.getTime()) / 60_000)} min` : "never applied";
  const { exception } = await openException({
    class: "stale_feed",
    shop: feed.shop,
    groupId: feed.target === "pool" ? feed.groupId : null,
    subject: `feed|${feed.id}`,
    title: `Feed "${feed.name}" is stale (${age}; max age ${feed.maxAgeMinutes} min)`,
    detail: `Its SKUs carry a safety buffer of ${feed.staleBuffer} until a fresh run arrives.`,
    sourceEventId: feed.id,
    payloadSnapshot: { feedId: feed.id, lastAppliedAt: feed.lastAppliedAt, maxAgeMinutes: feed.maxAgeMinutes },
    now,
  });
  if (feed.bufferRunId || feed.staleBuffer <= 0) return { exceptionId: exception.id, bufferRunId: feed.bufferRunId };
  const last = await prisma.feedRun.findFirst({ where: { feedId: feed.id, status: "applied", trigger: { not: "buffer" } }, orderBy: { appliedAt: "desc" } });
  if (!last) return { exceptionId: exception.id, bufferRunId: null };
  const skus = await prisma.feedRunItem.findMany({ where: { runId: last.id }, orderBy: { seq: "asc" }, select: { sku: true, inventoryItemId: true, locationId: true, line: true } });
  const current = new Map<string, number>();
  if (feed.target === "pool") {
    const items = await prisma.syncItem.findMany({ where: { groupId: feed.groupId!, sku: { in: skus.map((s) => s.sku) } }, select: { sku: true, pool: true } });
    for (const i of items) current.set(i.sku, i.pool);
  } else {
    const byLocation = new Map<string, string[]>();
    for (const s of skus) byLocation.set(s.locationId!, [...(byLocation.get(s.locationId!) ?? []), s.inventoryItemId!]);
    for (const [loc, ids] of byLocation) for (const [id, q] of await readLevels(deps.admin(feed.shop), loc, ids)) if (q !== null) current.set(`${id}@${loc}`, q);
  }
  const run = await prisma.feedRun.create({ data: { feedId: feed.id, shop: feed.shop, trigger: "buffer", status: "applying", contentHash: `buffer:${last.id}` } });
  let n = 0;
  const items = skus.flatMap((s) => {
    const before = current.get(feed.target === "pool" ? s.sku : `${s.inventoryItemId}@${s.locationId}`);
    if (before === undefined) return [];
    const after = Math.max(0, before - feed.staleBuffer);
    if (after === before) return [];
    const seq = n++;
    return [{ runId: run.id, seq, batch: Math.floor(seq / BATCH_SIZE), sku: s.sku, inventoryItemId: s.inventoryItemId, locationId: s.locationId, before, after, line: s.line }];
  });
  for (let i = 0; i < items.length; i += 1000) await prisma.feedRunItem.createMany({ data: items.slice(i, i + 1000) });
  await prisma.feedRunBatch.createMany({ data: Array.from({ length: Math.ceil(n / BATCH_SIZE) }, (_, b) => ({ runId: run.id, batch: b })) });
  await prisma.feedRun.update({ where: { id: run.id }, data: { total: n, rowCount: n } });
  await prisma.feed.update({ where: { id: feed.id }, data: { bufferRunId: run.id } });
  await appendTrail(exception.id, {
    at: now.toISOString(),
    by: "feeds",
    action: "buffer_applied",
    note: `Safety buffer of ${feed.staleBuffer} applied to ${n} SKUs (run ${run.id}).`,
    detail: { runId: run.id, buffer: feed.staleBuffer, skus: items.slice(0, 50).map((i) => ({ sku: i.sku, before: i.before, after: i.after })) },
  });
  await deps.queue.enqueue({ name: FEED_APPLY_JOB, payload: { runId: run.id }, shop: feed.shop, orderingKey: `feed:${feed.id}`, dedupeKey: `feed-apply:${run.id}` });
  return { exceptionId: exception.id, bufferRunId: run.id };
}

/** The periodic check: every active feed past its max age that has no buffer yet. */
export async function checkStaleFeeds(deps: FeedDeps, now = new Date()): Promise<number> {
  const feeds = await prisma.feed.findMany({ where: { status: "active", bufferRunId: null } });
  let n = 0;
  for (const feed of feeds) {
    if (!isStale(feed, now)) continue;
    const open = await prisma.syncException.findFirst({ where: { class: "stale_feed", status: "open", sourceEventId: feed.id } });
    if (open) continue;
    await markStale(deps, feed, now);
    n++;
  }
  return n;
}
