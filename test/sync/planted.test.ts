import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { engineConfig } from "../../app/sync/engine.server";
import { checkSyncProperty, resetEngineSwitches, setSettleMs } from "./property-model";

await prisma.$queryRawUnsafe("PRAGMA journal_mode=WAL").catch(() => undefined);
await prisma.$executeRawUnsafe("PRAGMA synchronous=OFF").catch(() => undefined);

afterEach(() => {
  resetEngineSwitches();
  setSettleMs(20_000);
});

// The property suite must be able to fail: with a planted bug it finds a counterexample.
describe("the property suite catches planted bugs", () => {
  it("echo detection off → P1–P5 fail", { timeout: 300_000 }, async () => {
    engineConfig.echoDetection = false;
    setSettleMs(3_000);
    const details = await checkSyncProperty({ numRuns: 60, seed: 42 });
    expect(details.failed).toBe(true);
    const msg = `${fc.defaultReportMessage(details) ?? ""}\nviolation: ${String(details.errorInstance)}`;
    console.log("echo detection off — counterexample:\n" + msg.slice(0, 1500));
    expect(msg).toMatch(/P[1-5]/);
  });

  it("compare-and-set off → P1–P5 fail", { timeout: 300_000 }, async () => {
    engineConfig.cas = false;
    setSettleMs(3_000);
    const details = await checkSyncProperty({ numRuns: 60, seed: 42 });
    expect(details.failed).toBe(true);
    const msg = `${fc.defaultReportMessage(details) ?? ""}\nviolation: ${String(details.errorInstance)}`;
    console.log("CAS off — counterexample:\n" + msg.slice(0, 1500));
    expect(msg).toMatch(/P[1-5]/);
  });
});
