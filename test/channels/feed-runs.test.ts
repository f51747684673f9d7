// Feed runs end to end against the stand-in: circuit breaker, approval, duplicates, stale feed
// and its buffer, compare-and-set conflicts, pool feeds through submitPoolInput.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { applyRun, approveRun, rejectRun } from "../../app/feeds/apply.server";
import type { RunSummary } from "../../app/feeds/config";
import { FEED_APPLY_JOB } from "../../app/feeds/deps";
import { createFeed } from "../../app/feeds/feeds.server";
import { startRun } from "../../app/feeds/plan.server";
import { once } from "../../app/feeds/sources.server";
import { checkStaleFeeds } from "../../app/feeds/stale.server";
import type { TrailEntry } from "../../app/sync/exceptions.server";
import { feedWorld, resetFeedTables, type FeedWorld } from "./helpers";

const SKUS = Array.from({ length: 10 }, (_, i) => ({ sku: `SKU-${i}`, stock: 10 }));
const body = (rows: [string, number][]) => `sku,qty\n${rows.map(([s, q]) => `${s},${q}`).join("\n")}\n`;

let w: FeedWorld;
beforeEach(async () => {
  await resetFeedTables();
  await prisma.syncPoolInput.deleteMany();
  w = await feedWorld({ skus: SKUS });
});
afterAll(() => prisma.$disconnect());

const locationFeed = (extra: Record<string, unknown> = {}) =>
  createFeed(w.shop, { name: "Supplier", source: "push", target: "location", locationId: w.locationGid, mapping: { sku: "sku", quantity: "qty" }, ...extra });

async function drain() {
  for (const job of w.queue.take(FEED_APPLY_JOB)) await applyRun(w.deps, (job.payload as { runId: string }).runId);
}

async function run(feedId: string, text: string, trigger: "push" | "upload" = "push") {
  const feed = await prisma.feed.findUniqueOrThrow({ where: { id: feedId } });
  const r = await startRun(w.deps, { feed, trigger, body: once(text) });
  await drain();
  return prisma.feedRun.findUniqueOrThrow({ where: { id: r.id } });
}

describe("circuit breaker", () => {
  it("holds a run that would zero 40 % of the SKUs: feed_suspect with the diff, nothing written until approval", async () => {
    const feed = await locationFeed();
    // 4 of 10 to zero (40 % > the 20 % default), the rest unchanged.
    const rows: [string, number][] = SKUS.map((s, i) => [s.sku, i < 4 ? 0 : 10]);
    const held = await run(feed.id, body(rows));
    expect(held.status).toBe("held");
    const summary = JSON.parse(held.summary) as RunSummary;
    expect(summary).toMatchObject({ known: 10, zeroed: 4, changed: 4 });
    expect(summary.held[0]).toMatch(/40\.0 %/);
    const exc = await prisma.syncException.findUniqueOrThrow({ where: { id: held.exceptionId! } });
    expect(exc).toMatchObject({ class: "feed_suspect", status: "open", shop: w.shop });
    expect(JSON.parse(exc.payloadSnapshot!).summary.decreases.map((d: { sku: string }) => d.sku).sort()).toEqual(["SKU-0", "SKU-1", "SKU-2", "SKU-3"]);
    expect(w.queue.jobs).toHaveLength(0);
    expect(w.applied.size).toBe(0);
    expect(SKUS.map((s) => w.qty(s.sku))).toEqual(Array(10).fill(10));

    await approveRun(w.deps, held.id, "ops@example.com");
    await drain();
    expect((await prisma.feedRun.findUniqueOrThrow({ where: { id: held.id } })).status).toBe("applied");
    expect(SKUS.map((s) => w.qty(s.sku))).toEqual([0, 0, 0, 0, 10, 10, 10, 10, 10, 10]);
    expect((await prisma.syncException.findUniqueOrThrow({ where: { id: exc.id } })).status).toBe("resolved");
  });

  it("a rejected run writes nothing; thresholds are the feed's own", async () => {
    const feed = await locationFeed({ zeroPct: 50, changePct: 100 });
    const ok = await run(feed.id, body(SKUS.map((s, i) => [s.sku, i < 4 ? 0 : 10])));
    expect(ok.status).toBe("applied"); // 40 % ≤ 50 %
    const feed2 = await locationFeed({ changePct: 30 });
    const held = await run(feed2.id, body(SKUS.map((s) => [s.sku, 3])));
    expect(held.status).toBe("held");
    const before = new Map(w.applied);
    await rejectRun(held.id, "ops@example.com");
    await drain();
    expect(w.applied).toEqual(before);
    expect(w.qty("SKU-9")).toBe(10);
  });
});

describe("dry run", () => {
  it("an upload waits for review and reports increases, decreases, unknown SKUs and errors", async () => {
    const feed = await locationFeed({ changePct: 100, zeroPct: 100 });
    const r = await run(feed.id, `sku,qty\nSKU-0,50\nSKU-1,2\nNOPE,4\nSKU-2,x\nSKU-0,1\n`, "upload");
    expect(r.status).toBe("dry_run");
    const s = JSON.parse(r.summary) as RunSummary;
    expect(s.increases[0]).toEqual({ sku: "SKU-0", before: 10, after: 50 });
    expect(s.decreases[0]).toEqual({ sku: "SKU-1", before: 10, after: 2 });
    expect(s.unknown).toEqual([{ sku: "NOPE", line: 4 }]);
    expect(s.errors.map((e) => e.line).sort()).toEqual([5, 6]);
    expect(w.applied.size).toBe(0);
  });
});

describe("checkpoints", () => {
  it("a re-delivered identical file is a duplicate and changes nothing", async () => {
    const feed = await locationFeed({ changePct: 100 });
    const text = body([["SKU-0", 3], ["SKU-1", 4]]);
    const first = await run(feed.id, text);
    expect(first.status).toBe("applied");
    w.setAt("SKU-0", 9); // a sale or a manual edit since
    const again = await run(feed.id, text);
    expect(again.status).toBe("duplicate");
    expect(again.contentHash).toBe(first.contentHash);
    expect(w.qty("SKU-0")).toBe(9);
    expect(w.applied.get(w.items.get("SKU-0")!)).toBe(1);
  });

  it("a stale compare-and-set re-reads only the stale items and keeps the feed's value", async () => {
    const feed = await locationFeed({ changePct: 100 });
    const f = await prisma.feed.findUniqueOrThrow({ where: { id: feed.id } });
    const planned = await startRun(w.deps, { feed: f, trigger: "push", body: once(body(SKUS.map((s) => [s.sku, 20]))) });
    w.setAt("SKU-3", 1); // concurrent change after the dry run
    const reads: string[] = [];
    const client = w.deps.admin(w.shop);
    w.deps.admin = () => ({ request: (doc: string, vars?: Record<string, unknown>, o?: { cost?: number }) => (reads.push(doc.includes("FeedReadLevels") ? `read:${(vars!.ids as string[]).length}` : "write"), client.request(doc, vars, o)) }) as never;
    await drain();
    expect((await prisma.feedRun.findUniqueOrThrow({ where: { id: planned.id } })).status).toBe("applied");
    expect(SKUS.map((s) => w.qty(s.sku))).toEqual(Array(10).fill(20));
    expect(reads).toEqual(["write", "read:1", "write"]);
  });
});

describe("freshness", () => {
  it("a stale feed opens stale_feed, applies its buffer (in the trail), and a fresh run lifts it", async () => {
    const feed = await locationFeed({ changePct: 100, maxAgeMinutes: 60, staleBuffer: 3 });
    await run(feed.id, body(SKUS.map((s) => [s.sku, 12])));
    expect(w.qty("SKU-0")).toBe(12);
    await prisma.feed.update({ where: { id: feed.id }, data: { lastAppliedAt: new Date(Date.now() - 2 * 3_600_000) } });
    expect(await checkStaleFeeds(w.deps)).toBe(1);
    await drain();
    const exc = await prisma.syncException.findFirstOrThrow({ where: { class: "stale_feed", sourceEventId: feed.id } });
    expect(exc.status).toBe("open");
    expect(SKUS.map((s) => w.qty(s.sku))).toEqual(Array(10).fill(9));
    const trail = JSON.parse(exc.trail) as TrailEntry[];
    expect(trail.find((t) => t.action === "buffer_applied")?.note).toMatch(/buffer of 3 applied to 10 SKUs/);
    // the next check does not stack a second buffer
    expect(await checkStaleFeeds(w.deps)).toBe(0);
    expect(w.qty("SKU-0")).toBe(9);

    await run(feed.id, body(SKUS.map((s) => [s.sku, 15])));
    expect(SKUS.map((s) => w.qty(s.sku))).toEqual(Array(10).fill(15));
    const done = await prisma.syncException.findUniqueOrThrow({ where: { id: exc.id } });
    expect(done.status).toBe("resolved");
    expect((JSON.parse(done.trail) as TrailEntry[]).some((t) => t.action === "buffer_lifted")).toBe(true);
    expect((await prisma.feed.findUniqueOrThrow({ where: { id: feed.id } })).bufferRunId).toBeNull();
  });

  it("a fresh run drops the row items of the finished runs before it; a dry run keeps its own, and the stale buffer still finds the latest run's SKUs", async () => {
    const feed = await locationFeed({ changePct: 100, maxAgeMinutes: 60, staleBuffer: 2 });
    const items = async (runId: string) => prisma.feedRunItem.count({ where: { runId } });
    const first = await run(feed.id, body(SKUS.map((s) => [s.sku, 11])));
    const dry = await run(feed.id, body(SKUS.map((s) => [s.sku, 13])), "upload");
    expect(dry.status).toBe("dry_run");
    const second = await run(feed.id, body(SKUS.map((s) => [s.sku, 12])));
    expect([first.status, second.status]).toEqual(["applied", "applied"]);
    expect([await items(first.id), await items(dry.id), await items(second.id)]).toEqual([0, 10, 10]);
    expect(await prisma.feedRunBatch.count({ where: { runId: first.id } })).toBe(0);

    await prisma.feed.update({ where: { id: feed.id }, data: { lastAppliedAt: new Date(Date.now() - 2 * 3_600_000) } });
    expect(await checkStaleFeeds(w.deps)).toBe(1);
    await drain();
    expect(SKUS.map((s) => w.qty(s.sku))).toEqual(Array(10).fill(10));
    const bufferRunId = (await prisma.feed.findUniqueOrThrow({ where: { id: feed.id } })).bufferRunId!;
    expect(await items(bufferRunId)).toBe(10);

    const third = await run(feed.id, body(SKUS.map((s) => [s.sku, 14])));
    expect(SKUS.map((s) => w.qty(s.sku))).toEqual(Array(10).fill(14));
    expect([await items(second.id), await items(bufferRunId), await items(dry.id), await items(third.id)]).toEqual([0, 0, 10, 10]);
    // The runs themselves stay as the feed's history.
    expect(await prisma.feedRun.count({ where: { feedId: feed.id } })).toBe(5);
  });
});

describe("pool feeds", () => {
  it("enter the group's pool through submitPoolInput (cause feed), once per run and SKU", async () => {
    const group = await prisma.syncGroup.create({ data: { name: "G", ownerShop: w.shop, status: "active" } });
    await prisma.syncItem.createMany({ data: [{ groupId: group.id, sku: "SKU-0", pool: 4 }, { groupId: group.id, sku: "SKU-1", pool: 4 }] });
    const feed = await createFeed(w.shop, { name: "Pool", source: "push", target: "pool", groupId: group.id, mode: "delta", changePct: 100, mapping: { sku: "sku", quantity: "qty" } });
    const r = await run(feed.id, body([["SKU-0", 5], ["SKU-1", -2], ["ZZZ", 1]]));
    expect(r.status).toBe("applied");
    const inputs = await prisma.syncPoolInput.findMany({ orderBy: { sku: "asc" } });
    expect(inputs.map((i) => [i.sku, i.kind, i.quantity, i.cause])).toEqual([
      ["SKU-0", "delta", 5, "feed"],
      ["SKU-1", "delta", -2, "feed"],
    ]);
    // applying the same run again (a resumed job) adds nothing
    await prisma.feedRun.update({ where: { id: r.id }, data: { status: "applying" } });
    await prisma.feedRunItem.updateMany({ where: { runId: r.id }, data: { state: "planned" } });
    await applyRun(w.deps, r.id);
    expect(await prisma.syncPoolInput.count()).toBe(2);
  });
});
