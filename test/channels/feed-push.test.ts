// POST /api/feeds/{id}: HMAC of the body with the feed's secret, rate limited per feed.
import { afterAll, beforeEach, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { createFeed } from "../../app/feeds/feeds.server";
import { handleFeedPush } from "../../app/feeds/push.server";
import { signPush } from "../../app/feeds/sources.server";
import { LIMIT_RULES } from "../../app/security/limiters.server";
import { feedWorld, resetFeedTables, type FeedWorld } from "./helpers";

let w: FeedWorld;
beforeEach(async () => {
  await resetFeedTables();
  w = await feedWorld({ skus: [{ sku: "P-1", stock: 2 }] });
});
afterAll(() => prisma.$disconnect());

const push = (id: string, body: string, signature?: string) =>
  handleFeedPush(w.deps, id, new Request(`http://app.test/api/feeds/${id}`, { method: "POST", body, headers: signature ? { "X-Stockroom-Hmac-Sha256": signature } : {} }));

it("accepts a correctly signed body, refuses a wrong or missing signature, and rate limits", async () => {
  const feed = await createFeed(w.shop, { name: "WMS", source: "push", target: "location", locationId: w.locationGid, mapping: { sku: "sku", quantity: "qty" }, changePct: 100 });
  const body = "sku,qty\nP-1,9\n";
  expect((await push(feed.id, body)).status).toBe(401);
  expect((await push(feed.id, body, signPush("wrong", body))).status).toBe(401);
  expect((await push(feed.id, body + " ", signPush(feed.pushSecret, body))).status).toBe(401);
  expect((await push("nope", body, signPush(feed.pushSecret, body))).status).toBe(401);
  const ok = await push(feed.id, body, signPush(feed.pushSecret, body));
  expect(ok.status).toBe(202);
  expect(await ok.json()).toMatchObject({ status: "applying", rows: 1 });
  const statuses: number[] = [];
  for (let i = 0; i < LIMIT_RULES.feedPush.points + 2; i++) statuses.push((await push(feed.id, "x", "y")).status);
  expect(statuses).toContain(429);
});
