// Propagation latency (DESIGN §8: order in store A → all linked stores written, p50 ≤ 300 ms,
// p95 ≤ 1 s with stand-in API latency 50–150 ms and the standard throttle).
//
//   npx tsx bench/propagation.ts [--orders 150] [--rate 5]
//
// 3 linked shops in the in-process stand-in (real dev/store + dev/admin semantics, 50–150 ms
// per Admin request, Standard plan bucket 2000 / 100 pts/s), webhooks delivered to the app's
// real intake as they happen, the app's worker running. Orders at a steady rate, each on its own
// SKU, round-robin over the shops; latency = order placed → the last other shop written.
// Then the naive way, in the same process: each webhook handled inline, one mutation per other
// store, sequentially, no queue.
import { prepareEnv, pct, sleep, writeResult } from "./_sync-env";

prepareEnv();
const args = process.argv.slice(2);
const arg = (n: string, d: number) => (args.includes(`--${n}`) ? Number(args[args.indexOf(`--${n}`) + 1]) : d);
const ORDERS = arg("orders", 150);
const RATE = arg("rate", 5);
const SHOPS = 3;

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
writeResult("propagation", result);
engine.h.dispose();
await prisma.$disconnect();
process.exit(0);
