// Feed benchmark (issue 12, DESIGN §8: ≥ 1,000,000 variant writes/hour per store under the
// standard throttle, 0 THROTTLED; peak RSS ≤ 300 MB streaming a 100 MB CSV; outbound p99 ≤ 1 s
// at 200 events/s).
//
//   npm run bench:feed   [-- --skus 100000 --naive 300 --mb 100 --events 2000]
//
// One store of the stand-in (dev/store + dev/admin in process, real sleeps) with the standard
// plan throttle (bucket 2,000, restore 100 points/s) and 50–150 ms latency per request. A
// 100,000-SKU feed is planned (dry run) and applied by the app's own code (startRun, applyRun:
// 250 quantities per inventorySetQuantities with @idempotent and changeFromQuantity, paced from
// throttleStatus by the AdminClient); the naive way (one mutation per variant, sequential) is
// measured on a sample and extrapolated. Peak RSS is measured first, while the app's streaming
// parser reads a 100 MB CSV from disk (before the stand-in's catalog exists in this process).
// Outbound: events emitted at 200/s, delivered by the app's queue + worker to a local receiver.
import { createWriteStream, createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once as onceEvent } from "node:events";
import { pct, prepareEnv, sleep, writeResult } from "./_sync-env";

prepareEnv();
const args = process.argv.slice(2);
const arg = (n: string, d: number) => (args.includes(`--${n}`) ? Number(args[args.indexOf(`--${n}`) + 1]) : d);
const SKUS = arg("skus", 100_000);
const NAIVE = arg("naive", 300);
const MB = arg("mb", 100);
const EVENTS = arg("events", 2_000);
const RATE = 200;

const { parseFeed } = await import("../app/feeds/parse.server");
const { default: prisma } = await import("../app/db.server");

// ── 1. peak RSS while streaming a 100 MB CSV through the app's parser
const dir = mkdtempSync(join(tmpdir(), "stockroom-feed-bench-"));
const big = join(dir, "big.csv");
{
  const out = createWriteStream(big);
  out.write("sku;quantity;title;description\n");
  const pad = "lorem ipsum dolor sit amet ".repeat(6);
  let written = 0;
  for (let i = 0; written < MB * 1024 * 1024; i++) {
    const line = `BIG-${i};${i % 97};"Product ${i}; ""quoted"" title";"${pad}"\n`;
    written += line.length;
    if (!out.write(line)) await onceEvent(out, "drain");
  }
  out.end();
  await onceEvent(out, "finish");
}
global.gc?.();
const rssBefore = process.memoryUsage().rss;
let peakRss = rssBefore;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
const parseStart = Date.now();
let bigRows = 0;
const parsed = parseFeed(createReadStream(big, { highWaterMark: 256 * 1024 }), { format: "csv", mapping: { sku: "sku", quantity: "quantity" } });
for await (const r of parsed.rows) if (r.ok) bigRows++;
const parseMs = Date.now() - parseStart;
clearInterval(sampler);
const bigBytes = statSync(big).size;
rmSync(dir, { recursive: true, force: true });
console.log(`parsed ${(bigBytes / 1048576).toFixed(0)} MB (${bigRows} rows) in ${parseMs} ms, peak RSS ${(peakRss / 1048576).toFixed(0)} MB`);

// ── 2. the store, its catalog and ledger in the app
const { Store, gid } = await import("../dev/store/index.ts");
const { createAdminApi } = await import("../dev/admin/index.ts");
const { AdminClient } = await import("../app/admin/client.server");
const { createFeed } = await import("../app/feeds/feeds.server");
const { startRun } = await import("../app/feeds/plan.server");
const { applyRun } = await import("../app/feeds/apply.server");
const { once } = await import("../app/feeds/sources.server");

const SHOP = "feed-bench.myshopify.com";
const store = new Store({ seed: 7 });
store.createShop({ domain: SHOP });
store.setThrottle(SHOP, { maximumAvailable: 2_000, restoreRate: 100 });
const loc = store.listLocations(SHOP)[0];
store.registerAccessToken({ token: "shpat_bench", shop: SHOP, apiKey: "test-api-key", scopes: ["read_inventory", "write_inventory", "read_products"], kind: "offline", expiresAt: null });
const api = createAdminApi(store, { publicOrigin: "http://standin.test" });
await prisma.shop.create({ data: { domain: SHOP } });
const seedStart = Date.now();
const PER = 10;
const itemIds: number[] = [];
for (let p = 0; p < SKUS / PER; p++) {
  const { product, variants } = store.createProduct(SHOP, {
    title: `P${p}`,
    options: [{ name: "Size", values: Array.from({ length: PER }, (_, i) => `S${i}`) }],
    variants: Array.from({ length: PER }, (_, i) => ({ title: `S${i}`, sku: `FB-${p * PER + i}`, stock: 5, options: [`S${i}`] })),
  });
  for (const v of variants) itemIds.push(v.inventoryItemId);
  // catalog + ledger as the initial import leaves them
  await prisma.catalogVariant.createMany({ data: variants.map((v) => ({ shop: SHOP, variantId: gid("ProductVariant", v.id), productId: gid("Product", product.id), inventoryItemId: gid("InventoryItem", v.inventoryItemId), title: v.title, sku: v.sku })) });
  await prisma.inventoryLevel.createMany({ data: variants.map((v) => ({ shop: SHOP, inventoryItemId: gid("InventoryItem", v.inventoryItemId), locationId: gid("Location", loc.id), available: 5, seenAt: new Date() })) });
}
console.log(`seeded ${SKUS} variants (store + catalog + ledger) in ${Date.now() - seedStart} ms`);
store.setApiFaults({ latencyMs: [50, 150] });

const stats = { calls: 0, points: 0, throttled: 0 };
const shim = (async (_u: string, init: RequestInit) => {
  const body = JSON.parse(String(init.body));
  const r = await api.execute({ shop: SHOP, token: new Headers(init.headers).get("X-Shopify-Access-Token"), body });
  const json = r.json as { errors?: { extensions?: { code?: string } }[]; extensions?: { cost?: { actualQueryCost?: number } } };
  stats.calls++;
  stats.points += json.extensions?.cost?.actualQueryCost ?? 0;
  if (json.errors?.some((e) => e.extensions?.code === "THROTTLED") || r.status === 429) stats.throttled++;
  return new Response(JSON.stringify(r.json), { status: r.status, headers: { "content-type": "application/json", ...r.headers } });
}) as typeof fetch;
const newClient = () => new AdminClient({ shop: SHOP, getToken: async () => ({ token: "shpat_bench", expiresAt: null }), endpoint: "http://standin.test/graphql.json", fetch: shim });
const queue = { enqueue: async () => {}, schedule: async () => {}, cancelShopJobs: async () => 0 };

// ── 3. batched: the app's feed run
const client = newClient();
const deps = { admin: () => client, queue, outbound: () => ({}) };
const feed = await createFeed(SHOP, { name: "Bench", source: "push", target: "location", locationId: gid("Location", loc.id), mapping: { sku: "sku", quantity: "qty" }, changePct: 100, zeroPct: 100 });
const csv = `sku,qty\n${Array.from({ length: SKUS }, (_, i) => `FB-${i},${10 + (i % 40)}`).join("\n")}\n`;
const planStart = Date.now();
const run = await startRun(deps, { feed, trigger: "push", body: once(csv) });
const planMs = Date.now() - planStart;
if (run.status !== "applying") throw new Error(`run is ${run.status}: ${run.error}`);
Object.assign(stats, { calls: 0, points: 0, throttled: 0 });
const applyStart = Date.now();
let steadyFrom: { t: number; written: number } | null = null;
const progress = setInterval(async () => {
  const r = await prisma.feedRun.findUnique({ where: { id: run.id }, select: { written: true } });
  if (!steadyFrom && client.availablePoints() < 100 && r) steadyFrom = { t: Date.now(), written: r.written };
}, 250);
const applied = await applyRun(deps, run.id);
const applyMs = Date.now() - applyStart;
clearInterval(progress);
const batched = { ...stats };
if (applied.status !== "applied" || applied.written !== SKUS) throw new Error(`apply ended ${applied.status} ${applied.written}/${SKUS}: ${applied.error}`);
const wrong = itemIds.filter((id, i) => store.getQuantity(SHOP, id, loc.id) !== 10 + (i % 40)).length;
const batchedPerHour = (SKUS / applyMs) * 3_600_000;
const steady = steadyFrom as { t: number; written: number } | null;
const steadyPerHour = steady && Date.now() > steady.t ? ((SKUS - steady.written) / (applyStart + applyMs - steady.t)) * 3_600_000 : null;

// ── 4. naive: one mutation per variant, sequential (a sample, extrapolated)
Object.assign(stats, { calls: 0, points: 0, throttled: 0 });
const naiveClient = newClient();
const NAIVE_DOC = `#graphql
  mutation FeedBenchNaive($input: InventorySetQuantitiesInput!, $key: String!) {
    inventorySetQuantities(input: $input) @idempotent(key: $key) { userErrors { code } }
  }`;
const naiveStart = Date.now();
for (let i = 0; i < NAIVE; i++) {
  const id = itemIds[i];
  const cur = store.getQuantity(SHOP, id, loc.id);
  await naiveClient.request(NAIVE_DOC, { input: { name: "available", reason: "correction", quantities: [{ inventoryItemId: gid("InventoryItem", id), locationId: gid("Location", loc.id), quantity: cur + 1, changeFromQuantity: cur }] }, key: `naive-${i}` });
}
const naiveMs = Date.now() - naiveStart;
const naive = { ...stats };
const naivePerHour = (NAIVE / naiveMs) * 3_600_000;

// ── 5. outbound: events at 200/s to a local receiver through the queue and worker
const receivedAt = new Map<string, number>();
const receiver = http.createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const id = JSON.parse(Buffer.concat(chunks).toString()).id as string;
  if (!receivedAt.has(id)) receivedAt.set(id, Date.now());
  res.writeHead(200).end("ok");
});
await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
const { dbQueue } = await import("../app/queue/index.server");
const { Worker } = await import("../app/queue/worker.server");
const { registerChannelJobs } = await import("../app/channels/jobs.server");
const { emitEvents } = await import("../app/channels/events.server");
const { createEndpoint } = await import("../app/channels/endpoints.server");
const channelDeps = { queue: dbQueue, outbound: () => ({ allowOrigins: [origin] }) };
registerChannelJobs(channelDeps);
await createEndpoint(SHOP, { name: "Receiver", url: `${origin}/hook` });
const worker = new Worker(prisma, dbQueue, { concurrency: 16, pollMs: 20, leaseMs: 60_000 });
worker.start();
const emittedAt = new Map<string, number>();
const outStart = Date.now();
const perTick = RATE / 10; // every 100 ms
for (let sent = 0; sent < EVENTS; ) {
  const n = Math.min(perTick, EVENTS - sent);
  const envs = await emitEvents(channelDeps, Array.from({ length: n }, (_, k) => ({ shop: SHOP, type: "stock.changed" as const, sku: `FB-${sent + k}`, data: { sku: `FB-${sent + k}`, location: null, available: 3, previous: 4, cause: "order" } })));
  const at = Date.now();
  for (const e of envs) emittedAt.set(e.id, Date.parse(e.createdAt) || at);
  sent += n;
  const wait = outStart + (sent / RATE) * 1000 - Date.now();
  if (wait > 0) await sleep(wait);
}
const outDeadline = Date.now() + 60_000;
while (receivedAt.size < EVENTS && Date.now() < outDeadline) await sleep(50);
const outMs = Math.max(...receivedAt.values()) - outStart;
await worker.stop();
receiver.close();
const latencies = [...emittedAt].filter(([id]) => receivedAt.has(id)).map(([id, t]) => receivedAt.get(id)! - t);

// ── table
const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;
const f = (n: number) => Math.round(n).toLocaleString("en-US");
const rows: [string, string, string][] = [
  ["variant quantity writes", `${f(SKUS)} (1 store, 1 location)`, `${f(NAIVE)} (sample)`],
  ["Admin calls", f(batched.calls), f(naive.calls)],
  ["wall time", `${(applyMs / 1000).toFixed(1)} s`, `${(naiveMs / 1000).toFixed(1)} s`],
  ["writes per hour", f(batchedPerHour), f(naivePerHour)],
  ["writes per hour after the bucket's burst", steadyPerHour ? f(steadyPerHour) : "n/a", "—"],
  ["Admin points used", f(batched.points), f(naive.points)],
  ["THROTTLED responses", String(batched.throttled), String(naive.throttled)],
];
console.log(`\nFeed apply — standard throttle (2,000 bucket, 100 points/s), 50–150 ms latency`);
console.log(`| | batched (250 per call) | naive (1 per call) |\n| --- | --- | --- |`);
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
console.log(`\nratio batched / naive: ${(batchedPerHour / naivePerHour).toFixed(0)}× · budget ≥ 1,000,000/h: ${batchedPerHour >= 1_000_000 ? "met" : "NOT met"} · wrong quantities after the run: ${wrong}`);
console.log(`dry run of ${f(SKUS)} SKUs (parse, resolve against catalog + ledger, write-ahead plan): ${(planMs / 1000).toFixed(1)} s`);
console.log(`\n| streaming parse | value |\n| --- | --- |`);
console.log(`| file | ${mb(bigBytes)}, ${f(bigRows)} rows (semicolons, quoted fields) |\n| time | ${(parseMs / 1000).toFixed(1)} s |\n| peak RSS | ${mb(peakRss)} (before: ${mb(rssBefore)}; budget ≤ 300 MB: ${peakRss <= 300 * 1048576 ? "met" : "NOT met"}) |`);
console.log(`\n| outbound | value |\n| --- | --- |`);
console.log(`| events | ${f(EVENTS)} offered at ${RATE}/s, ${f(receivedAt.size)} delivered |`);
console.log(`| throughput | ${(receivedAt.size / (outMs / 1000)).toFixed(0)} events/s |`);
console.log(`| event → delivery p50 / p99 | ${pct(latencies, 50)} ms / ${pct(latencies, 99)} ms (budget p99 ≤ 1,000 ms: ${pct(latencies, 99) <= 1000 ? "met" : "NOT met"}) |`);
writeResult("feed", { skus: SKUS, batched: { ...batched, applyMs, perHour: batchedPerHour, steadyPerHour, planMs }, naive: { ...naive, n: NAIVE, naiveMs, perHour: naivePerHour }, parse: { bytes: bigBytes, rows: bigRows, parseMs, peakRss, rssBefore }, outbound: { events: EVENTS, delivered: receivedAt.size, outMs, p50: pct(latencies, 50), p99: pct(latencies, 99) } });
await prisma.$disconnect();
process.exit(0);
