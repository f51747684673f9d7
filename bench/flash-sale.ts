// Flash sale (DESIGN §8, issue 9): N stores share one SKU, single-unit orders arrive faster than
// any propagation, spread evenly over the stores; a store refuses an order for a unit it shows as
// sold out (DENY). Runs, side by side in one process: Off with no buffer, Off with the buffer the
// first run suggests, Automatic, Guaranteed. Prints units oversold, sell-through, time from the last
// order to convergence, Admin API level writes per order (as the stand-in applied them), and orders
// refused while another store still held units ("stranded"); checks P1–P5 (P1 as redefined for
// allocation).
//
//   npm run bench:flash-sale -- [--stores 3] [--orders 2000] [--units 500] [--window 4000] [--modes off,offbuf,auto,guar] [--postgres [--workers 2]]
//
// The stand-in (real store + Admin API semantics, 50–150 ms per request, standard throttle) runs
// in a child process and takes the orders at its own pace; its inventory webhooks are POSTed to
// this process, which runs the app's real intake. The jobs run:
//   - by default on SQLite, in this process (embedded queue, 16 at a time);
//   - with --postgres, on a fresh PostgreSQL database (PG_BASE_URL: eval "$(scripts/pg-cluster.sh
//     start)"; export PG_BASE_URL) on pg-boss, in --workers `npm run worker` processes that reach
//     the stand-in through the app's seam (SHOPIFY_STANDIN_URL) with the shops' offline sessions.
import { spawn } from "node:child_process";
import { startWorkerProcesses, withPostgresDatabase } from "./_pg-run";
import { appQuiet, deliveryOf, startStandin, storeOfflineSession, type StandinHook } from "./_standin-client";
import { prepareEnv, sleep, writeResult } from "./_sync-env";

const args = process.argv.slice(2);
const arg = (n: string, d: number) => (args.includes(`--${n}`) ? Number(args[args.indexOf(`--${n}`) + 1]) : d);
/** Worker processes of this run (set by the --postgres parent below); 0 = the worker in this process. */
const WORKERS = Number(process.env.FLASH_WORKERS ?? 0);
if (args.includes("--postgres") && !WORKERS) {
  // The whole run again in a child process on a fresh PostgreSQL database, its jobs on pg-boss in
  // --workers dedicated processes.
  const code = await withPostgresDatabase(`bench_flash_${process.pid}`, (url) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/flash-sale.ts", ...args], { env: { ...process.env, DATABASE_URL: url, FLASH_WORKERS: String(arg("workers", 2)) }, stdio: "inherit" });
    return new Promise<number>((resolve) => child.once("exit", (c) => resolve(c ?? 1)));
  });
  process.exit(code);
}

prepareEnv();
const STORES = arg("stores", 3);
const ORDERS = arg("orders", 2000);
const UNITS = arg("units", 500);
const WINDOW = arg("window", 4000);
// A subset of the modes (while working on one); "offbuf" needs "off" (its buffer comes from that run).
const MODES = new Set((args.includes("--modes") ? args[args.indexOf("--modes") + 1] : "off,offbuf,auto,guar").split(","));
if (MODES.has("offbuf")) MODES.add("off");
const t0 = Date.now();
const note = (msg: string) => console.error(`  ${msg} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

const { default: prisma } = await import("../app/db.server");
const { AdminClient } = await import("../app/admin/client.server");
const { queue, dbQueue } = await import("../app/queue/index.server");
const { Worker } = await import("../app/queue/worker.server");
await import("../app/jobs.server");
const { registerSyncJobs } = await import("../app/sync/index.server");
const { productionSyncDeps } = await import("../app/sync/production.server");
const { createGroup, createShareKey, joinGroup } = await import("../app/sync/membership.server");
const { enableGroup } = await import("../app/sync/enable.server");
const { acceptDelivery } = await import("../app/webhooks/intake.server");
type Protection = import("../app/sync/targets").Protection;

const delivered: StandinHook[] = [];
const accept = (w: StandinHook) => acceptDelivery(deliveryOf(w));
const standin = await startStandin(async (w) => {
  delivered.push(w);
  await accept(w);
});
const { origin, ctl } = standin;

const clients = new Map<string, InstanceType<typeof AdminClient>>();
let deps: import("../app/sync/deps").SyncDeps;
let stopWorkers: () => Promise<void>;
if (WORKERS) {
  // The worker processes reach the stand-in through the app's seam, with the shops' offline
  // sessions from the session storage, as in production; billing limits are not what this measures.
  process.env.SHOPIFY_STANDIN_URL = origin;
  deps = { ...productionSyncDeps, plan: undefined };
  stopWorkers = (await startWorkerProcesses(WORKERS, note)).stop;
} else {
  const engine = registerSyncJobs({ admin: (shop) => clients.get(shop)!, queue });
  deps = engine.deps;
  const worker = new Worker(prisma, dbQueue, { concurrency: 16, pollMs: 20, backoff: { baseMs: 100, maxMs: 2_000 } });
  worker.start();
  stopWorkers = () => worker.stop();
}

const quiet = () => appQuiet(ctl);

/** P1: mirroring — every store shows max(0, pool − buffer); allocating — what the app knows, adding up to pool − buffers. */
async function converged(groupId: string, sku: string, values: Record<string, number>, buffer: number) {
  const item = await prisma.syncItem.findFirstOrThrow({ where: { groupId, sku } });
  const shown = Object.values(values);
  if (!item.allocating) return { item, ok: shown.every((x) => x === Math.max(0, item.pool - buffer)) };
  const links = await prisma.syncLink.findMany({ where: { itemId: item.id, status: "linked" } });
  const knows = links.every((l) => values[l.shop] === l.lastSeen);
  return { item, ok: knows && shown.every((x) => x >= 0) && shown.reduce((a, x) => a + x, 0) === Math.max(0, item.pool - buffer * shown.length) };
}

async function run(label: string, protection: Protection, buffer: number) {
  const sku = `FLASH-${label}`;
  const handles = Array.from({ length: STORES }, (_, i) => `${label}-shop-${i}`);
  const shops = (await ctl("/control/setup", { shops: handles, sku, units: UNITS, latencyMs: [50, 150] })) as { domain: string; token: string; locationGid: string; productId: string; variantId: string; inventoryItemId: string }[];
  for (const s of shops) {
    const handle = s.domain.split(".")[0];
    clients.set(s.domain, new AdminClient({ shop: s.domain, getToken: async () => ({ token: s.token, expiresAt: null }), endpoint: `${origin}/store/${handle}/admin/api/2026-10/graphql.json`, fetch: globalThis.fetch }));
    await prisma.shop.create({ data: { domain: s.domain } });
    await storeOfflineSession(s.domain, s.token);
    await prisma.catalogVariant.create({ data: { shop: s.domain, variantId: s.variantId, productId: s.productId, inventoryItemId: s.inventoryItemId, title: sku, sku } });
  }
  const domains = shops.map((s) => s.domain);
  const { group, shareKey } = await createGroup(deps, domains[0], { name: label, locationId: shops[0].locationGid, buffer, protection });
  let key = shareKey;
  for (let i = 1; i < shops.length; i++) {
    await joinGroup(deps, domains[i], key, { locationId: shops[i].locationGid, buffer });
    key = (await createShareKey(group.id, domains[0])).key;
  }
  await enableGroup(deps, group.id, domains[0]);
  for (let i = 0; i < 600 && !(await quiet()); i++) await sleep(100);
  const levels = async () => (await ctl(`/control/levels?sku=${sku}&shops=${domains.join(",")}`)) as Record<string, number>;
  type Writes = { quantities: number; mutations: number };
  const writes0 = await ctl<Writes>("/control/app-writes");
  const delivered0 = delivered.length;
  const startValues = await levels();
  const flash = (await ctl("/control/flash", { orders: ORDERS, windowMs: WINDOW, sku, shops: domains })) as { sold: number; refused: number; stranded: number; ms: number; lastOrderAt: number };
  let convergedMs = NaN;
  let state = await converged(group.id, sku, await levels(), buffer);
  for (const deadline = Date.now() + 180_000; Date.now() < deadline; await sleep(50)) {
    if (!(await quiet())) continue;
    state = await converged(group.id, sku, await levels(), buffer);
    if (state.ok) {
      convergedMs = Date.now() - flash.lastOrderAt;
      break;
    }
  }
  const writes1 = await ctl<Writes>("/control/app-writes");
  const values = await levels();
  const item = state.item;
  const checks: Record<string, boolean> = {};
  checks.P1 = state.ok;
  checks.P2 = item.pool === UNITS - flash.sold;
  const mine = delivered.slice(delivered0);
  const appIds = mine.filter((w) => !w.external).map((w) => w.eventId);
  let echoCounted = 0;
  for (let i = 0; i < appIds.length; i += 500) echoCounted += await prisma.syncObservation.count({ where: { eventId: { in: appIds.slice(i, i + 500) }, result: "external" } });
  checks.P3 = echoCounted === 0;
  const before = JSON.stringify({ pool: item.pool, version: item.version, values });
  for (const w of mine.slice(-300)) await accept(w);
  for (let i = 0; i < 100 && !(await quiet()); i++) await sleep(100);
  const item2 = await prisma.syncItem.findFirstOrThrow({ where: { groupId: group.id, sku } });
  checks.P4 = before === JSON.stringify({ pool: item2.pool, version: item2.version, values: await levels() });
  const open = await prisma.syncException.findMany({ where: { groupId: group.id, status: "open" } });
  const oversell = open.filter((e) => e.class === "oversell");
  checks.P5 = open.filter((e) => e.class === "drift").length === 0 && (item.pool < 0 ? oversell.length === 1 : oversell.length === 0);
  const rebalances = await prisma.stockEvent.count({ where: { groupId: group.id, cause: "rebalance", result: { in: ["taken", "given"] } } });
  const available = Math.min(UNITS, ORDERS);
  return {
    label,
    protection,
    bufferPerStore: buffer,
    stores: STORES,
    orders: ORDERS,
    units: UNITS,
    windowMs: WINDOW,
    ordersPhaseMs: flash.ms,
    sold: flash.sold,
    refused: flash.refused,
    stranded: flash.stranded,
    oversold: Math.max(0, flash.sold - UNITS),
    sellThrough: Math.min(flash.sold, UNITS) / available,
    pool: item.pool,
    startValues,
    finalValues: values,
    mutations: writes1.mutations - writes0.mutations,
    levelWrites: writes1.quantities - writes0.quantities,
    writesPerOrder: (writes1.quantities - writes0.quantities) / ORDERS,
    rebalanceWrites: rebalances,
    webhooks: mine.length,
    convergenceAfterLastOrderMs: convergedMs,
    checks,
  };
}

type Result = Awaited<ReturnType<typeof run>>;

const CONFIG = WORKERS ? `PostgreSQL + pg-boss, ${WORKERS} worker processes` : "SQLite, worker in this process";
console.log(`flash sale: ${STORES} stores, 1 SKU × ${UNITS} units, ${ORDERS} single-unit orders over ${WINDOW} ms, evenly over the stores; API latency 50–150 ms, standard throttle (stand-in in its own process); ${CONFIG}`);
const results: Result[] = [];
const names: string[] = [];
let off: Result | null = null;
if (MODES.has("off")) {
  off = await run("off", "off", 0);
  results.push(off);
  names.push("Off, no buffer");
  console.log(`  ran Off/no buffer: oversold ${off.oversold}`);
}
// Each store oversells what it sells before the others' writes land: hold that much back.
const suggested = off ? Math.ceil(off.oversold / STORES) + 1 : 0;
for (const [label, protection, buffer, name] of [["offbuf", "off", suggested, `Off, buffer ${suggested}/store`], ["auto", "automatic", 0, "Automatic"], ["guar", "guaranteed", 0, "Guaranteed"]] as const) {
  if (!MODES.has(label)) continue;
  const r = await run(label, protection, buffer);
  results.push(r);
  names.push(name);
  console.log(`  ran ${label}: oversold ${r.oversold}`);
}

const rows: [string, (r: Result) => string][] = [
  ["units oversold", (r) => String(r.oversold)],
  ["sold / available (sell-through)", (r) => `${Math.min(r.sold, r.units)}/${Math.min(r.units, r.orders)} (${(r.sellThrough * 100).toFixed(1)} %)`],
  ["last order → converged", (r) => (Number.isNaN(r.convergenceAfterLastOrderMs) ? "not converged" : `${r.convergenceAfterLastOrderMs} ms`)],
  ["Admin API level writes / order", (r) => `${r.writesPerOrder.toFixed(3)} (${r.levelWrites} in ${r.mutations} mutations)`],
  ["stranded orders", (r) => String(r.stranded)],
  ["refused orders", (r) => String(r.refused)],
  ["rebalance writes", (r) => String(r.rebalanceWrites)],
  ["P1–P5", (r) => Object.entries(r.checks).map(([k, v]) => (v ? k : `${k} FAIL`)).join(" ")],
];
const width = [Math.max(...rows.map(([n]) => n.length)), ...names.map((n, i) => Math.max(n.length, ...rows.map(([, f]) => f(results[i]).length)))];
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i])).join(" │ ");
console.log(line(["", ...names]));
console.log(width.map((w) => "─".repeat(w)).join("─┼─"));
for (const [n, f] of rows) console.log(line([n, ...results.map(f)]));
const guarded = results.filter((r) => r.protection !== "off");
const protectedOk = guarded.every((r) => r.oversold === 0);
const fewerWrites = off ? (guarded.every((r) => r.writesPerOrder < off.writesPerOrder) ? "ok" : "MISSED") : "not measured (no Off run)";
console.log(`budget: 0 oversold in Automatic and Guaranteed ${protectedOk ? "ok" : "MISSED"}; sell-through ≥ 99 % ${guarded.every((r) => r.sellThrough >= 0.99) ? "ok" : "MISSED"}; convergence ≤ 2 s ${guarded.every((r) => r.convergenceAfterLastOrderMs <= 2_000) ? "ok" : "MISSED"}; fewer writes per order than Off ${fewerWrites}`);
writeResult("flash-sale", { config: CONFIG, workers: WORKERS, stores: STORES, orders: ORDERS, units: UNITS, windowMs: WINDOW, modes: [...MODES], suggestedBuffer: suggested, results });
await stopWorkers();
standin.close();
await prisma.$disconnect();
process.exit(0);
