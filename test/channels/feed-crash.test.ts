// kill -9 in the middle of a feed run, then resume: every row is applied exactly once. The
// stand-in answers each write 1 s after applying it, so the kill lands while batches are
// applied at Shopify but not yet recorded as done (the case write-ahead keys exist for).
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, afterEach, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { applyRun } from "../../app/feeds/apply.server";
import { createFeed } from "../../app/feeds/feeds.server";
import { startRun } from "../../app/feeds/plan.server";
import { once } from "../../app/feeds/sources.server";
import { feedWorld, localServer, resetFeedTables } from "./helpers";

const children: ChildProcess[] = [];
afterEach(() => children.forEach((c) => c.kill("SIGKILL")));
afterAll(() => prisma.$disconnect());

it("a run killed with -9 mid-way resumes with 0 double-applied rows", async () => {
  await resetFeedTables();
  const N = 2_000;
  const skus = Array.from({ length: N }, (_, i) => ({ sku: `K-${i}`, stock: 1 }));
  const w = await feedWorld({ skus, handle: "crash-feed", ledger: true });
  const srv = await localServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const r = await w.api.execute({ shop: w.shop, token: String(req.headers["x-shopify-access-token"] ?? ""), body: JSON.parse(Buffer.concat(chunks).toString()) });
    await new Promise((t) => setTimeout(t, 1_000));
    res.writeHead(r.status, { "content-type": "application/json", ...r.headers }).end(JSON.stringify(r.json));
  });
  try {
    const feed = await createFeed(w.shop, { name: "Big", source: "push", target: "location", locationId: w.locationGid, mapping: { sku: "sku", quantity: "qty" }, changePct: 100 });
    const text = `sku,qty\n${skus.map((s, i) => `${s.sku},${100 + i}`).join("\n")}\n`;
    const run = await startRun(w.deps, { feed, trigger: "push", body: once(text) });
    expect(run, run.error ?? "").toMatchObject({ status: "applying", total: N });

    const child = spawn(process.execPath, ["--import", "tsx", "test/channels/apply-child.ts", run.id, `${srv.origin}/graphql.json`, w.token, w.shop], { env: process.env, stdio: ["ignore", "pipe", "inherit"] });
    children.push(child);
    const exited = new Promise((r) => child.once("exit", r));
    const deadline = Date.now() + 60_000;
    // Kill once two batches are recorded and the next is applied at Shopify but not answered yet
    // (the stand-in holds each answer 1 s, room for a slow poll): the run dies with rows it has not recorded.
    const done = () => prisma.feedRunBatch.count({ where: { runId: run.id, done: true } });
    const inFlight = async () => [...w.applied.values()].filter((n) => n > 0).length > (await prisma.feedRunItem.count({ where: { runId: run.id, state: "written" } }));
    while (Date.now() < deadline && !((await done()) >= 2 && (await inFlight()))) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGKILL");
    await exited;

    const doneBefore = await prisma.feedRunBatch.count({ where: { runId: run.id, done: true } });
    const writtenBefore = await prisma.feedRunItem.count({ where: { runId: run.id, state: "written" } });
    const appliedAtShopify = [...w.applied.values()].filter((n) => n > 0).length;
    expect(doneBefore).toBeGreaterThanOrEqual(2);
    expect(doneBefore).toBeLessThan(8); // really cut off mid-run
    // Not vacuous: Shopify had applied rows the run had not recorded when it died.
    expect(appliedAtShopify).toBeGreaterThan(writtenBefore);

    const resumed = await applyRun(w.deps, run.id);
    expect(resumed.status).toBe("applied");
    expect(resumed.written).toBe(N);
    const doubles = skus.filter((s) => (w.applied.get(w.items.get(s.sku)!) ?? 0) !== 1);
    expect(doubles).toEqual([]);
    expect(skus.every((s, i) => w.qty(s.sku) === 100 + i)).toBe(true);
  } finally {
    await srv.close();
  }
}, 120_000);
