// Polled feeds against a real local HTTP server: ETag then 304, 500, timeout, slow drip, a
// truncated body, malformed CSV, semicolons, BOM, a 50 MB file and a redirect to a private
// address (refused). Loopback is reached only through an explicit allowOrigins for this server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { applyRun } from "../../app/feeds/apply.server";
import { FEED_APPLY_JOB } from "../../app/feeds/deps";
import { createFeed } from "../../app/feeds/feeds.server";
import { pollFeed } from "../../app/feeds/sources.server";
import type { RunSummary } from "../../app/feeds/config";
import { feedWorld, localServer, resetFeedTables, type FeedWorld } from "./helpers";

const SKUS = Array.from({ length: 10 }, (_, i) => ({ sku: `SKU-${i}`, stock: 5 }));
const csv = (rows: [string, number | string][], d = ",") => `sku${d}qty\n${rows.map(([s, q]) => `${s}${d}${q}`).join("\n")}\n`;

let srv: Awaited<ReturnType<typeof localServer>>;
let etagHits = 0;

beforeAll(async () => {
  srv = await localServer((req, res) => {
    const path = req.url ?? "/";
    if (path === "/etag.csv") {
      etagHits++;
      if (req.headers["if-none-match"] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
      return void res.writeHead(200, { "content-type": "text/csv", etag: '"v1"' }).end(csv([["SKU-0", 7], ["SKU-1", 8]]));
    }
    if (path === "/500.csv") return void res.writeHead(500).end("oops");
    if (path === "/timeout.csv") return; // never answers
    if (path === "/drip.csv") {
      res.writeHead(200, { "content-type": "text/csv" });
      res.write("sku,qty\n");
      const t = setInterval(() => res.write(`SKU-0,1\n`), 200);
      res.on("close", () => clearInterval(t));
      return;
    }
    if (path === "/truncated.csv") {
      const body = csv([["SKU-0", 3], ["SKU-1", 3], ["SKU-2", 3]]);
      res.writeHead(200, { "content-type": "text/csv", "content-length": String(body.length + 500) });
      res.write(body);
      return void setTimeout(() => res.socket?.destroy(), 50);
    }
    if (path === "/malformed.csv") return void res.writeHead(200).end(`sku,qty\nSKU-0,4\n,5\nSKU-1,lots\nSKU-2,2.5\nSKU-3,"6\nSKU-4,9\n`);
    if (path === "/semicolon.csv") return void res.writeHead(200).end(csv([["SKU-0", 11], ["SKU-1", 12]], ";"));
    if (path === "/bom.csv") return void res.writeHead(200).end(`\uFEFF"sku","qty"\n"SKU-0","21"\n"SKU-1","22"\n`);
    if (path === "/big.csv") {
      res.writeHead(200, { "content-type": "text/csv" });
      const pad = "x".repeat(220);
      let sent = 0;
      let i = 0;
      res.write("sku,qty,description\n");
      const pump = () => {
        while (sent < 50 * 1024 * 1024) {
          const line = `${i < 10 ? `SKU-${i}` : `UNKNOWN-${i}`},${i < 10 ? 30 + i : 1},"${pad}, quoted"\n`;
          i++;
          sent += line.length;
          if (!res.write(line)) return void res.once("drain", pump);
        }
        res.end();
      };
      return pump();
    }
    if (path === "/redirect-private.csv") return void res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/feed.csv" }).end();
    if (path === "/redirect-internal.csv") return void res.writeHead(302, { location: "http://10.1.2.3/feed.csv" }).end();
    res.writeHead(404).end();
  });
});
afterAll(async () => {
  await srv.close();
  await prisma.$disconnect();
});

let w: FeedWorld;
beforeEach(async () => {
  await resetFeedTables();
  w = await feedWorld({ skus: SKUS, outbound: { allowOrigins: [srv.origin], timeoutMs: 1_500 } });
});

async function urlFeed(path: string, extra: Record<string, unknown> = {}) {
  return createFeed(w.shop, { name: path, source: "url", url: `${srv.origin}${path}`, target: "location", locationId: w.locationGid, mapping: { sku: "sku", quantity: "qty" }, changePct: 100, zeroPct: 100, ...extra });
}

async function pollAndApply(feedId: string) {
  const feed = await prisma.feed.findUniqueOrThrow({ where: { id: feedId } });
  const result = await pollFeed(w.deps, feed);
  for (const job of w.queue.take(FEED_APPLY_JOB)) await applyRun(w.deps, (job.payload as { runId: string }).runId);
  return result;
}

const summaryOf = async (runId: string) => JSON.parse((await prisma.feedRun.findUniqueOrThrow({ where: { id: runId } })).summary) as RunSummary;

describe("polled feeds over HTTP", () => {
  it("200 with an ETag applies; the next poll sends If-None-Match, gets 304 and changes nothing", async () => {
    const feed = await urlFeed("/etag.csv");
    const first = await pollAndApply(feed.id);
    expect(first.kind).toBe("run");
    expect(w.qty("SKU-0")).toBe(7);
    expect(w.qty("SKU-1")).toBe(8);
    const after = await prisma.feed.findUniqueOrThrow({ where: { id: feed.id } });
    expect(after.etag).toBe('"v1"');
    expect(after.lastAppliedAt).not.toBeNull();
    const run = await prisma.feedRun.findFirstOrThrow({ where: { feedId: feed.id } });
    expect(run).toMatchObject({ status: "applied", etag: '"v1"', rowCount: 2 });
    expect(run.contentHash).toMatch(/^[0-9a-f]{64}$/);
    w.setAt("SKU-0", 1);
    const second = await pollAndApply(feed.id);
    expect(second.kind).toBe("not_modified");
    expect(etagHits).toBeGreaterThanOrEqual(2);
    expect(w.qty("SKU-0")).toBe(1);
    expect(await prisma.feedRun.count({ where: { feedId: feed.id } })).toBe(1);
  });

  it("500 records the error and writes nothing", async () => {
    const feed = await urlFeed("/500.csv");
    const r = await pollAndApply(feed.id);
    expect(r).toMatchObject({ kind: "error", error: expect.stringContaining("HTTP 500") });
    expect((await prisma.feed.findUniqueOrThrow({ where: { id: feed.id } })).lastError).toContain("500");
    expect(w.applied.size).toBe(0);
  });

  it("a server that never answers times out", async () => {
    const feed = await urlFeed("/timeout.csv");
    const started = Date.now();
    const r = await pollAndApply(feed.id);
    expect(r.kind).toBe("error");
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(w.applied.size).toBe(0);
  });

  it("a slow drip is cut off at the deadline and nothing is applied", async () => {
    const feed = await urlFeed("/drip.csv");
    const r = await pollAndApply(feed.id);
    expect(r.kind).toBe("run");
    if (r.kind !== "run") return;
    expect(r.run.status).toBe("failed");
    expect(w.applied.size).toBe(0);
    expect(await prisma.feedRunItem.count({ where: { runId: r.run.id } })).toBe(0);
  });

  it("a truncated body fails the run and nothing is applied", async () => {
    const feed = await urlFeed("/truncated.csv");
    const r = await pollAndApply(feed.id);
    expect(r.kind === "run" ? r.run.status : r.kind).toMatch(/failed|error/);
    expect(w.applied.size).toBe(0);
    expect(w.qty("SKU-0")).toBe(5);
  });

  it("malformed CSV: usable rows plan, bad rows are listed with their line and reason", async () => {
    const feed = await urlFeed("/malformed.csv");
    const r = await pollAndApply(feed.id);
    if (r.kind !== "run") throw new Error(`expected a run, got ${JSON.stringify(r)}`);
    const s = await summaryOf(r.run.id);
    const lines = s.errors.map((e) => e.line);
    expect(lines).toContain(3); // empty SKU
    expect(lines).toContain(4); // "lots"
    expect(lines).toContain(5); // 2.5
    expect(s.errors.find((e) => e.line === 4)!.reason).toMatch(/not a whole number/);
    expect(w.qty("SKU-0")).toBe(4);
    expect(w.qty("SKU-1")).toBe(5);
  });

  it("semicolon-delimited CSV", async () => {
    const feed = await urlFeed("/semicolon.csv");
    await pollAndApply(feed.id);
    expect([w.qty("SKU-0"), w.qty("SKU-1")]).toEqual([11, 12]);
  });

  it("a BOM and quoted header", async () => {
    const feed = await urlFeed("/bom.csv");
    await pollAndApply(feed.id);
    expect([w.qty("SKU-0"), w.qty("SKU-1")]).toEqual([21, 22]);
  });

  it("a 50 MB file streams through (known SKUs applied, unknown counted)", async () => {
    w.deps.outbound = () => ({ allowOrigins: [srv.origin], timeoutMs: 120_000 });
    const feed = await urlFeed("/big.csv");
    const r = await pollAndApply(feed.id);
    if (r.kind !== "run") throw new Error(JSON.stringify(r));
    const run = await prisma.feedRun.findUniqueOrThrow({ where: { id: r.run.id } });
    expect(run.status).toBe("applied");
    expect(run.rowCount).toBeGreaterThan(200_000);
    const s = await summaryOf(run.id);
    expect(s.unknownCount).toBe(run.rowCount - 10);
    expect(w.qty("SKU-9")).toBe(39);
  }, 180_000);

  it.each(["/redirect-private.csv", "/redirect-internal.csv"])("a redirect to a private address is refused (%s)", async (path) => {
    const feed = await urlFeed(path);
    const r = await pollAndApply(feed.id);
    expect(r).toMatchObject({ kind: "error", error: expect.stringContaining("OutboundRefused") });
    expect(w.applied.size).toBe(0);
  });
});
