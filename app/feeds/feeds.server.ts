// Feed records: create / update from the validated settings, the list and detail reads of the page.
import { randomBytes } from "node:crypto";
import prisma from "../db.server";
import { FeedSettings } from "./config";

export function newPushSecret(): string {
  return `fps_${randomBytes(24).toString("hex")}`;
}

export async function createFeed(shop: string, input: unknown) {
  const s = FeedSettings.parse(input);
  return prisma.feed.create({
    data: {
      shop,
      name: s.name,
      format: s.format,
      source: s.source,
      url: s.source === "url" ? s.url! : null,
      pollMinutes: s.pollMinutes,
      pushSecret: newPushSecret(),
      mapping: JSON.stringify(s.mapping),
      mode: s.mode,
      target: s.target,
      groupId: s.target === "pool" ? s.groupId! : null,
      locationId: s.target === "location" ? s.locationId! : null,
      zeroPct: s.zeroPct,
      changePct: s.changePct,
      maxAgeMinutes: s.maxAgeMinutes,
      staleBuffer: s.staleBuffer,
    },
  });
}

export async function updateThresholds(shop: string, feedId: string, input: { zeroPct: number; changePct: number; maxAgeMinutes: number; staleBuffer: number }) {
  const { count } = await prisma.feed.updateMany({ where: { id: feedId, shop }, data: input });
  return count;
}

export async function setFeedStatus(shop: string, feedId: string, status: "active" | "paused") {
  return prisma.feed.updateMany({ where: { id: feedId, shop }, data: { status } });
}

export async function deleteFeed(shop: string, feedId: string) {
  const feed = await prisma.feed.findFirst({ where: { id: feedId, shop } });
  if (!feed) return 0;
  const runs = await prisma.feedRun.findMany({ where: { feedId }, select: { id: true } });
  const ids = runs.map((r) => r.id);
  await prisma.$transaction([
    prisma.feedRunItem.deleteMany({ where: { runId: { in: ids } } }),
    prisma.feedRunBatch.deleteMany({ where: { runId: { in: ids } } }),
    prisma.feedRun.deleteMany({ where: { feedId } }),
    prisma.feed.delete({ where: { id: feedId } }),
  ]);
  return 1;
}

/** Everything of a shop's feeds (shop/redact). */
export async function eraseShopFeeds(shop: string): Promise<number> {
  const feeds = await prisma.feed.findMany({ where: { shop }, select: { id: true } });
  let n = 0;
  for (const f of feeds) n += await deleteFeed(shop, f.id);
  return n;
}
