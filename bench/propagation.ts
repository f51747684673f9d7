// Propagation latency (DESIGN §8: order in store A → all linked stores written, p50 ≤ 300 ms,
// p95 ≤ 1 s with stand-in API latency 50–150 ms and the standard throttle; issue 10: p95 ≤ 300 ms
// under load).
//
//   npm run bench:propagation -- [--orders 150] [--rate 5] [--loaded-rate 50] [--loaded-seconds 60] [--loaded-skus 500] [--cases light,loaded] [--loaded-configs sqlite,postgres]
//
// Light case (printed first): 3 linked shops in the in-process stand-in (real dev/store +
// dev/admin semantics, 50–150 ms per Admin request, Standard plan bucket 2000 / 100 pts/s),
// webhooks delivered to the app's real intake as they happen, the app's worker running. Orders at
// a steady rate, each on its own SKU, round-robin over the shops; latency = order placed → the
// last other shop written. Then the naive way, in the same process: each webhook handled inline,
// one mutation per other store, sequentially, no queue.
//
// Loaded case (issue 10): 5 shops in one group, --loaded-rate orders/s for --loaded-seconds, each
// for one unit of a SKU drawn at random from --loaded-skus shared SKUs, round-robin over the
// shops; latency = order placed → the last other shop written with a level that includes it.
// The stand-in runs in a child process (bench/_standin-child.ts), each configuration in a process
// of its own (bench/_propagation-loaded.ts) with a fresh database: "SQLite embedded (worker in
// process)" and "PostgreSQL + pg-boss, 2 workers" (scripts/worker.ts processes reaching the
// stand-in through SHOPIFY_STANDIN_URL). PostgreSQL needs PG_BASE_URL
// (eval "$(scripts/pg-cluster.sh start)"; export PG_BASE_URL); it switches the generated Prisma
// client to PostgreSQL for that run and back to SQLite after it (as bench/webhook-intake.ts does).
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PG_HINT, withPostgresDatabase } from "./_pg-run";
import type { LoadedParams } from "./_propagation-loaded";
import { prepareEnv, pct, sleep, writeResult } from "./_sync-env";

// The light case runs in this process on SQLite: make sure the generated client is SQLite's (a
// no-op unless an interrupted PostgreSQL run left it switched).
execFileSync("scripts/prisma-generate.sh", { env: { ...process.env, DATABASE_URL: "" }, stdio: "inherit" });
prepareEnv();
const args = process.argv.slice(2);
const arg = (n: string, d: number) => (args.includes(`--${n}`) ? Number(args[args.indexOf(`--${n}`) + 1]) : d);
const list = (n: string, d: string) => new Set((args.includes(`--${n}`) ? args[args.indexOf(`--${n}`) + 1] : d).split(","));
const ORDERS = arg("orders", 150);
const RATE = arg("rate", 5);
const SHOPS = 3;
const CASES = list("cases", "light,loaded");
const LOADED_CONFIGS = list("loaded-configs", "sqlite,postgres");
const LOADED = { shops: arg("loaded-shops", 5), rate: arg("loaded-rate", 50), seconds: arg("loaded-seconds", 60), skus: arg("loaded-skus", 500), units: 1_000, workers: arg("loaded-workers", 2), seed: 10, drainMs: 300_000 };
const LOADED_BUDGET_P95 = 300;

const { Harness } = await import("../test/sync/harness");
const { Store } = await import("../dev/store/index.ts");
const { createAdminApi } = await import("../dev/admin/index.ts");
const { default: prisma } = await import("../app/db.server");

const store = new Store({ seed: 11 });
const api = createAdminApi(store, { publicOrigin: "http://standin.test" });
store.setApiFaults({ latencyMs: [50, 150], errorRate: 0, throttleRate: 0, timeoutRate: 0, seed: 11 });

async function setup(prefix: string) {
  const h = new Harness({ store, api, realTime: true, workerConcurrency: 16 });
  const skus = Array.from({ length: ORDERS }, (_, i) => ({ sku: `${prefix}-${i}`, stock: 1_000 }));
  for (let s = 0; s < SHOPS; s++) {
    const shop = await h.addShop(`${prefix}-shop-${s}`);
    for (let i = 0; i < skus.length; i += 50) await h.addProduct(shop.domain, skus.slice(i, i + 50));
  }
  h.outbox = [];
  return { h, skus: skus.map((s) => s.sku) };
}

/** When each shop got the app's write for each SKU (ms). */
function watchWrites(h: InstanceType<typeof Harness>, since: number) {
  const written = new Map<string, number>();
  const off = store.on("inventory", (e) => {
    if (e.updatedAtMs < since || (e.cause !== "api_set" && e.cause !== "api_adjust")) return;
    const k = `${e.shop}|${e.sku}`;
    if (!written.has(k)) written.set(k, Date.now());
  });
  return { written, off };
}

async function runOrders(h: InstanceType<typeof Harness>, skus: string[], shops: string[]) {
  const placed: { sku: string; shop: string; at: number }[] = [];
  const start = Date.now();
  for (let i = 0; i < ORDERS; i++) {
    const due = start + (i * 1000) / RATE;
    if (due > Date.now()) await sleep(due - Date.now());
    const shop = shops[i % shops.length];
    const v = store.findVariantBySku(shop, skus[i])!;
    placed.push({ sku: skus[i], shop, at: Date.now() });
    store.placeOrder(shop, { lineItems: [{ variantId: v.id, quantity: 1 }] });
  }
  return placed;
}

function latencies(placed: { sku: string; shop: string; at: number }[], written: Map<string, number>, shops: string[]) {
  const out: number[] = [];
  let missing = 0;
  for (const p of placed) {
    const others = shops.filter((s) => s !== p.shop).map((s) => written.get(`${s}|${p.sku}`));
    if (others.some((t) => t === undefined)) missing++;
    else out.push(Math.max(...(others as number[])) - p.at);
  }
  return { out, missing };
}

async function lightCase() {
  // ── Stockroom: queued intake → per-SKU job → batched CAS writes ─────────────────────────
  const engine = await setup("E");
  const engineShops = [...engine.h.shops.keys()];
  await engine.h.link();
  await engine.h.settle({ maxMs: 120_000 });
  // live delivery: every store event becomes a webhook to the app's intake at once
  const liveOff = store.on("inventory", () => {
    queueMicrotask(() => void engine.h.flushOutbox());
  });
  engine.h.worker.start();
  const w1 = watchWrites(engine.h, Date.now());
  const mutationsBefore = engine.h.engine.writers.stats.mutations;
  const placedE = await runOrders(engine.h, engine.skus, engineShops);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { missing } = latencies(placedE, w1.written, engineShops);
    if (!missing) break;
    await sleep(100);
  }
  await sleep(500);
  const E = latencies(placedE, w1.written, engineShops);
  await engine.h.worker.stop();
  liveOff();
  w1.off();
  const engineMutations = engine.h.engine.writers.stats.mutations - mutationsBefore;

  // ── naive: inline in the webhook, one mutation per other store, sequential ─────────────
  const naive = await setup("N");
  const naiveShops = [...naive.h.shops.keys()];
  const w2 = watchWrites(naive.h, Date.now());
  let naiveMutations = 0;
  const NAIVE_SET = `mutation NaiveSet($input: InventorySetQuantitiesInput!, $key: String!) {
    inventorySetQuantities(input: $input) @idempotent(key: $key) { userErrors { code message } }
  }`;
  const inflight = new Set<Promise<void>>();
  const naiveOff = store.on("inventory", (e) => {
    if (!naiveShops.includes(e.shop) || e.cause !== "order") return;
    const p = (async () => {
      for (const other of naiveShops.filter((s) => s !== e.shop)) {
        const v = store.findVariantBySku(other, e.sku!)!;
        const loc = naive.h.shops.get(other)!.locationGid;
        naiveMutations++;
        await naive.h.client(other).request(NAIVE_SET, {
          key: `naive-${Math.random()}`,
          input: { name: "available", reason: "correction", quantities: [{ inventoryItemId: `gid://shopify/InventoryItem/${v.inventoryItemId}`, locationId: loc, quantity: e.available, changeFromQuantity: null }] },
        });
      }
    })();
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  });
  const placedN = await runOrders(naive.h, naive.skus, naiveShops);
  await Promise.all([...inflight]);
  const N = latencies(placedN, w2.written, naiveShops);
  naiveOff();
  w2.off();

  const summary = (x: number[]) => ({ n: x.length, p50: pct(x, 50), p95: pct(x, 95), p99: pct(x, 99), max: Math.max(...x) });
  const result = {
    setup: { shops: SHOPS, orders: ORDERS, ratePerSec: RATE, apiLatencyMs: [50, 150], throttle: "standard (2000 / 100 pts/s)" },
    stockroom: { ...summary(E.out), notWritten: E.missing, mutations: engineMutations },
    naiveInline: { ...summary(N.out), notWritten: N.missing, mutations: naiveMutations },
    ratioP50: pct(N.out, 50) / pct(E.out, 50),
    budget: { p50: 300, p95: 1000 },
  };
  console.log(`propagation, ${SHOPS} shops, ${ORDERS} orders at ${RATE}/s, API latency 50–150 ms, standard throttle`);
  console.log(`  stockroom (queued, CAS, batched): p50 ${result.stockroom.p50} ms  p95 ${result.stockroom.p95} ms  p99 ${result.stockroom.p99} ms  max ${result.stockroom.max} ms  (${engineMutations} mutations, ${E.missing} not written)`);
  console.log(`  naive (inline, 1 mutation/store): p50 ${result.naiveInline.p50} ms  p95 ${result.naiveInline.p95} ms  p99 ${result.naiveInline.p99} ms  (${naiveMutations} mutations)`);
  console.log(`  budget p50 ≤ 300 ms: ${result.stockroom.p50 <= 300 ? "met" : "MISSED"}; p95 ≤ 1000 ms: ${result.stockroom.p95 <= 1000 ? "met" : "MISSED"}; naive/stockroom p50 ratio ${result.ratioP50.toFixed(2)}`);
  engine.h.dispose();
  return result;
}

// ── Loaded case: each configuration in a child process with a fresh database ───────────
type LoadedRun = {
  orders: number;
  latencies: number[];
  placedAt: number[];
  notReflected: number;
  ordersPhaseMs: number;
  placedLateMsP99: number;
  placedLateMsMax: number;
  levelWrites: number;
  webhooks: number;
  intakeErrors: number;
  jobsCreated: Record<string, number>;
  openExceptions: Record<string, number>;
  skusOrdered: number;
  maxOrdersOnOneSku: number;
  startingLevelsEqual: boolean;
};
const CONFIG_NAMES = { sqlite: "SQLite embedded (worker in process)", postgres: `PostgreSQL + pg-boss, ${LOADED.workers} workers` } as const;
async function loadedConfig(config: "sqlite" | "postgres", dir: string): Promise<LoadedRun> {
  const params: LoadedParams = { config, ...LOADED, workers: config === "postgres" ? LOADED.workers : 0 };
  const run = async (url: string) => {
    const out = join(dir, `${config}.json`);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", "bench/_propagation-loaded.ts"], { env: { ...process.env, DATABASE_URL: url, BENCH_LOADED: JSON.stringify(params), BENCH_LOADED_OUT: out }, stdio: "inherit" });
      child.once("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`bench/_propagation-loaded.ts (${config}) exited ${code ?? signal}`))));
    });
    return JSON.parse(readFileSync(out, "utf8")) as LoadedRun;
  };
  return config === "sqlite" ? run(`file:${join(dir, "loaded.sqlite")}`) : withPostgresDatabase(`bench_propagation_${process.pid}`, run);
}

/** p95 latency of the orders placed in each 10 s of the run. */
function windows(r: LoadedRun): number[] {
  const n = Math.ceil(LOADED.seconds / 10);
  const by: number[][] = Array.from({ length: n }, () => []);
  r.latencies.forEach((l, i) => by[Math.min(n - 1, Math.floor(r.placedAt[i] / 10_000))].push(l));
  return by.map((xs) => pct(xs, 95));
}

function loadedTable(results: Record<string, { run?: LoadedRun; skipped?: string; error?: string }>) {
  const cols = Object.keys(results);
  const rows: [string, (r: LoadedRun) => string][] = [
    ["orders placed (achieved rate)", (r) => `${r.orders} (${((r.orders * 1000) / r.ordersPhaseMs).toFixed(1)}/s)`],
    ["p50", (r) => `${pct(r.latencies, 50)} ms`],
    ["p95", (r) => `${pct(r.latencies, 95)} ms`],
    ["p99", (r) => `${pct(r.latencies, 99)} ms`],
    ["max", (r) => `${Math.max(...r.latencies)} ms`],
    // A backlog grows window after window; a stall shows as one bad window.
    ["p95 per 10 s of orders", (r) => windows(r).map((w) => (Number.isNaN(w) ? "–" : String(w))).join(" · ") + " ms"],
    [`not in every other store ${LOADED.drainMs / 1000} s after the last order`, (r) => String(r.notReflected)],
    [`p95 ≤ ${LOADED_BUDGET_P95} ms budget`, (r) => (r.notReflected === 0 && pct(r.latencies, 95) <= LOADED_BUDGET_P95 ? "met" : "MISSED")],
    ["Admin API level writes / order", (r) => `${(r.levelWrites / r.orders).toFixed(2)} (${r.levelWrites})`],
    ["webhooks taken in", (r) => String(r.webhooks)],
    ["jobs (webhook.process + sync.item)", (r) => `${r.jobsCreated["webhook.process"] ?? 0} + ${r.jobsCreated["sync.item"] ?? 0}`],
  ];
  const cell = (name: string, f: (r: LoadedRun) => string, first: boolean) => {
    const x = results[name];
    if (x.run) return f(x.run);
    if (!first) return "—";
    return x.skipped ? "skipped (no PG_BASE_URL)" : `failed: ${x.error}`;
  };
  const lines = [
    `| ${LOADED.shops} stores, ${LOADED.rate} orders/s × ${LOADED.seconds} s, ${LOADED.skus} SKUs | ${cols.join(" | ")} |`,
    `| --- | ${cols.map(() => "---").join(" | ")} |`,
    ...rows.map(([label, f], i) => `| ${label} | ${cols.map((c) => cell(c, f, i === 0)).join(" | ")} |`),
  ];
  return lines.join("\n");
}

const output: Record<string, unknown> = {};
if (CASES.has("light")) Object.assign(output, await lightCase());
if (CASES.has("loaded")) {
  await prisma.$disconnect();
  const dir = mkdtempSync(join(tmpdir(), "stockroom-propagation-loaded-"));
  const results: Record<string, { run?: LoadedRun; skipped?: string; error?: string }> = {};
  try {
    for (const config of ["sqlite", "postgres"] as const) {
      if (!LOADED_CONFIGS.has(config)) continue;
      const name = CONFIG_NAMES[config];
      if (config === "postgres" && !process.env.PG_BASE_URL) {
        results[name] = { skipped: PG_HINT };
        continue;
      }
      console.log(`loaded case: ${name} …`);
      try {
        results[name] = { run: await loadedConfig(config, dir) };
      } catch (error) {
        console.error(error);
        results[name] = { error: error instanceof Error ? error.message : String(error) };
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\npropagation under load: ${LOADED.shops} shops in one group, ${LOADED.rate} orders/s for ${LOADED.seconds} s, 1 unit of a random SKU of ${LOADED.skus}, round-robin over the shops; API latency 50–150 ms, standard throttle (stand-in in its own process)\n`);
  console.log(loadedTable(results));
  for (const [name, x] of Object.entries(results)) if (x.skipped) console.log(`\n${name}: skipped. ${x.skipped}`);
  const summary = (r: LoadedRun) => ({ n: r.latencies.length, p50: pct(r.latencies, 50), p95: pct(r.latencies, 95), p99: pct(r.latencies, 99), max: Math.max(...r.latencies), budgetMet: r.notReflected === 0 && pct(r.latencies, 95) <= LOADED_BUDGET_P95 });
  output.loaded = {
    setup: { ...LOADED, workerConcurrency: process.env.WORKER_CONCURRENCY ?? "the app's default (8 per worker)", apiLatencyMs: [50, 150], throttle: "standard (2000 / 100 pts/s)", protection: "off", buffer: 0 },
    budget: { p95: LOADED_BUDGET_P95 },
    configurations: Object.fromEntries(
      Object.entries(results).map(([name, x]) => {
        if (!x.run) return [name, x];
        const { latencies, placedAt, ...rest } = x.run;
        void latencies;
        void placedAt;
        return [name, { ...summary(x.run), p95Per10s: windows(x.run), ...rest }];
      }),
    ),
  };
}
writeResult("propagation", output);
await prisma.$disconnect();
process.exit(0);
