// Child process of bench/propagation.ts: one configuration of the loaded case, in a process of its
// own (its own database and generated Prisma client). DATABASE_URL names a fresh database;
// BENCH_LOADED carries the parameters as JSON; the result is written to BENCH_LOADED_OUT.
//
// The stand-in (bench/_standin-child.ts: dev/store + dev/admin, 50–150 ms per Admin request, the
// standard throttle) runs in its own process, places the orders and measures their latency.
// Its inventory webhooks are POSTed to this process, which takes them through the app's intake
// (trackIntake + acceptDelivery, as app/routes/webhooks.tsx does after the HMAC check). The
// app reaches the stand-in through its seam (SHOPIFY_STANDIN_URL) with the shops' offline
// sessions from the session storage, as in production (adminClientFor → unauthenticated.admin).
// The jobs run:
//   - sqlite: in this process, the embedded default (ensureWorkerStarted with WORKER=on);
//   - postgres: in `workers` processes of scripts/worker.ts (pg-boss), this process only intakes.
import { writeFileSync } from "node:fs";
import { startWorkerProcesses } from "./_pg-run";
import { appQuiet, deliveryOf, startStandin, storeOfflineSession } from "./_standin-client";
import { prepareEnv, sleep } from "./_sync-env";

export interface LoadedParams {
  config: "sqlite" | "postgres";
  shops: number;
  rate: number;
  seconds: number;
  skus: number;
  units: number;
  /** worker processes (postgres); 0 = the worker in this process */
  workers: number;
  seed: number;
  /** how long after the last order the run waits for orders not yet in every other store */
  drainMs: number;
}

const P = JSON.parse(process.env.BENCH_LOADED ?? "{}") as LoadedParams;
const OUT = process.env.BENCH_LOADED_OUT!;
prepareEnv();
const t0 = Date.now();
const note = (msg: string) => console.error(`  [${P.config}] ${msg} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

const { trackIntake, acceptDelivery } = await import("../app/webhooks/intake.server");

// ── the stand-in, its webhooks to this process's intake ───────────────────────────────
const standin = await startStandin((w) =>
  trackIntake(() => acceptDelivery(deliveryOf(w))).then(() => undefined),
);
const { origin, ctl } = standin;
// The app's one seam to Shopify: every *.myshopify.com request of this process and its workers goes here.
process.env.SHOPIFY_STANDIN_URL = origin;

const { default: prisma } = await import("../app/db.server");
const { productionSyncDeps } = await import("../app/sync/production.server");
const { createGroup, createShareKey, joinGroup } = await import("../app/sync/membership.server");
const { enableGroup } = await import("../app/sync/enable.server");

// ── the workers ─────────────────────────────────────────────────────────────────────────
let stopWorkers: () => Promise<void>;
if (P.config === "sqlite") {
  process.env.WORKER = "on";
  const { ensureWorkerStarted } = await import("../app/worker.server");
  const worker = ensureWorkerStarted()!;
  stopWorkers = () => worker.stop();
  note(`worker in this process (${worker.engine})`);
} else {
  stopWorkers = (await startWorkerProcesses(P.workers, note)).stop;
  note(`${P.workers} worker processes (scripts/worker.ts, pg-boss) started`);
}

const quiet = () => appQuiet(ctl);

// ── shops, catalogs, sessions, one group ────────────────────────────────────────────────
const tag = Math.random().toString(36).slice(2, 6);
const handles = Array.from({ length: P.shops }, (_, i) => `loaded-${tag}-${i}`);
const skus = Array.from({ length: P.skus }, (_, i) => `L-${String(i).padStart(4, "0")}`);
type Setup = { domain: string; token: string; locationGid: string; variants: { sku: string; productId: string; variantId: string; inventoryItemId: string }[] };
const shops = await ctl<Setup[]>("/control/setup-many", { shops: handles, skus, units: P.units, latencyMs: [50, 150] });
for (const s of shops) {
  await prisma.shop.create({ data: { domain: s.domain } });
  await storeOfflineSession(s.domain, s.token);
  await prisma.catalogVariant.createMany({ data: s.variants.map((v) => ({ shop: s.domain, variantId: v.variantId, productId: v.productId, inventoryItemId: v.inventoryItemId, title: v.sku, sku: v.sku })) });
}
const domains = shops.map((s) => s.domain);
// Billing limits are not what this measures: the set-up skips the plan gate.
const deps = { ...productionSyncDeps, plan: undefined };
const { group, shareKey } = await createGroup(deps, domains[0], { name: "loaded", locationId: shops[0].locationGid, buffer: 0, protection: "off" });
let key = shareKey;
for (let i = 1; i < shops.length; i++) {
  await joinGroup(deps, domains[i], key, { locationId: shops[i].locationGid, buffer: 0 });
  key = (await createShareKey(group.id, domains[0])).key;
}
const enabled = await enableGroup(deps, group.id, domains[0]);
if (enabled.status !== "enabled") throw new Error(`enable refused: ${JSON.stringify(enabled)}`);
// Settled: quiet twice in a row.
let quietInARow = 0;
for (const deadline = Date.now() + 300_000; quietInARow < 2; await sleep(200)) {
  if (Date.now() > deadline) throw new Error("the group did not settle after enabling");
  quietInARow = (await quiet()) ? quietInARow + 1 : 0;
}
const items = await prisma.syncItem.count({ where: { groupId: group.id } });
note(`${P.shops} shops × ${P.skus} SKUs linked (${items} items), settled`);

// ── the load ────────────────────────────────────────────────────────────────────────────
const runStart = new Date();
await ctl("/control/run", { shops: domains, skus, rate: P.rate, seconds: P.seconds, seed: P.seed });
type Status = { placed: number; total: number; done: boolean; unreflected: number };
let st = await ctl<Status>("/control/run");
let lastNote = Date.now();
while (!st.done) {
  await sleep(500);
  st = await ctl<Status>("/control/run");
  if (Date.now() - lastNote > 15_000) {
    note(`${st.placed}/${st.total} orders placed, ${st.unreflected} not yet in every other store`);
    lastNote = Date.now();
  }
}
// Orders not yet everywhere get up to drainMs after the last one (a backlog is measured, not cut off).
const drainDeadline = Date.now() + P.drainMs;
while (st.unreflected > 0 && Date.now() < drainDeadline) {
  await sleep(250);
  st = await ctl<Status>("/control/run");
}
const r = await ctl<{
  orders: number;
  latencies: number[];
  notReflected: number;
  ordersPhaseMs: number;
  placedLateMsP99: number;
  placedLateMsMax: number;
  levelWrites: number;
  webhooks: number;
  skusOrdered: number;
  maxOrdersOnOneSku: number;
  startingLevelsEqual: boolean;
}>("/control/run/result");
note(`${r.orders} orders in ${(r.ordersPhaseMs / 1000).toFixed(1)} s, ${r.notReflected} not reflected everywhere`);
const jobsByName = await prisma.job.groupBy({ by: ["name"], where: { createdAt: { gte: runStart } }, _count: { _all: true } });
const open = await prisma.syncException.groupBy({ by: ["class"], where: { groupId: group.id, status: "open" }, _count: { _all: true } });
await stopWorkers();
writeFileSync(
  OUT,
  JSON.stringify({
    params: P,
    ...r,
    intakeErrors: standin.hookErrors(),
    jobsCreated: Object.fromEntries(jobsByName.map((x) => [x.name, x._count._all])),
    openExceptions: Object.fromEntries(open.map((x) => [x.class, x._count._all])),
  }),
);
standin.close();
await prisma.$disconnect();
process.exit(0);
