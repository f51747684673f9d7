import prisma from "./db.server";
import "./jobs.server";
import { log } from "./log.server";
import { dbQueue } from "./queue/index.server";
import { Worker } from "./queue/worker.server";
import { intakeInFlight } from "./webhooks/intake.server";

declare global {
  var stockroomWorker: Worker | undefined;
}

/**
 * Embedded mode: the web process also runs the worker. Set WORKER=off on web processes when
 * dedicated worker processes (`npm run worker`) do the work at scale.
 */
export function ensureWorkerStarted(): Worker | undefined {
  if (process.env.WORKER === "off") return undefined;
  if (!globalThis.stockroomWorker) {
    const worker = new Worker(prisma, dbQueue, {
      concurrency: Number(process.env.WORKER_CONCURRENCY ?? 8),
      // Sharing the web process: acknowledging Shopify's deliveries comes first.
      shouldYield: () => intakeInFlight() > 0,
    });
    worker.start();
    globalThis.stockroomWorker = worker;
    log("info", "worker started", { id: worker.id });
  }
  return globalThis.stockroomWorker;
}
