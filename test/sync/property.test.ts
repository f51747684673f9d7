import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { checkSyncProperty, resetEngineSwitches, timing } from "./property-model";

// CI: SYNC_PROPERTY_RUNS (default 500 per file; property-b.test.ts runs another 500 with the next seed).
// Long run: SYNC_PROPERTY_RUNS=20000 SYNC_PROPERTY_SEED=<n> npx vitest run test/sync/property
const RUNS = Number(process.env.SYNC_PROPERTY_RUNS ?? 500);
const SEED = Number(process.env.SYNC_PROPERTY_SEED ?? 20261126);

await prisma.$queryRawUnsafe("PRAGMA journal_mode=WAL").catch(() => undefined);
await prisma.$executeRawUnsafe("PRAGMA synchronous=OFF").catch(() => undefined);

afterEach(resetEngineSwitches);

describe("sync engine properties P1–P5 (seed A)", () => {
  it(`holds over ${RUNS} random scenarios`, { timeout: 900_000 }, async () => {
    const details = await checkSyncProperty({ numRuns: RUNS, seed: SEED });
    console.log(`timing (ms): ${JSON.stringify(Object.fromEntries(Object.entries(timing).map(([k, v]) => [k, Math.round(v)])))}`);
    if (details.failed) console.error(`${fc.defaultReportMessage(details)}\nviolation: ${String(details.errorInstance)}`);
    expect(details.failed, details.failed ? `seed ${details.seed} path ${details.counterexamplePath}` : "").toBe(false);
    expect(details.numRuns).toBe(RUNS);
  });
});
