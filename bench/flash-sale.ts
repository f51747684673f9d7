// Flash sale (DESIGN §8: 3 stores, 2,000 concurrent orders; P1–P5 hold; oversold units ≤ sales
// during one p95 propagation window, 0 with a matching buffer).
//
//   npx tsx bench/flash-sale.ts [--orders 2000] [--units 500] [--window 4000]
//
// The stand-in (real store + Admin API semantics, 50–150 ms per request, standard throttle)
// runs in a child process and takes the orders at their own pace: 2,000 single-unit orders
// spread evenly over the 3 stores and over `window` ms; a store refuses an order for a unit it
// shows as sold out (DENY). Its inventory webhooks are POSTed to this process, which runs the
// app's real intake, queue, worker and engine. Prints oversold units, final values, writes,
// time to convergence, checks P1–P5; then runs again with the per-store buffer it suggests.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { prepareEnv, sleep, writeResult } from "./_sync-env";

prepareEnv();
const args = process.argv.slice(2);
const arg = (n: string, d: number) => (args.includes(`--${n}`) ? Number(args[args.indexOf(`--${n}`) + 1]) : d);
const ORDERS = arg("orders", 2000);
const UNITS = arg("units", 500);
const WINDOW = arg("window", 4000);

const { default: prisma } = await import("../app/db.server");
const { AdminClient } = await import("../app/admin/client.server");
const { setSyncAdminClientFactory } = await import("../app/sync/admin-ops.server");
const { writerStats } = await import("../app/sync/writer.server");
const { createGroup, createShareKey, enableGroup, joinGroup } = await import("../app/sync/groups.server");
const { acceptDelivery } = await import("../app/webhooks/intake.server");
const { dbQueue } = await import("../app/queue/index.server");
const { Worker } = await import("../app/queue/worker.server");
await import("../app/jobs.server");

interface Hook { shop: string; eventId: string; triggeredAt: string; payload: unknown; external: boolean }
const delivered: Hook[] = [];
const receiver = createServer(async (req, res) => {
  let s = "";
  for await (const c of req) s += c;
  const w = JSON.parse(s) as Hook;
  delivered.push(w);
  await acceptDelivery({ shop: w.shop, topic: "inventory_levels/update", eventId: w.eventId, webhookId: randomUUID(), apiVersion: "2026-10", triggeredAt: new Date(w.triggeredAt), headers: {}, rawBody: JSON.stringify(w.payload) });
  res.writeHead(200).end();
});
await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;
const child = spawn(process.execPath, ["--import", "tsx", "bench/_standin-child.ts", hookUrl], { stdio: ["ignore", "pipe", "inherit"] });
process.on("exit", () => child.kill());
const { origin } = await new Promise<{ origin: string }>((resolve) => createInterface({ input: child.stdout! }).once("line", (l) => resolve(JSON.parse(l))));
const ctl = async (path: string, body?: unknown) => (await fetch(`${origin}${path}`, body ? { method: "POST", body: JSON.stringify(body) } : {})).json();

const clients = new Map<string, InstanceType<typeof AdminClient>>();
setSyncAdminClientFactory((shop) => clients.get(shop)!);
const worker = new Worker(prisma, dbQueue, { concurrency: 16, pollMs: 20, backoff: { baseMs: 100, maxMs: 2_000 } });
worker.start();

async function quiet(): Promise<boolean> {
  await ctl("/control/idle");
  const busy = await prisma.job.count({ where: { status: { in: ["queued", "running"] } } });
  const inbox = await prisma.webhookInbox.count({ where: { status: "received" } });
  return busy === 0 && inbox === 0;
}

async function run(label: string, buffer: number) {
  const sku = `FLASH-${label}`;
  const handles = [0, 1, 2].map((i) => `${label}-shop-${i}`);
  const shops = (await ctl("/control/setup", { shops: handles, sku, units: UNITS, latencyMs: [50, 150] })) as { domain: string; token: string; locationGid: string; productId: string; variantId: string; inventoryItemId: string }[];
  for (const s of shops) {
    const handle = s.domain.split(".")[0];
    clients.set(s.domain, new AdminClient({ shop: s.domain, getToken: async () => ({ token: s.token, expiresAt: null }), endpoint: `${origin}/store/${handle}/admin/api/2026-10/graphql.json`, fetch: globalThis.fetch }));
    await prisma.shop.create({ data: { domain: s.domain } });
    await prisma.catalogVariant.create({ data: { shop: s.domain, variantId: s.variantId, productId: s.productId, inventoryItemId: s.inventoryItemId, title: sku, sku } });
  }
  const domains = shops.map((s) => s.domain);
  const { group, shareKey } = await createGroup(domains[0], { name: label, locationId: shops[0].locationGid, buffer });
  await joinGroup(domains[1], shareKey, { locationId: shops[1].locationGid, buffer });
  await joinGroup(domains[2], (await createShareKey(group.id, domains[0])).key, { locationId: shops[2].locationGid, buffer });
  await enableGroup(group.id, domains[0]);
  for (let i = 0; i < 600 && !(await quiet()); i++) await sleep(100);
  const levels = async () => (await ctl(`/control/levels?sku=${sku}&shops=${domains.join(",")}`)) as Record<string, number>;
  const mutations0 = writerStats.mutations;
  const quantities0 = writerStats.quantities;
  const delivered0 = delivered.length;
  const start = Date.now();
  const flash = (await ctl("/control/flash", { orders: ORDERS, windowMs: WINDOW, sku, shops: domains })) as { sold: number; refused: number; ms: number };
  let converged = NaN;
  let item = await prisma.syncItem.findFirstOrThrow({ where: { groupId: group.id, sku } });
  for (const deadline = Date.now() + 180_000; Date.now() < deadline; await sleep(100)) {
    if (!(await quiet())) continue;
    item = await prisma.syncItem.findFirstOrThrow({ where: { groupId: group.id, sku } });
    const v = await levels();
    if (Object.values(v).every((x) => x === Math.max(0, item.pool - buffer))) {
      converged = Date.now() - start;
      break;
    }
  }
  const values = await levels();
  const checks: Record<string, boolean> = {};
  checks.P1 = Object.values(values).every((x) => x === Math.max(0, item.pool - buffer));
  checks.P2 = item.pool === UNITS - flash.sold;
  const mine = delivered.slice(delivered0);
  const appIds = mine.filter((w) => !w.external).map((w) => w.eventId);
  let echoCounted = 0;
  for (let i = 0; i < appIds.length; i += 500) echoCounted += await prisma.syncObservation.count({ where: { eventId: { in: appIds.slice(i, i + 500) }, result: "external" } });
  checks.P3 = echoCounted === 0;
  const before = JSON.stringify({ pool: item.pool, version: item.version, values });
  for (const w of mine.slice(-300)) await acceptDelivery({ shop: w.shop, topic: "inventory_levels/update", eventId: w.eventId, webhookId: randomUUID(), apiVersion: "2026-10", triggeredAt: new Date(w.triggeredAt), headers: {}, rawBody: JSON.stringify(w.payload) });
  for (let i = 0; i < 100 && !(await quiet()); i++) await sleep(100);
  const item2 = await prisma.syncItem.findFirstOrThrow({ where: { groupId: group.id, sku } });
  checks.P4 = before === JSON.stringify({ pool: item2.pool, version: item2.version, values: await levels() });
  const open = await prisma.syncException.findMany({ where: { groupId: group.id, status: "open" } });
  const oversell = open.filter((e) => e.class === "oversell");
  checks.P5 = open.filter((e) => e.class === "drift").length === 0 && (item.pool < 0 ? oversell.length === 1 : oversell.length === 0);
  return {
    label,
    bufferPerStore: buffer,
    orders: ORDERS,
    units: UNITS,
    windowMs: WINDOW,
    ordersPhaseMs: flash.ms,
    sold: flash.sold,
    refused: flash.refused,
    oversold: Math.max(0, flash.sold - UNITS),
    pool: item.pool,
    finalValues: values,
    mutations: writerStats.mutations - mutations0,
    quantitiesWritten: writerStats.quantities - quantities0,
    appLevelWrites: appIds.length,
    webhooks: mine.length,
    convergenceMs: converged,
    oversellExceptionAmount: oversell[0]?.amount ?? null,
    checks,
  };
}

function print(r: Awaited<ReturnType<typeof run>>) {
  console.log(`${r.label}: buffer ${r.bufferPerStore}/store — sold ${r.sold}, refused ${r.refused}, oversold ${r.oversold}, pool ${r.pool} (orders took ${r.ordersPhaseMs} ms)`);
  console.log(`   final ${JSON.stringify(r.finalValues)}; ${r.mutations} mutations (${r.quantitiesWritten} quantities, ${r.appLevelWrites} level writes) for ${r.webhooks} webhooks; converged ${r.convergenceMs} ms after the first order`);
  console.log(`   P1 ${r.checks.P1 ? "ok" : "FAIL"} · P2 ${r.checks.P2 ? "ok" : "FAIL"} · P3 ${r.checks.P3 ? "ok" : "FAIL"} · P4 ${r.checks.P4 ? "ok" : "FAIL"} · P5 ${r.checks.P5 ? "ok" : "FAIL"}${r.oversellExceptionAmount !== null ? ` (one oversell exception open, pool ${r.oversellExceptionAmount})` : ""}`);
}

console.log(`flash sale: 3 stores, 1 SKU × ${UNITS} units, ${ORDERS} single-unit orders over ${WINDOW} ms, API latency 50–150 ms, standard throttle (stand-in in its own process)`);
const first = await run("run1", 0);
print(first);
// Each store oversells what it sells before the others' writes land: hold that much back.
const suggested = Math.ceil(first.oversold / 3) + 1;
console.log(`suggested buffer per store: ${suggested}`);
const second = await run("run2", suggested);
print(second);
writeResult("flash-sale", { first, suggestedBuffer: suggested, second });
await worker.stop();
child.kill();
receiver.close();
await prisma.$disconnect();
process.exit(0);
