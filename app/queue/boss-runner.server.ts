import { hostname } from "node:os";
import type { Job, PrismaClient } from "@prisma/client";
import type { JobResult, JobWithMetadata } from "pg-boss";
import { errorMessage, log } from "../log.server";
import { runJobObserved } from "../observability/jobs.server";
import { backoffDelayMs } from "./backoff";
import { ORDERED_QUEUE, RELAYED_BY, STANDARD_QUEUE, retryPolicy, type BossEngine, type BossJobData, type RetryPolicy } from "./boss-engine.server";
import type { DbJobQueue } from "./db-queue.server";
import { jobHandler } from "./registry.server";
import { syncSchedules } from "./boss-schedules.server";
import { PermanentJobError, type JobContext } from "./types";

type ClaimedRow = Pick<Job, "id" | "name" | "payload" | "shop" | "attempts" | "maxAttempts">;

export interface BossRunnerOptions {
  concurrency?: number;
  backoff?: { baseMs?: number; maxMs?: number };
  workerId?: string;
  /** How often the relay looks for rows other processes enqueued (this process's enqueues wake it at once). */
  relayPollMs?: number;
}

/**
 * The worker on PostgreSQL: relays committed Job rows into pg-boss, runs pg-boss's jobs with
 * the registered handlers (`boss.work`, per-job results: completed, failed → retried with
 * backoff, deadletter), and mirrors each outcome onto the Job row, which stays what the app's
 * pages, metrics and erasure read. Several processes may run one each.
 */
export class BossRunner {
  readonly id: string;
  private readonly concurrency: number;
  private readonly policy: RetryPolicy;
  private readonly backoff: { baseMs?: number; maxMs?: number };
  private readonly relayPollMs: number;
  private workIds: string[] = [];
  private running = false;
  private relayTimer: NodeJS.Timeout | null = null;
  private relaying: Promise<unknown> | null = null;
  private relayAgain = false;
  private wakeTimer: NodeJS.Timeout | null = null;
  private wakeDue = Infinity;
  private lastMaintenance = 0;
  private unsubscribe: (() => void) | null = null;
  private ran = 0;
  private inHand = 0;

  constructor(
    private readonly db: PrismaClient,
    private readonly queue: DbJobQueue,
    private readonly engine: BossEngine,
    options: BossRunnerOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 8;
    this.backoff = options.backoff ?? {};
    this.policy = retryPolicy(this.backoff);
    this.relayPollMs = options.relayPollMs ?? 50;
    this.id = options.workerId ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.queue.onEnqueue(() => this.kickRelay());
    void this.subscribe().catch((error) => log("error", "pg-boss worker failed to start", { error: errorMessage(error) }));
    const tick = () => {
      if (!this.running) return;
      this.kickRelay();
      this.relayTimer = setTimeout(tick, this.relayPollMs);
    };
    tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    if (this.relayTimer) clearTimeout(this.relayTimer);
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    this.wakeDue = Infinity;
    await this.relaying;
    const ids = this.workIds;
    this.workIds = [];
    for (const id of ids) await this.engine.boss.offWork(id.split("|")[0], { id: id.split("|")[1], wait: true }).catch(() => undefined);
  }

  /** Runs until no job is ready now (tests and scripts); returns how many jobs ran. */
  async drain({ timeoutMs = 30_000 } = {}): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    const wasRunning = this.running;
    if (!wasRunning) this.start();
    const before = this.ran;
    try {
      await this.engine.ready();
      let quiet = 0;
      for (;;) {
        if (Date.now() > deadline) throw new Error(`drain timed out with ${this.inHand} jobs running`);
        await this.relayOnce();
        const ready = await this.db.job.count({ where: { OR: [{ status: "queued", runAt: { lte: new Date() } }, { status: "running" }] } });
        // Twice quiet in a row: nothing left that is ready, and nothing in hand.
        quiet = ready === 0 && this.inHand === 0 ? quiet + 1 : 0;
        if (quiet >= 2) return this.ran - before;
        await new Promise((r) => setTimeout(r, 15));
      }
    } finally {
      if (!wasRunning) await this.stop();
    }
  }

  private async subscribe(): Promise<void> {
    await this.engine.ready();
    if (!this.running) return;
    const batchSize = Math.max(1, this.concurrency);
    // A full batch means more are waiting: fetch again at once (burst), else sleep until NOTIFY (or the 2 s floor).
    const options = { batchSize, localConcurrency: 1, includeMetadata: true, perJobResults: true, burstWhenBatchFull: true, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 2 } as const;
    // Two fetch loops per queue, each its own work() call: notifyWorker wakes only the first loop
    // of a work() call, and this runner wakes its loops itself (fetchAgainSoon, wakeAt).
    for (const name of [ORDERED_QUEUE, STANDARD_QUEUE]) {
      for (let loop = 0; loop < 2; loop++) {
        const id = await this.engine.boss.work<BossJobData, unknown, typeof options>(name, options, (jobs) => this.runBatch(jobs));
        this.workIds.push(`${name}|${id}`);
      }
    }
  }

  private kickRelay(): void {
    if (this.relaying) {
      this.relayAgain = true;
      return;
    }
    this.relaying = this.relayOnce()
      .catch((error) => log("warn", "relay to pg-boss failed, will retry", { error: errorMessage(error) }))
      .finally(() => {
        this.relaying = null;
        if (this.relayAgain && this.running) {
          this.relayAgain = false;
          this.kickRelay();
        }
      });
  }

  private async relayOnce(): Promise<void> {
    let moved = 0;
    for (let n; (n = await this.engine.relay(this.policy, undefined, (at) => this.wakeAt(at))) > 0; ) moved += n;
    // Rows this process relayed are fetched now, not at the next poll (pg-boss's own NOTIFY may
    // reach other processes; it is not relied on here).
    if (moved > 0) this.wakeAll();
    const now = Date.now();
    if (now - this.lastMaintenance >= 1_000) {
      this.lastMaintenance = now;
      await this.engine.releaseDeadKeys();
      await syncSchedules(this.db, this.queue, this.engine);
    }
  }

  private async runBatch(jobs: JobWithMetadata<BossJobData>[]): Promise<JobResult[]> {
    this.inHand += jobs.length;
    try {
      const rowIds = jobs.flatMap((j) => (j.data.rowId ? [j.data.rowId] : []));
      // Claim the mirrored rows in one statement: a cancelled or erased row is skipped.
      const rows = new Map<number, ClaimedRow>();
      if (rowIds.length) {
        const claimed = await this.db.$queryRawUnsafe<ClaimedRow[]>(
          `UPDATE "Job" SET status = 'running', "lockedAt" = now(), "lockedBy" = $2, attempts = attempts + 1, "updatedAt" = now()
            WHERE id = ANY($1::int[]) AND status IN ('queued', 'running')
            RETURNING id, name, payload, shop, attempts, "maxAttempts"`,
          rowIds,
          RELAYED_BY,
        );
        for (const r of claimed) rows.set(r.id, r);
      }
      const results = await Promise.all(jobs.map((j) => this.runOne(j, j.data.rowId ? rows.get(j.data.rowId) ?? null : null)));
      const done = results.filter((r) => r.status === "completed" && r.rowId).map((r) => r.rowId!);
      if (done.length) {
        await this.db.job.updateMany({
          where: { id: { in: done } },
          data: { status: "done", finishedAt: new Date(), lockedAt: null, lastError: null },
        });
      }
      // A dead keyed job holds its key in pg-boss until released: release it soon after pg-boss
      // has settled this batch, and wake this process's workers for the key's next job.
      if (results.some((r) => r.dead) && jobs.some((j) => j.singletonKey)) setTimeout(() => void this.releaseSoon(), 100);
      // key_strict_fifo hands out one job per key per fetch, and a key's next job raises no NOTIFY
      // (it was inserted long ago): fetch again as soon as this batch is settled instead of after
      // the polling interval, or a burst on one SKU would run at one job per interval.
      this.fetchAgainSoon(jobs);
      return results.map(({ id, status, output }) => ({ id, status, output }));
    } finally {
      this.inHand -= jobs.length;
    }
  }

  /**
   * pg-boss's NOTIFY fires when a row is inserted, not when a delayed one becomes due, so a
   * debounced job or a timer would wait for the 2 s backstop poll: wake this process's workers then.
   */
  private wakeAt(at: Date): void {
    const due = at.getTime();
    if (this.wakeTimer && this.wakeDue <= due) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeDue = due;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.wakeDue = Infinity;
      this.wakeAll();
    }, Math.max(0, due - Date.now()) + 5);
    this.wakeTimer.unref();
  }

  private wakeAll(): void {
    for (const w of this.workIds) this.engine.boss.notifyWorker(w.split("|")[1]);
  }

  private fetchAgainSoon(jobs: JobWithMetadata<BossJobData>[]): void {
    const queues = new Set(jobs.map((j) => j.name));
    for (const w of this.workIds) {
      const [queue, id] = w.split("|");
      if (queues.has(queue)) this.engine.boss.notifyWorker(id);
    }
  }

  private async releaseSoon(): Promise<void> {
    try {
      if ((await this.engine.releaseDeadKeys()) > 0) for (const w of this.workIds) this.engine.boss.notifyWorker(w.split("|")[1]);
    } catch (error) {
      log("warn", "could not release dead keys", { error: errorMessage(error) });
    }
  }

  private async runOne(job: JobWithMetadata<BossJobData>, row: ClaimedRow | null): Promise<JobResult & { rowId?: number; dead?: boolean }> {
    const rowId = job.data.rowId;
    if (rowId && !row) return { id: job.id, status: "completed", output: { skipped: "cancelled or erased" } };
    const name = row?.name ?? job.data.name;
    const handler = jobHandler(name);
    const attempt = row?.attempts ?? job.retryCount + 1;
    const maxAttempts = row?.maxAttempts ?? job.retryLimit + 1;
    const ctx: JobContext = {
      jobId: rowId ? String(rowId) : job.id,
      attempt,
      maxAttempts,
      shop: row?.shop ?? null,
      log: (message, fields) => log("info", message, { job: name, jobId: rowId ?? job.id, ...fields }),
    };
    // The handler sees its final attempt as the embedded queue reports it (ctx.attempt ≥ maxAttempts).
    const final = job.retryCount >= job.retryLimit;
    if (final) ctx.attempt = Math.max(ctx.attempt, ctx.maxAttempts);
    try {
      if (!handler) throw new PermanentJobError(`no handler registered for job "${name}"`);
      const payload: unknown = row ? JSON.parse(row.payload) : (job.data.payload ?? {});
      await runJobObserved(name, payload, ctx, () => handler(payload, ctx));
      this.ran++;
      return { id: job.id, status: "completed", rowId };
    } catch (error) {
      this.ran++;
      const message = errorMessage(error).slice(0, 4_000);
      const dead = error instanceof PermanentJobError || final;
      if (dead) log("error", "job dead-lettered", { job: name, jobId: rowId ?? job.id, attempts: attempt, error: message });
      else log("warn", "job failed, will retry", { job: name, jobId: rowId ?? job.id, attempt, error: message });
      if (rowId) {
        await this.db.job.updateMany({
          where: { id: rowId },
          data: dead
            ? { status: "dead", lastError: message, finishedAt: new Date(), lockedAt: null }
            : // Still the relay's (lockedBy stays): pg-boss retries it; runAt is when, roughly.
              { status: "queued", lastError: message, lockedAt: null, runAt: new Date(Date.now() + (this.policy.retryDelay ? backoffDelayMs(attempt, this.backoff) : 0)) },
        });
      }
      return { id: job.id, status: error instanceof PermanentJobError ? "deadletter" : "failed", output: { message }, rowId, dead };
    }
  }
}
