/**
 * Property model of the sync engine (DESIGN §4, P1–P7): random scenarios over 2–5 stores run
 * against the stand-in's real store + Admin API semantics and the app's real intake, queue,
 * worker and engine. Faults: duplicated / reordered / delayed / dropped webhooks, concurrent
 * edits racing the app's writes, failed / throttled writes, lost answers, process restarts.
 * P6 (no oversell under Guaranteed) and P7 (Automatic allocates a SKU nobody has bought yet) are
 * checked after every change the stand-in makes.
 */
import fc from "fast-check";
import prisma from "../../app/db.server";
import type { AdminClient } from "../../app/admin/client.server";
import type { EngineOptions } from "../../app/sync/engine.server";
import { reconcileGroup } from "../../app/sync/reconcile.server";
import type { Delivery } from "../../app/webhooks/intake.server";
import type { StartRule } from "../../app/sync/start-rules";
import type { Protection } from "../../app/sync/targets";
import { Store, StoreError } from "../../dev/store/index.ts";
import { createAdminApi, type AdminApi } from "../../dev/admin/index.ts";
import { API_KEY, Harness, resetSyncTables, type PendingWebhook } from "./harness";

export type Action =
  | { t: "sale"; m: number; q: number }
  | { t: "cancel"; m: number; restock: boolean }
  | { t: "refund"; m: number; restock: boolean }
  | { t: "edit"; m: number; value: number }
  | { t: "race"; m: number; kind: "sale" | "edit"; value: number }
  | { t: "loseAnswers"; m: number; times: number }
  | { t: "apiFaults"; errorRate: number; throttleRate: number }
  | { t: "process" }
  | { t: "restart" };

export interface Scenario {
  protection: Protection;
  /** automatic only: the merchant's threshold (null: measured) */
  allocateBelow: number | null;
  rule: "store" | "sum" | "lowest";
  stocks: number[];
  buffers: number[];
  driftThreshold: number;
  faults: { drop: number; duplicate: number; reorder: number; delay: number };
  actions: Action[];
  seed: number;
}

const member = (n: number) => fc.integer({ min: 0, max: n - 1 });

export interface ScenarioSpace {
  protections?: Protection[];
}

export function scenarioArb(space: ScenarioSpace = {}): fc.Arbitrary<Scenario> {
  const protections = space.protections ?? ["guaranteed"];
  return fc.integer({ min: 2, max: 5 }).chain((n) =>
    fc.record({
      protection: fc.constantFrom(...protections),
      allocateBelow: fc.constantFrom(null, 3, 8),
      rule: fc.constantFrom("store" as const, "sum" as const, "lowest" as const),
      // Half the scenarios start in step (same stock everywhere), half start apart (enable overwrites).
      stocks: fc.oneof(
        fc.integer({ min: 0, max: 12 }).map((v) => Array.from({ length: n }, () => v)),
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: n, maxLength: n }),
      ),
      buffers: fc.oneof(
        fc.constant(Array.from({ length: n }, () => 0)),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: n, maxLength: n }),
      ),
      driftThreshold: fc.constantFrom(1, 3, 1000),
      faults: fc.record({
        drop: fc.constantFrom(0, 0, 0.15),
        duplicate: fc.constantFrom(0, 0.3),
        reorder: fc.constantFrom(0, 0.5),
        delay: fc.constantFrom(0, 0.3),
      }),
      actions: fc.array(
        fc.oneof(
          { weight: 5, arbitrary: fc.record({ t: fc.constant("sale" as const), m: member(n), q: fc.integer({ min: 1, max: 3 }) }) },
          { weight: 2, arbitrary: fc.record({ t: fc.constant("cancel" as const), m: member(n), restock: fc.boolean() }) },
          { weight: 2, arbitrary: fc.record({ t: fc.constant("refund" as const), m: member(n), restock: fc.boolean() }) },
          { weight: 2, arbitrary: fc.record({ t: fc.constant("edit" as const), m: member(n), value: fc.integer({ min: 0, max: 15 }) }) },
          { weight: 3, arbitrary: fc.record({ t: fc.constant("race" as const), m: member(n), kind: fc.constantFrom("sale" as const, "edit" as const), value: fc.integer({ min: 0, max: 15 }) }) },
          { weight: 1, arbitrary: fc.record({ t: fc.constant("loseAnswers" as const), m: member(n), times: fc.integer({ min: 1, max: 6 }) }) },
          { weight: 1, arbitrary: fc.record({ t: fc.constant("apiFaults" as const), errorRate: fc.constantFrom(0, 0.3), throttleRate: fc.constantFrom(0, 0.3) }) },
          { weight: 3, arbitrary: fc.constant({ t: "process" as const }) },
          { weight: 1, arbitrary: fc.constant({ t: "restart" as const }) },
        ),
        { minLength: 1, maxLength: 6 },
      ),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
    }),
  );
}

let shared: { store: Store; api: AdminApi } | null = null;
export const timing = { setup: 0, actions: 0, p4: 0, scenarios: 0 };
/** Jobs each worker ran, summed over the scenarios (several workers: the jobs spread over them). */
export const jobsByWorker: number[] = [];
/** Longest a scenario may take to settle; a planted amplification bug never settles. */
export let settleMs = 20_000;
export function setSettleMs(ms: number) {
  settleMs = ms;
}
let counter = 0;

function sharedStandIn() {
  if (!shared) {
    const store = new Store({ seed: 7 });
    shared = { store, api: createAdminApi(store, { publicOrigin: "http://standin.test", sleep: async () => {} }) };
  }
  return shared;
}

function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

export interface Outcome {
  ok: boolean;
  failures: string[];
}

/** What a planted-bug test swaps in (faulty collaborators); production's otherwise. */
export interface Faulty {
  engine?: EngineOptions;
  wrapClient?: (shop: string, c: AdminClient) => Pick<AdminClient, "request">;
  delivery?: (d: Delivery) => Delivery;
}

/** Runs one scenario to quiescence and checks P1–P6; returns the violated properties. */
export async function runScenario(sc: Scenario, faulty: Faulty = {}, workers = 1): Promise<Outcome> {
  await resetSyncTables();
  timing.scenarios++;
  const h = new Harness({ ...sharedStandIn(), ...faulty, workers });
  const rand = rng(sc.seed);
  const run = ++counter;
  const shops: string[] = [];
  const orders: number[][] = sc.stocks.map(() => []);
  let dropped = 0;
  let held: PendingWebhook[] = [];
  const sku = `SKU-${run}`;
  try {
    h.store.setApiFaults({ errorRate: 0, throttleRate: 0, timeoutRate: 0, latencyMs: [0, 0], seed: sc.seed });
    for (let i = 0; i < sc.stocks.length; i++) {
      const s = await h.addShop(`p${run}-m${i}`);
      shops.push(s.domain);
      await h.addProduct(s.domain, [{ sku, stock: sc.stocks[i] }]);
    }
    h.outbox = [];
    const t0 = performance.now();
    const rule: StartRule = sc.rule === "store" ? { kind: "store", shop: shops[0] } : { kind: sc.rule };
    const group = await h.link({ buffers: sc.buffers, driftThreshold: sc.driftThreshold, protection: sc.protection, allocateBelow: sc.protection === "automatic" ? sc.allocateBelow : undefined, rule });
    await h.settle({ maxMs: settleMs });
    timing.setup += performance.now() - t0;
    const t1 = performance.now();
    const item0 = await prisma.syncItem.findUniqueOrThrow({ where: { groupId_sku: { groupId: group.id, sku } } });
    const poolStart = item0.pool;
    const externalStart = sumExternal(h);
    // P6: from here on, after every change the stand-in makes, the stores together show at most
    // the units really left (start + every change that was not the app's own write).
    // P7: the same under Automatic with a measured threshold, as long as no store has sold (or
    // otherwise lost) a unit of the SKU: its velocity is unknown, so Automatic must allocate.
    let oversell: string | null = null;
    let changes = 0;
    let unsold = true;
    const watched = sc.protection === "guaranteed" ? "P6" : sc.protection === "automatic" && sc.allocateBelow === null ? "P7" : null;
    const check = (what: string) => {
      if (oversell || (watched === "P7" && !unsold)) return;
      const values = shops.map((s) => h.available(s, sku));
      const shown = values.reduce((a, v) => a + Math.max(0, v), 0);
      const left = poolStart + sumExternal(h) - externalStart;
      if (shown > left || left < 0) oversell = `${watched} oversell ${what}: stores show ${JSON.stringify(values)} = ${shown} > ${left} units really left`;
    };
    if (watched) check("once enabled");
    const stopWatch = watched
      ? h.store.on("inventory", (e) => {
          if (oversell || !shops.includes(e.shop) || e.sku !== sku) return;
          changes++;
          check(`after change ${changes} (${e.cause} at ${e.shop})`);
          const own = (e.cause === "api_set" || e.cause === "api_adjust") && e.appKey === API_KEY;
          if (!own && (e.deltas.available ?? 0) < 0) unsold = false;
        })
      : () => {};

    /** Delivers the outbox through the webhook fault model, then runs the worker. */
    const pump = async (final: boolean) => {
      for (let guard = 0; guard < 50; guard++) {
        const batch = [...held, ...h.outbox];
        held = [];
        h.outbox = [];
        const send: PendingWebhook[] = [];
        for (const w of batch) {
          if (!w.redelivery && rand() < sc.faults.drop) {
            dropped++;
            continue;
          }
          if (!final && rand() < sc.faults.delay) {
            held.push(w);
            continue;
          }
          send.push(w);
          if (rand() < sc.faults.duplicate) send.push(w);
        }
        // reorder: random swaps
        for (let i = send.length - 1; i > 0; i--) if (rand() < sc.faults.reorder) {
          const j = Math.floor(rand() * (i + 1));
          [send[i], send[j]] = [send[j], send[i]];
        }
        for (const w of send) await h.deliver(w);
        await h.settle({ deliver: false, maxMs: settleMs });
        if (!final || (!h.outbox.length && !held.length)) {
          if (!final) return;
          break;
        }
      }
    };

    for (const a of sc.actions) {
      const m = "m" in a ? a.m : 0;
      const shop = shops[m];
      switch (a.t) {
        case "sale":
          sale(h, shop, sku, a.q, orders[m]);
          break;
        case "cancel": {
          const id = orders[m].pop();
          if (id) h.store.cancelOrder(shop, id, { restock: a.restock });
          break;
        }
        case "refund": {
          const id = orders[m].pop();
          if (id) {
            const o = h.store.getOrder(shop, id);
            h.store.refundOrder(shop, id, { lineItems: [{ lineItemId: o.lineItems[0].id, quantity: 1 }], restock: a.restock });
          }
          break;
        }
        case "edit":
          h.store.setAvailable(shop, h.itemOf(shop, sku), h.shops.get(shop)!.locationId, a.value);
          break;
        case "race": {
          let armed = true;
          h.hook.beforeRequest = (info) => {
            if (!armed || !info.isMutation || info.shop !== shop) return;
            armed = false;
            if (a.kind === "sale") sale(h, shop, sku, 1, orders[m]);
            else h.store.setAvailable(shop, h.itemOf(shop, sku), h.shops.get(shop)!.locationId, a.value);
          };
          break;
        }
        case "loseAnswers": {
          let left = a.times;
          h.hook.loseAnswer = (info) => info.isMutation && info.shop === shop && left-- > 0;
          break;
        }
        case "apiFaults":
          h.store.setApiFaults({ errorRate: a.errorRate, throttleRate: a.throttleRate, seed: sc.seed });
          break;
        case "process":
          await pump(false);
          break;
        case "restart":
          h.restart();
          break;
      }
    }
    // quiescence: faults off for the API (the webhook faults stay on), deliver everything
    await pump(true);
    h.store.setApiFaults({ errorRate: 0, throttleRate: 0 });
    h.hook = {};
    await h.settle({ maxMs: settleMs });
    if (dropped > 0) {
      await reconcileGroup(h.deps, group.id, { by: "test" });
      await pump(true);
      await h.settle({ maxMs: settleMs });
    }
    timing.actions += performance.now() - t1;
    const t2 = performance.now();
    stopWatch();
    const failures = await checkProperties(h, { groupId: group.id, sku, shops, buffers: sc.buffers, poolStart, externalStart });
    if (oversell) failures.unshift(oversell);
    if (failures.length === 0) {
      // P4: redelivering every webhook (same event ids) changes nothing. The app's own scheduled
      // reconciliation (on PostgreSQL a pg-boss cron on wall-clock minutes) must not land in this
      // window: it may rightly rebalance to velocities that decayed meanwhile, which is no
      // redelivery effect. Marking the group reconciled makes the next schedule tick skip it.
      await prisma.syncGroup.update({ where: { id: group.id }, data: { lastReconciledAt: new Date() } });
      const before = await stateOf(h, group.id, sku, shops);
      const writes = h.appWrites;
      const recorded = await recordedFacts();
      for (const w of [...h.delivered]) await h.deliver({ ...w, redelivery: true });
      await h.settle({ maxMs: settleMs });
      const after = await stateOf(h, group.id, sku, shops);
      if (JSON.stringify(before) !== JSON.stringify(after) || h.appWrites !== writes) failures.push(`P4 redelivery changed state: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
      // Nor is anything recorded as new: a repeat is not a delivery, an observation or a stock event.
      const recordedAfter = await recordedFacts();
      if (JSON.stringify(recordedAfter) !== JSON.stringify(recorded)) failures.push(`P4 redelivery recorded new facts: ${JSON.stringify(recorded)} → ${JSON.stringify(recordedAfter)}`);
    }
    timing.p4 += performance.now() - t2;
    return { ok: failures.length === 0, failures };
  } catch (error) {
    // Not settling (e.g. writes that keep causing writes) is itself a violation of P1/P3.
    if (String(error).includes("not settled")) return { ok: false, failures: [`P1/P3 no quiescence: ${String(error).slice(0, 300)}`] };
    throw error;
  } finally {
    h.ranBy.forEach((n, i) => (jobsByWorker[i] = (jobsByWorker[i] ?? 0) + n));
    h.hook = {};
    h.store.setApiFaults({ errorRate: 0, throttleRate: 0 });
    h.dispose();
  }
}

function sale(h: Harness, shop: string, sku: string, q: number, orders: number[]) {
  const v = h.store.findVariantBySku(shop, sku)!;
  try {
    orders.push(h.store.placeOrder(shop, { lineItems: [{ variantId: v.id, quantity: q }] }).id);
  } catch (e) {
    if (!(e instanceof StoreError) || e.code !== "INSUFFICIENT_STOCK") throw e;
  }
}

function sumExternal(h: Harness): number {
  let s = 0;
  for (const v of h.external.values()) s += v;
  return s;
}

async function recordedFacts() {
  const [deliveries, observations, stockEvents] = await Promise.all([prisma.webhookInbox.count(), prisma.syncObservation.count(), prisma.stockEvent.count()]);
  return { deliveries, observations, stockEvents };
}

async function stateOf(h: Harness, groupId: string, sku: string, shops: string[]) {
  const item = await prisma.syncItem.findUniqueOrThrow({ where: { groupId_sku: { groupId, sku } } });
  return { pool: item.pool, version: item.version, paused: item.paused, values: shops.map((s) => h.available(s, sku)) };
}

async function checkProperties(
  h: Harness,
  c: { groupId: string; sku: string; shops: string[]; buffers: number[]; poolStart: number; externalStart: number },
): Promise<string[]> {
  const failures: string[] = [];
  const item = await prisma.syncItem.findUniqueOrThrow({ where: { groupId_sku: { groupId: c.groupId, sku: c.sku } } });
  const values = c.shops.map((s) => h.available(s, c.sku));
  const open = await prisma.syncException.findMany({ where: { groupId: c.groupId, status: "open", class: "drift" } });
  const driftAmount = open.reduce((a, e) => a + (e.amount ?? 0), 0);
  // P2 conservation (unexplained drift is held in its exception, not in the pool)
  const external = sumExternal(h) - c.externalStart;
  if (item.pool + driftAmount !== c.poolStart + external) {
    failures.push(`P2 conservation: pool ${item.pool} (+ open drift ${driftAmount}) ≠ start ${c.poolStart} + external ${external}`);
  }
  // P1 convergence (a paused SKU stops spreading: P5). Mirroring: every member shows
  // max(0, pool − buffer). Allocating: every member shows what the app knows it shows, none
  // below 0, and the allocations add up to the pool minus buffers.
  if (!item.paused && !item.allocating) {
    const targets = c.buffers.map((b) => Math.max(0, item.pool - b));
    if (JSON.stringify(values) !== JSON.stringify(targets)) failures.push(`P1 convergence: stores ${JSON.stringify(values)} ≠ targets ${JSON.stringify(targets)} (pool ${item.pool})`);
  }
  if (!item.paused && item.allocating) {
    const links = await prisma.syncLink.findMany({ where: { itemId: item.id, status: "linked" }, orderBy: { shop: "asc" } });
    const known = c.shops.map((s) => links.find((l) => l.shop === s)?.lastSeen);
    const want = Math.max(0, item.pool - c.buffers.reduce((a, b) => a + b, 0));
    const sum = values.reduce((a, v) => a + v, 0);
    if (JSON.stringify(values) !== JSON.stringify(known) || values.some((v) => v < 0) || sum !== want) {
      failures.push(`P1 convergence (allocation): stores ${JSON.stringify(values)} (app knows ${JSON.stringify(known)}) sum ${sum} ≠ pool ${item.pool} − buffers = ${want}`);
    }
  }
  // P3 no echo amplification: no webhook caused by the app's own write was counted as a change
  const appEventIds = h.delivered.filter((w) => !w.external).map((w) => w.eventId);
  if (appEventIds.length) {
    const counted = await prisma.syncObservation.count({ where: { groupId: c.groupId, eventId: { in: appEventIds }, result: "external" } });
    if (counted > 0) failures.push(`P3 echo amplification: ${counted} echo webhook(s) of the app's own writes were counted as external changes`);
  }
  // P5 visible trouble: a paused SKU has exactly one open drift exception and vice versa
  if (item.paused !== open.length > 0 || open.length > 1) failures.push(`P5: paused=${item.paused} with ${open.length} open drift exception(s)`);
  if (open.length && Math.abs(driftAmount) === 0) failures.push(`P5: open drift exception with zero amount`);
  return failures;
}

export interface PropertyRun {
  numRuns: number;
  seed: number;
  /** replays one failing scenario (the printed counterexample path) instead of a fresh run */
  path?: string;
  space?: ScenarioSpace;
  faulty?: Faulty;
  /** workers taking jobs from the queue side by side (default 1) */
  workers?: number;
}

/** Runs the property; on failure the message carries the seed, path and shrunk counterexample. */
export async function checkSyncProperty({ numRuns, seed, path, space, faulty, workers }: PropertyRun) {
  return fc.check(
    fc.asyncProperty(scenarioArb(space), async (sc) => {
      const o = await runScenario(sc, faulty, workers);
      if (!o.ok) throw new Error(o.failures.join("\n"));
    }),
    { numRuns, seed, ...(path ? { path } : {}), endOnFailure: false, interruptAfterTimeLimit: 900_000 },
  );
}
