// The queue as the app runs it: pg-boss on PostgreSQL, the embedded queue on SQLite. The same
// tests hold on both; the two-process ordering test (queue-workers.pg.test.ts) needs PostgreSQL.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { deadLetters, discardJob, replayJob } from "../../app/queue/dead-letters.server";
import { dbQueue, queue } from "../../app/queue/index.server";
import { registerJob } from "../../app/queue/registry.server";
import { PermanentJobError } from "../../app/queue/types";
import { Worker } from "../../app/queue/worker.server";
import { resetDb } from "../support/db";

const SHOP = "queue-shop.myshopify.com";
const onPostgres = process.env.TEST_DB === "postgres";

beforeEach(resetDb);
afterAll(async () => {
  await dbQueue.engine?.stop();
});

async function settle(worker: Worker, until: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await worker.drain({ timeoutMs });
    if (await until()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("queue did not settle");
}

describe(`the app's queue (${onPostgres ? "pg-boss" : "embedded"})`, () => {
  it("runs on the engine the database calls for", () => {
    expect(new Worker(prisma, dbQueue).engine).toBe(onPostgres ? "pg-boss" : "embedded");
  });

  it("dead-letters a job that keeps failing, lists it with its error and payload, and replays it", async () => {
    let fail = true;
    const runs: number[] = [];
    registerJob<{ sku: string }>("test.flaky-upstream", async (_p, ctx) => {
      runs.push(ctx.attempt);
      if (fail) throw new Error("upstream is down");
    });
    await queue.enqueue({ name: "test.flaky-upstream", payload: { sku: "RED-1" }, shop: SHOP, maxAttempts: 2 });
    const worker = new Worker(prisma, dbQueue, { backoff: { baseMs: 10, maxMs: 20 } });
    await settle(worker, async () => (await prisma.job.count({ where: { status: "dead" } })) === 1);
    expect(runs).toEqual([1, 2]);

    const listed = await deadLetters(SHOP);
    expect(listed.jobs).toHaveLength(1);
    expect(listed.jobs[0]).toMatchObject({ name: "test.flaky-upstream", attempts: 2 });
    expect(listed.jobs[0].error).toContain("upstream is down");
    expect(JSON.parse(listed.jobs[0].payload)).toMatchObject({ sku: "RED-1" });
    if (onPostgres) expect((await dbQueue.engine!.deadCopies(listed.jobs[0].id)).length).toBe(1);

    // Another shop cannot replay it.
    expect(await replayJob("other.myshopify.com", listed.jobs[0].id)).toBe(false);
    fail = false;
    expect(await replayJob(SHOP, listed.jobs[0].id)).toBe(true);
    await settle(worker, async () => (await prisma.job.count({ where: { status: "done" } })) === 1);
    expect(runs).toEqual([1, 2, 1]);
    expect((await deadLetters(SHOP)).jobs).toHaveLength(0);
    // Re-driven out of the dead-letter queue, not copied: nothing is left there.
    if (onPostgres) expect((await dbQueue.engine!.deadCopies(listed.jobs[0].id)).filter((c) => c.state === "created")).toHaveLength(0);
  });

  it("dead-letters a permanent error at once, and discards it with a reason", async () => {
    registerJob("test.bad-input", async () => {
      throw new PermanentJobError("variant no longer exists");
    });
    await queue.enqueue({ name: "test.bad-input", payload: { n: 1 }, shop: SHOP, maxAttempts: 5 });
    const worker = new Worker(prisma, dbQueue);
    await settle(worker, async () => (await prisma.job.count({ where: { status: "dead" } })) === 1);
    const [job] = (await deadLetters(SHOP)).jobs;
    expect(job.attempts).toBe(1);
    expect(await discardJob(SHOP, job.id, "variant was deleted on purpose")).toBe(true);
    expect((await deadLetters(SHOP)).jobs).toHaveLength(0);
    expect(await prisma.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "discarded" });
    expect((await prisma.job.findUniqueOrThrow({ where: { id: job.id } })).lastError).toContain("variant was deleted on purpose");
    if (onPostgres) expect(await dbQueue.engine!.deadCopies(job.id)).toHaveLength(0);
  });

  it("a dead job releases its ordering key: later jobs of the key still run, in order", async () => {
    const seen: number[] = [];
    registerJob<{ n: number }>("test.keyed", async ({ n }) => {
      if (n === 1) throw new PermanentJobError("first one is broken");
      seen.push(n);
    });
    for (let n = 1; n <= 4; n++) await queue.enqueue({ name: "test.keyed", payload: { n }, orderingKey: "sku-9", shop: SHOP });
    const worker = new Worker(prisma, dbQueue);
    await settle(worker, async () => (await prisma.job.count({ where: { status: "done" } })) === 3);
    expect(seen).toEqual([2, 3, 4]);
  });
});
