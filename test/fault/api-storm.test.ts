// Fault injection: an Admin API storm (5xx, timeouts, THROTTLED) for FAULT_STORM_MS (60 s)
// while orders keep coming in two linked stores. Nothing is lost, no job runs hot (bounded
// attempts, bounded Admin API requests per order), and once the storm is over everything
// converges with no exception left open (nothing stays broken, so nothing may be flagged).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreError } from "../../dev/store/index.ts";
import { AppProcesses, sleep } from "./harness";
import { checkQuiescence, setUpFlashSale, SHOPS, type FlashSetup } from "./setup-sync";

const STORM_MS = Number(process.env.FAULT_STORM_MS ?? 60_000);
const POSTGRES = (process.env.DATABASE_URL ?? "").startsWith("postgres");

let app: AppProcesses;
let setup: FlashSetup;

beforeAll(async () => {
  app = await new AppProcesses({ databaseUrl: process.env.DATABASE_URL!, separateWorker: POSTGRES, standin: { rngSeed: 11, webhooks: { retryScale: 0.004 } } }).start();
  setup = await setUpFlashSale(app, "FLASH-STORM", 80);
  expect((await checkQuiescence(app, setup, 0)).checks.P1).toBe(true);
}, 600_000);
afterAll(async () => {
  await app?.stop();
});

describe("Admin API storm", () => {
  it("loses nothing, runs no job hot and leaves no exception open once the API is back", async () => {
    const { default: prisma } = await import("../../app/db.server");
    app.standin.control.apiFaults({ errorRate: 0.3, timeoutRate: 0.1, timeoutMs: 3_000, throttleRate: 0.3, latencyMs: [20, 80], seed: 11 });
    const t0 = Date.now();
    let sold = 0;
    let orders = 0;
    while (Date.now() - t0 < STORM_MS) {
      const h = SHOPS[orders++ % 2];
      try {
        app.standin.control.placeOrder({ shop: h, lines: [{ variantId: setup.variantIds[h], quantity: 1 }] });
        sold++;
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
      }
      await sleep(Math.max(200, STORM_MS / 40));
    }
    const duringStorm = await prisma.syncException.count({ where: { groupId: setup.groupId, status: "open" } });
    app.standin.control.apiFaults({ errorRate: 0, timeoutRate: 0, throttleRate: 0, latencyMs: [0, 0] });
    const q = await checkQuiescence(app, setup, sold, 300_000);
    const hottest = await prisma.job.aggregate({ _max: { attempts: true } });
    const dead = await prisma.job.count({ where: { status: { in: ["dead", "failed"] } } });
    console.log(
      `fault/api-storm (${POSTGRES ? "PostgreSQL" : "SQLite"}, ${(STORM_MS / 1000).toFixed(0)} s of 30 % 5xx, 10 % timeouts, 30 % THROTTLED): orders ${orders} (sold ${sold}); ` +
        `webhooks acknowledged ${q.acknowledged}; events lost ${q.unprocessed.length}; most attempts of one job ${hottest._max.attempts}; dead jobs ${dead}; ` +
        `open exceptions during the storm ${duringStorm}, after ${q.openExceptions}; ` +
        Object.entries(q.checks)
          .map(([k, v]) => `${k} ${v ? "ok" : "FAIL"}`)
          .join(" ") +
        `; crashes ${app.crashes}` +
        (q.unprocessed.length || !Object.values(q.checks).every(Boolean) ? `\n${app.logTail(30)}` : ""),
    );
    expect(q.unprocessed).toEqual([]);
    expect(q.checks).toEqual({ acked: true, P1: true, P2: true, P3: true, P4: true, P5: true });
    // No job runs hot: retries back off and stay bounded.
    expect(hottest._max.attempts ?? 0).toBeLessThanOrEqual(12);
    expect(dead).toBe(0);
    expect(app.crashes).toBe(0);
  }, 1_200_000);
});
