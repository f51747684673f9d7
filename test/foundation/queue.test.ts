import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { backoffDelayMs } from "../../app/queue/backoff";
import { DbJobQueue } from "../../app/queue/db-queue.server";
import { registerJob } from "../../app/queue/registry.server";
import { PermanentJobError } from "../../app/queue/types";
import { Worker } from "../../app/queue/worker.server";
import { resetDb } from "../support/db";

const queue = new DbJobQueue(prisma);
const fastBackoff = { baseMs: 20, maxMs: 200 };

async function runUntilSettled(worker: Worker, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await worker.drain();
    const pending = await prisma.job.count({ where: { status: { in: ["queued", "running"] } } });
    if (pending === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("jobs did not settle");
}

beforeEach(resetDb);

describe("job queue", () => {
  it("retries a transient failure with backoff until it succeeds", async () => {
    const attempts: number[] = [];
    registerJob("test.flaky", async (_p, ctx) => {
      attempts.push(Date.now());
      if (ctx.attempt < 3) throw new Error(`transient failure ${ctx.attempt}`);
    });
    await queue.enqueue({ name: "test.flaky", payload: {}, maxAttempts: 5 });
    await runUntilSettled(new Worker(prisma, queue, { backoff: fastBackoff }));
    const job = await prisma.job.findFirstOrThrow();
    expect(job).toMatchObject({ status: "done", attempts: 3, lastError: null });
    expect(attempts).toHaveLength(3);
    // Each retry waited at least half of its exponential delay (equal jitter).
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(10);
    expect(attempts[2] - attempts[1]).toBeGreaterThanOrEqual(20);
  });

  it("dead-letters a job that always fails, keeping its error", async () => {
    registerJob("test.broken", async () => {
      throw new Error("upstream said no");
    });
    await queue.enqueue({ name: "test.broken", payload: { x: 1 }, maxAttempts: 3 });
    await runUntilSettled(new Worker(prisma, queue, { backoff: fastBackoff }));
    const job = await prisma.job.findFirstOrThrow();
    expect(job.status).toBe("dead");
    expect(job.attempts).toBe(3);
    expect(job.lastError).toContain("upstream said no");
  });

  it("dead-letters at once on a permanent error", async () => {
    registerJob("test.permanent", async () => {
      throw new PermanentJobError("cannot ever work");
    });
    await queue.enqueue({ name: "test.permanent", payload: {}, maxAttempts: 5 });
    await runUntilSettled(new Worker(prisma, queue, { backoff: fastBackoff }));
    expect(await prisma.job.findFirstOrThrow()).toMatchObject({ status: "dead", attempts: 1 });
  });

  it("runs jobs of one ordering key one at a time in order, other keys in parallel", async () => {
    const log: string[] = [];
    let inFlightA = 0;
    let maxInFlightA = 0;
    registerJob<{ key: string; n: number }>("test.ordered", async ({ key, n }, ctx) => {
      if (key === "A") maxInFlightA = Math.max(maxInFlightA, ++inFlightA);
      await new Promise((r) => setTimeout(r, 5));
      if (key === "A" && n === 2 && ctx.attempt === 1) {
        inFlightA--;
        throw new Error("retry me");
      }
      log.push(`${key}${n}`);
      if (key === "A") inFlightA--;
    });
    for (let n = 1; n <= 5; n++) {
      await queue.enqueue({ name: "test.ordered", payload: { key: "A", n }, orderingKey: "A" });
      await queue.enqueue({ name: "test.ordered", payload: { key: "B", n }, orderingKey: "B" });
    }
    await runUntilSettled(new Worker(prisma, queue, { concurrency: 4, backoff: fastBackoff }));
    const a = log.filter((x) => x.startsWith("A"));
    const b = log.filter((x) => x.startsWith("B"));
    // A2 failed once; A3..A5 waited for its retry instead of overtaking it.
    expect(a).toEqual(["A1", "A2", "A3", "A4", "A5"]);
    expect(b).toEqual(["B1", "B2", "B3", "B4", "B5"]);
    expect(maxInFlightA).toBe(1);
  });

  it("a key whose head is running does not starve later jobs of other keys behind its backlog", async () => {
    const worker = new Worker(prisma, queue, { concurrency: 2 });
    // The head of "sku-A" is running; 100 jobs of that key wait behind it, more than the claim's
    // first window (8 × concurrency); then one job of another key and one without a key.
    await queue.enqueue({ name: "test.noop", payload: { n: 0 }, orderingKey: "sku-A" });
    await prisma.job.updateMany({ data: { status: "running", lockedAt: new Date(), lockedBy: "elsewhere" } });
    for (let i = 1; i <= 100; i++) await queue.enqueue({ name: "test.noop", payload: { n: i }, orderingKey: "sku-A" });
    await queue.enqueue({ name: "test.noop", payload: { other: true }, orderingKey: "sku-B" });
    await queue.enqueue({ name: "test.noop", payload: { plain: true } });
    const claimed = await worker.claim(2);
    expect(claimed.map((j) => JSON.parse(j.payload))).toEqual([{ other: true }, { plain: true }]);
    expect(await prisma.job.count({ where: { orderingKey: "sku-A", status: "running" } })).toBe(1);
  });

  it("ignores a second enqueue with the same dedupe key", async () => {
    await queue.enqueue({ name: "test.noop", payload: {}, dedupeKey: "once" });
    await queue.enqueue({ name: "test.noop", payload: {}, dedupeKey: "once" });
    expect(await prisma.job.count()).toBe(1);
  });

  it("fires a recurring schedule once per interval, even with two workers", async () => {
    let runs = 0;
    registerJob("test.tick", async () => {
      runs++;
    });
    await queue.schedule("tick", "test.tick", 60_000);
    await prisma.jobSchedule.update({ where: { name: "tick" }, data: { nextRunAt: new Date(Date.now() - 1) } });
    const w1 = new Worker(prisma, queue);
    const w2 = new Worker(prisma, queue);
    const fired = await Promise.all([w1.fireSchedules(new Date()), w2.fireSchedules(new Date())]);
    expect(fired[0] + fired[1]).toBe(1);
    await w1.drain();
    expect(runs).toBe(1);
    const s = await prisma.jobSchedule.findUniqueOrThrow({ where: { name: "tick" } });
    expect(s.nextRunAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
  });

  it("requeues a job whose worker died (lease expired) and cancels a shop's queued jobs", async () => {
    registerJob("test.noop", async () => {});
    await queue.enqueue({ name: "test.noop", payload: {}, shop: "a.myshopify.com" });
    await queue.enqueue({ name: "test.noop", payload: {}, shop: "b.myshopify.com" });
    await prisma.job.updateMany({
      where: { shop: "a.myshopify.com" },
      data: { status: "running", lockedBy: "dead-worker", lockedAt: new Date(Date.now() - 60_000) },
    });
    const worker = new Worker(prisma, queue, { leaseMs: 30_000 });
    expect(await worker.recoverExpiredLeases(new Date())).toBe(1);
    expect(await queue.cancelShopJobs("b.myshopify.com")).toBe(1);
    await worker.drain();
    expect(await prisma.job.findFirst({ where: { shop: "a.myshopify.com" } })).toMatchObject({ status: "done" });
    expect(await prisma.job.findFirst({ where: { shop: "b.myshopify.com" } })).toMatchObject({ status: "cancelled" });
  });

  it("holds back while intake is busy, but never longer than maxYieldMs", async () => {
    let ran = 0;
    registerJob("test.count", async () => {
      ran++;
    });
    await queue.enqueue({ name: "test.count", payload: {} });
    const worker = new Worker(prisma, queue, { pollMs: 10, shouldYield: () => true, maxYieldMs: 300 });
    worker.start();
    await new Promise((r) => setTimeout(r, 150));
    expect(ran).toBe(0); // still yielding
    await new Promise((r) => setTimeout(r, 600));
    await worker.stop();
    expect(ran).toBe(1); // the bound let it through
  });

  it("computes exponential backoff with equal jitter", () => {
    expect(backoffDelayMs(1, { baseMs: 1000, random: () => 0 })).toBe(500);
    expect(backoffDelayMs(1, { baseMs: 1000, random: () => 1 })).toBe(1000);
    expect(backoffDelayMs(4, { baseMs: 1000, random: () => 0.5 })).toBe(6000);
    expect(backoffDelayMs(30, { baseMs: 1000, maxMs: 60_000, random: () => 1 })).toBe(60_000);
  });
});
