import prisma from "./db.server";
import "./jobs.server";
import { log } from "./log.server";
import { databaseUrl, isPostgresUrl } from "./db-url";
import { dbQueue } from "./queue/index.server";
import { Worker } from "./queue/worker.server";
import { intakeInFlight } from "./webhooks/intake.server";
import { startWorkerProcess } from "./worker-process.server";

declare global {
  var stockroomWorker: Worker | undefined;
}

/**
 * Where the jobs run, by WORKER:
 * - `process`: a worker process beside this web process, so webhook acknowledgements never
 *   wait behind a job on this event loop (the default on PostgreSQL);
 * - `off`: none here; dedicated `npm run worker` processes do the work (at scale);
 * - `on`: in this process (the default on SQLite, and what the dedicated process itself uses).
 *   Measured (bench:webhook-intake): on SQLite a worker process acknowledges faster but runs the
 *   jobs about 5× slower, the two processes taking turns at the one write lock (docs/queue.md).
 */
export function ensureWorkerStarted(): Worker | undefined {
  const mode = process.env.WORKER || (isPostgresUrl(databaseUrl()) ? "process" : "on");
  if (mode === "off") return undefined;
  if (mode === "process") {
    startWorkerProcess();
    return undefined;
  }
  if (!globalThis.stockroomWorker) {
    const worker = new Worker(prisma, dbQueue, {
      concurrency: Number(process.env.WORKER_CONCURRENCY ?? 8),
      // How long a dead worker's jobs stay locked before another worker takes them (default 120 s).
      leaseMs: Number(process.env.WORKER_LEASE_MS) || undefined,
      // Sharing the web process: acknowledging Shopify's deliveries comes first.
      shouldYield: () => intakeInFlight() > 0,
    });
    worker.start();
    globalThis.stockroomWorker = worker;
    log("info", "worker started", { id: worker.id, engine: worker.engine });
  }
  return globalThis.stockroomWorker;
}
