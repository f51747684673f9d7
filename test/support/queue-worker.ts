// A worker process for the multi-process queue tests: the app's worker (pg-boss on PostgreSQL)
// plus a deliberately slow job that records when it ran, in a probe table the test created.
// Prints "ready <pid>" once it has started.
import prisma from "../../app/db.server";
import { registerJob } from "../../app/queue/registry.server";
import { ensureWorkerStarted } from "../../app/worker.server";

registerJob<{ key: string; n: number; ms: number }>("test.slow", async ({ key, n, ms }) => {
  const started = new Date();
  await new Promise((r) => setTimeout(r, ms));
  await prisma.$executeRawUnsafe(
    `INSERT INTO queue_probe (key, n, pid, started_at, ended_at) VALUES ($1, $2, $3, $4, $5)`,
    key,
    n,
    process.pid,
    started,
    new Date(),
  );
});

process.env.WORKER = "on";
ensureWorkerStarted();
process.stdout.write(`ready ${process.pid}\n`);
