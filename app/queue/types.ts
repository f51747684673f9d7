import type { Prisma } from "@prisma/client";

/** What a caller asks the queue to run. */
export interface JobSpec<P = unknown> {
  name: string;
  payload: P;
  /** Tenant the job belongs to: uninstall cancels a shop's pending jobs. */
  shop?: string | null;
  /** Jobs sharing a key run one at a time, in enqueue order. */
  orderingKey?: string | null;
  /** Enqueuing a second job with the same key is a no-op. */
  dedupeKey?: string | null;
  runAt?: Date;
  maxAttempts?: number;
}

export interface JobContext {
  jobId: string;
  attempt: number;
  maxAttempts: number;
  shop: string | null;
  log: (message: string, fields?: Record<string, unknown>) => void;
}

export type JobHandler<P = any> = (payload: P, ctx: JobContext) => Promise<void>;

/** Throw to dead-letter a job at once (a retry cannot help). */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

/**
 * The queue as callers see it. The embedded backend keeps jobs as rows in the app's own
 * database (so `enqueue` can join the caller's transaction); a pg-boss or BullMQ backend
 * implements the same interface at scale (see docs/queue.md).
 */
export interface JobQueue {
  enqueue(spec: JobSpec, tx?: Prisma.TransactionClient): Promise<void>;
  /** Registers (or updates) a recurring job. */
  schedule(name: string, jobName: string, intervalMs: number, payload?: unknown): Promise<void>;
  /** Cancels every job of a shop that has not started yet. */
  cancelShopJobs(shop: string): Promise<number>;
  /**
   * Wakes the workers after the caller's transaction that enqueued with `tx` has committed
   * (an enqueue without `tx` wakes them itself). Optional: a backend that polls may omit it.
   */
  notify?(): void;
}
