// pg-boss with two worker processes (PostgreSQL only: the file is excluded from SQLite runs, see
// vitest.config.ts): no two jobs of one ordering key ever run at once, and each key keeps its order.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { dbQueue, queue } from "../../app/queue/index.server";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
});
afterAll(async () => {
  await dbQueue.engine?.stop();
});

function startWorkerProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/queue-worker.ts"], {
    env: { ...process.env, WORKER_CONCURRENCY: "3" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      if (/ready \d+/.test(out)) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

describe("pg-boss with two worker processes", () => {
  it("never runs two jobs of one ordering key at once, and keeps each key's order", async () => {
    await prisma.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS queue_probe (key text, n int, pid int, started_at timestamptz(3), ended_at timestamptz(3))`);
    await prisma.$executeRawUnsafe(`TRUNCATE queue_probe`);
    const keys = ["sku-a", "sku-b", "sku-c", "sku-d", "sku-e", "sku-f", "sku-g", "sku-h"];
    const perKey = 4;
    // Enqueued before the workers start, so both find every key ready at once.
    for (let n = 1; n <= perKey; n++) {
      for (const key of keys) await queue.enqueue({ name: "test.slow", payload: { key, n, ms: 150 }, orderingKey: key });
    }
    // Unkeyed slow jobs too: they may overlap freely (and show the two workers really run in parallel).
    for (let n = 1; n <= 8; n++) await queue.enqueue({ name: "test.slow", payload: { key: "free", n, ms: 150 } });
    await Promise.all([startWorkerProcess(), startWorkerProcess()]);

    const total = keys.length * perKey + 8;
    await expect.poll(async () => Number((await prisma.$queryRawUnsafe<{ c: bigint }[]>(`SELECT count(*) AS c FROM queue_probe`))[0].c), { timeout: 90_000, interval: 250 }).toBe(total);
    const rows = await prisma.$queryRawUnsafe<{ key: string; n: number; pid: number; started_at: Date; ended_at: Date }[]>(`SELECT * FROM queue_probe ORDER BY started_at, n`);
    for (const key of keys) {
      const runs = rows.filter((r) => r.key === key);
      expect(runs.map((r) => r.n)).toEqual(Array.from({ length: perKey }, (_, i) => i + 1));
      for (let i = 1; i < runs.length; i++) expect(runs[i].started_at.getTime()).toBeGreaterThanOrEqual(runs[i - 1].ended_at.getTime());
    }
    // Not vacuous: both processes ran keyed jobs, and some keyed jobs of different keys overlapped.
    const keyed = rows.filter((r) => r.key !== "free");
    expect(new Set(keyed.map((r) => r.pid)).size).toBe(2);
    const overlapping = keyed.some((a) => keyed.some((b) => a.key !== b.key && a.started_at < b.ended_at && b.started_at < a.ended_at));
    expect(overlapping).toBe(true);
    expect(await prisma.job.count({ where: { status: "done" } })).toBe(total);
  }, 120_000);
});
