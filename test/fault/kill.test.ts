// Fault injection: kill -9 the app at seeded random points during a flash-sale-like stream of
// orders in two linked stores, restart it, and check at quiescence that every webhook the app
// acknowledged was processed and that P1–P5 hold (docs/hardening.md).
// On SQLite the web process runs the embedded worker; on PostgreSQL (TEST_DB=postgres) a
// separate worker process runs beside it and the kills alternate between the two.
//
//   FAULT_KILLS=100 FAULT_ORDERS=600 FAULT_SEED=7 npm run test:fault:long
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreError } from "../../dev/store/index.ts";
import { AppProcesses, sleep } from "./harness";
import { checkQuiescence, domain, setUpFlashSale, SHOPS, shown, type FlashSetup } from "./setup-sync";

const SEED = Number(process.env.FAULT_SEED ?? 20261202);
const KILLS = Number(process.env.FAULT_KILLS ?? 20);
const ORDERS = Number(process.env.FAULT_ORDERS ?? 120);
const UNITS = Number(process.env.FAULT_UNITS ?? 100);
const POSTGRES = (process.env.DATABASE_URL ?? "").startsWith("postgres");

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let app: AppProcesses;
let setup: FlashSetup;

beforeAll(async () => {
  app = await new AppProcesses({
    databaseUrl: process.env.DATABASE_URL!,
    separateWorker: POSTGRES,
    // Shopify's retry schedule (1 min … 1.7 h), scaled down so the suite fits in CI.
    standin: { rngSeed: SEED, webhooks: { retryScale: 0.004 } },
  }).start();
  setup = await setUpFlashSale(app, "FLASH-KILL", UNITS);
  const first = await checkQuiescence(app, setup, 0);
  expect(first.checks.P1, "converged before the sale").toBe(true);
}, 600_000);
afterAll(async () => {
  await app?.stop();
});

describe(`kill -9 during a flash sale (${POSTGRES ? "PostgreSQL, separate worker" : "SQLite, embedded worker"})`, () => {
  it(`loses no acknowledged webhook over ${KILLS} kills and P1–P5 hold at quiescence`, async () => {
    const random = rng(SEED);
    const killAt = new Set<number>();
    while (killAt.size < Math.min(KILLS, ORDERS)) killAt.add(Math.floor(random() * ORDERS));
    let sold = 0;
    let refused = 0;
    let survived = 0;
    const t0 = Date.now();
    for (let i = 0; i < ORDERS; i++) {
      const h = SHOPS[random() < 0.5 ? 0 : 1];
      try {
        app.standin.control.placeOrder({ shop: h, lines: [{ variantId: setup.variantIds[h], quantity: 1 }] });
        sold++;
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        refused++;
      }
      if (killAt.has(i)) {
        // Let some deliveries and jobs be in flight, then pull the plug.
        await sleep(Math.floor(random() * 400));
        const role = POSTGRES && random() < 0.5 ? "worker" : "web";
        await app.kill9(role);
        await sleep(Math.floor(random() * 300));
        await app.restart(role);
        survived++;
      } else {
        await sleep(10 + Math.floor(random() * 60));
      }
    }
    const q = await checkQuiescence(app, setup, sold, 300_000);
    const lost = q.unprocessed.length;
    console.log(
      `fault/kill (${POSTGRES ? "PostgreSQL" : "SQLite"}, seed ${SEED}): kills survived ${survived}/${killAt.size} ` +
        `(web ${app.web.killed}, worker ${app.worker.killed}); orders ${ORDERS} (sold ${sold}, refused ${refused}) in ${((Date.now() - t0) / 1000).toFixed(1)} s; ` +
        `webhooks acknowledged ${q.acknowledged}; events lost ${lost}; pool ${q.pool}, stores ${JSON.stringify(q.values)}; ` +
        `applied external changes ${q.applied}; open exceptions ${q.openExceptions}; ` +
        Object.entries(q.checks)
          .map(([k, v]) => `${k} ${v ? "ok" : "FAIL"}`)
          .join(" ") +
        `; crashes ${app.crashes}` +
        (lost || !Object.values(q.checks).every(Boolean) ? `\n  unprocessed: ${q.unprocessed.slice(0, 10).join(", ")}\n${app.logTail(30)}` : ""),
    );
    expect(survived).toBe(killAt.size);
    expect(lost).toBe(0);
    expect(q.checks).toEqual({ acked: true, P1: true, P2: true, P3: true, P4: true, P5: true });
    expect(app.crashes).toBe(0);
    expect(shown(app.standin.store, setup, SHOPS[0])).toBe(Math.max(0, UNITS - sold));
    expect(domain(SHOPS[1])).toBe("south-shop.myshopify.com");
  }, 1_800_000);
});
