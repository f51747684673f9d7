import fc from "fast-check";
import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import type { Protection } from "../../app/sync/targets";
import { checkSyncProperty, jobsByWorker, timing } from "./property-model";

/**
 * One property file: `runs` seeded scenarios (SYNC_PROPERTY_RUNS overrides; long run:
 * `npm run test:sync-properties:long`). On failure the seed, path and shrunk counterexample print.
 */
export function propertySuite(title: string, o: { runs: number; seedOffset: number; protections: Protection[]; workers?: number; minRuns?: number }) {
  const runs = Math.max(o.minRuns ?? 0, Number(process.env.SYNC_PROPERTY_RUNS ?? o.runs));
  const seed = Number(process.env.SYNC_PROPERTY_SEED ?? 20261126) + o.seedOffset;
  const path = process.env.SYNC_PROPERTY_PATH;
  describe(title, () => {
    it(`holds over ${runs} random scenarios (2–5 stores)`, { timeout: 1_800_000 }, async () => {
      await prisma.$queryRawUnsafe("PRAGMA journal_mode=WAL").catch(() => undefined);
      await prisma.$executeRawUnsafe("PRAGMA synchronous=OFF").catch(() => undefined);
      const details = await checkSyncProperty({ numRuns: runs, seed, path, space: { protections: o.protections }, workers: o.workers });
      console.log(`${title}: timing (ms): ${JSON.stringify(Object.fromEntries(Object.entries(timing).map(([k, v]) => [k, Math.round(v)])))}`);
      if (details.failed) console.error(`${fc.defaultReportMessage(details)}\nviolation: ${String(details.errorInstance)}`);
      expect(details.failed, details.failed ? `seed ${details.seed} path ${details.counterexamplePath}` : "").toBe(false);
      if (!path) expect(details.numRuns).toBe(runs);
      if ((o.workers ?? 1) > 1) {
        console.log(`${title}: jobs per worker ${JSON.stringify(jobsByWorker)}`);
        expect(jobsByWorker).toHaveLength(o.workers!);
        for (const n of jobsByWorker) expect(n).toBeGreaterThan(0);
      }
    });
  });
}
