import type { Prisma, PrismaClient } from "@prisma/client";
import { withTraceContext } from "../observability/tracing.server";
import type { BossEngine } from "./boss-engine.server";
import type { JobQueue, JobSpec } from "./types";

type Db = PrismaClient | Prisma.TransactionClient;

export const DEFAULT_MAX_ATTEMPTS = 8;

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

export function jobCreateData(spec: JobSpec): Prisma.JobCreateInput {
  return {
    name: spec.name,
    payload: JSON.stringify(withTraceContext(spec.payload) ?? null),
    shop: spec.shop ?? null,
    orderingKey: spec.orderingKey ?? null,
    dedupeKey: spec.dedupeKey ?? null,
    runAt: spec.runAt ?? new Date(),
    maxAttempts: spec.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  };
}

/**
 * Jobs as rows in the app's own database. With no engine this is the embedded default backend
 * (the Worker claims the rows itself). With a pg-boss engine (PostgreSQL) the rows are the
 * transactional outbox that the worker relays into pg-boss: enqueue is the same either way, so
 * it can join the caller's transaction.
 */
export class DbJobQueue implements JobQueue {
  private listeners = new Set<() => void>();
  readonly engine: BossEngine | null;

  constructor(
    private readonly db: PrismaClient,
    options: { engine?: BossEngine | null } = {},
  ) {
    this.engine = options.engine ?? null;
  }

  /** The worker subscribes so that a fresh job starts without waiting for the next poll. */
  onEnqueue(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify() {
    for (const l of this.listeners) l();
  }

  async enqueue(spec: JobSpec, tx?: Prisma.TransactionClient): Promise<void> {
    const db: Db = tx ?? this.db;
    try {
      await db.job.create({ data: jobCreateData(spec) });
    } catch (error) {
      if (spec.dedupeKey && isUniqueViolation(error)) return;
      throw error;
    }
    // Inside a transaction the row is not visible until commit; the poll picks it up then.
    if (!tx) this.notify();
  }

  async schedule(name: string, jobName: string, intervalMs: number, payload: unknown = {}): Promise<void> {
    await this.db.jobSchedule.upsert({
      where: { name },
      create: { name, jobName, intervalMs, payload: JSON.stringify(payload), nextRunAt: new Date(Date.now() + intervalMs) },
      update: { jobName, intervalMs, payload: JSON.stringify(payload) },
    });
  }

  async cancelShopJobs(shop: string): Promise<number> {
    const { count } = await this.db.job.updateMany({
      where: { shop, status: "queued" },
      data: { status: "cancelled", finishedAt: new Date() },
    });
    return count;
  }
}
