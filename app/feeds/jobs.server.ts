// The feed jobs: a tick (every minute) that polls due URL feeds and checks freshness, the poll
// of one feed, and the apply job of a run (resumable).
import prisma from "../db.server";
import { registerJob } from "../queue/registry.server";
import { applyRun } from "./apply.server";
import { FEED_APPLY_JOB, FEED_POLL_JOB, FEED_TICK_JOB, FEED_TICK_SCHEDULE, type FeedDeps } from "./deps";
import { pollFeed } from "./sources.server";
import { checkStaleFeeds } from "./stale.server";

export const FEED_TICK_INTERVAL_MS = 60_000;

export async function pollDueFeeds(deps: FeedDeps, now = new Date()): Promise<number> {
  const feeds = await prisma.feed.findMany({ where: { status: "active", source: "url" }, select: { id: true, shop: true, pollMinutes: true, lastFetchedAt: true } });
  let n = 0;
  for (const f of feeds) {
    if (f.lastFetchedAt && now.getTime() - f.lastFetchedAt.getTime() < f.pollMinutes * 60_000) continue;
    const slot = Math.floor(now.getTime() / (f.pollMinutes * 60_000));
    await deps.queue.enqueue({ name: FEED_POLL_JOB, payload: { feedId: f.id }, shop: f.shop, orderingKey: `feed:${f.id}`, dedupeKey: `feed-poll:${f.id}:${slot}` });
    n++;
  }
  return n;
}

export function registerFeedJobs(deps: FeedDeps): void {
  registerJob<{ runId: string }>(FEED_APPLY_JOB, async ({ runId }) => {
    await applyRun(deps, runId);
  });
  registerJob<{ feedId: string }>(FEED_POLL_JOB, async ({ feedId }) => {
    const feed = await prisma.feed.findUnique({ where: { id: feedId } });
    if (feed && feed.status === "active") await pollFeed(deps, feed);
  });
  registerJob(FEED_TICK_JOB, async () => {
    await pollDueFeeds(deps);
    await checkStaleFeeds(deps);
  });
}

export function scheduleFeedTick(deps: FeedDeps): Promise<void> {
  return deps.queue.schedule(FEED_TICK_SCHEDULE, FEED_TICK_JOB, FEED_TICK_INTERVAL_MS);
}
