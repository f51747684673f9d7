import { hostname } from "node:os";
import type { Job, PrismaClient } from "@prisma/client";
import { isDatabaseUnavailable } from "../db-unavailable.server";
import { errorMessage, log } from "../log.server";
import { backoffDelayMs } from "./backoff";
import { BossRunner } from "./boss-runner.server";
import type { DbJobQueue } from "./db-queue.server";
import { runJobObserved } from "../observability/jobs.server";
import { jobHandler } from "./registry.server";
import { PermanentJobError, type JobContext } from "./types";

export interface WorkerOptions {
  concurrency?: number;
  pollMs?: number;
  /** A running job whose lock is older than this is presumed lost (crashed worker) and requeued. */
  leaseMs?: number;
  backoff?: { baseMs?: number; maxMs?: number };
  workerId?: string;
  /**
   * Embedded mode: true while the process is busy acknowledging webhooks. The worker then
   * holds back (for at most `maxYieldMs` at a time) so Shopify's deliveries are answered first.
   */
  shouldYield?: () => boolean;
  maxYieldMs?: number;
}

const UNFINISHED = ["queued", "running"];

/**
 * Runs jobs from the database queue: claims ready jobs (one at a time per ordering key, in
 * id order), runs their handlers with bounded concurrency, retries failures with exponential
 * backoff and jitter, dead-letters after maxAttempts, fires recurring schedules, and
 * requeues jobs whose worker died. Several workers (processes) may share one database.
 */
export class Worker {
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly backoff: { baseMs?: number; maxMs?: number };
  readonly id: string;
  private running = false;
  private active = new Map<number, Promise<void>>();
  private wake: (() => void) | null = null;
  private loopDone: Promise<void> | null = null;
  private lastMaintenance = 0;
  private unsubscribe: (() => void) | null = null;
  private readonly shouldYield: () => boolean;
  private readonly maxYieldMs: number;
  private yieldingSince: number | null = null;
  /** Loop iterations in a row that found the database away (0: it answers). */
  private awayStreak = 0;
  private interruptPause: (() => void) | null = null;
  /** On PostgreSQL the queue's pg-boss engine runs the jobs; this class then only delegates. */
  private readonly boss: BossRunner | null;

  constructor(
    private readonly db: PrismaClient,
    private readonly queue: DbJobQueue,
    options: WorkerOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 8;
    this.pollMs = options.pollMs ?? 250;
    this.leaseMs = options.leaseMs ?? 120_000;
    this.backoff = options.backoff ?? {};
    this.id = options.workerId ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
    this.shouldYield = options.shouldYield ?? (() => false);
    this.maxYieldMs = options.maxYieldMs ?? 1_000;
    this.boss = queue.engine ? new BossRunner(db, queue, queue.engine, { concurrency: this.concurrency, backoff: this.backoff, workerId: this.id }) : null;
  }

  /** Which engine runs the jobs: "embedded" (rows claimed here) or "pg-boss". */
  get engine(): "embedded" | "pg-boss" {
    return this.boss ? "pg-boss" : "embedded";
  }

  /** Whether to hold back now; never for longer than maxYieldMs in a row, so work still flows. */
  private yielding(): boolean {
    if (!this.shouldYield()) {
      this.yieldingSince = null;
      return false;
    }
    const now = Date.now();
    this.yieldingSince ??= now;
    if (now - this.yieldingSince < this.maxYieldMs) return true;
    this.yieldingSince = null;
    return false;
  }

  start(): void {
    if (this.boss) return this.boss.start();
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.queue.onEnqueue(() => this.wake?.());
    this.loopDone = this.loop();
  }

  /** Stops claiming and waits for the jobs in flight. */
  async stop(): Promise<void> {
    if (this.boss) return this.boss.stop();
    this.running = false;
    this.unsubscribe?.();
    this.wake?.();
    this.interruptPause?.();
    await this.loopDone;
    await Promise.allSettled([...this.active.values()]);
  }

  /** Runs until no job is ready now (tests and scripts); returns how many jobs ran. */
  async drain({ timeoutMs = 30_000 } = {}): Promise<number> {
    if (this.boss) return this.boss.drain({ timeoutMs });
    const deadline = Date.now() + timeoutMs;
    let ran = 0;
    for (;;) {
      const claimed = await this.claim(this.concurrency);
      if (claimed.length === 0 && this.active.size === 0) return ran;
      ran += claimed.length;
      for (const job of claimed) this.track(job);
      await Promise.race([...this.active.values()]);
      if (Date.now() > deadline) throw new Error(`drain timed out with ${this.active.size} jobs running`);
    }
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        if (this.yielding()) {
          await new Promise((r) => setTimeout(r, 10));
          continue;
        }
        await this.maintenance();
        const free = this.concurrency - this.active.size;
        const claimed = free > 0 ? await this.claim(free) : [];
        for (const job of claimed) this.track(job);
        if (claimed.length === 0 || this.active.size >= this.concurrency) await this.sleep();
        this.awayStreak = 0;
      } catch (error) {
        log("error", "worker loop error", { error: errorMessage(error) });
        if (!isDatabaseUnavailable(error)) {
          await this.sleep();
          continue;
        }
        // The database is away: back off (1 s, 2 s, 4 s, then 8 s), not woken by new jobs. Every
        // attempt on a locked SQLite file holds this whole process for the busy timeout, so
        // polling on would starve the webhook intake sharing it (test/fault/db-away.test.ts).
        this.awayStreak++;
        await this.pauseAway(Math.min(8_000, 1_000 * 2 ** (this.awayStreak - 1)));
      }
    }
  }

  /** Waits `ms`, or until stop(). */
  private pauseAway(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.interruptPause = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.interruptPause = done;
    });
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, this.pollMs);
      this.wake = done;
    });
  }

  private track(job: Job): void {
    const p = this.execute(job).finally(() => {
      this.active.delete(job.id);
      this.wake?.();
    });
    this.active.set(job.id, p);
  }

  /** Claims up to `limit` ready jobs that are at the head of their ordering key. */
  async claim(limit: number): Promise<Job[]> {
    const now = new Date();
    const window = limit * 8;
    const ready = { status: "queued", runAt: { lte: now } };
    const eligible: Job[] = [];
    const held = new Set<string>();
    let after = 0;
    // A key whose head cannot run now (it is running, or waits for its retry) holds back every
    // later job of that key. When those fill the window, look past them (a few windows at most),
    // so one busy SKU's backlog never starves the rest of the queue.
    for (let pass = 0; pass < 4 && eligible.length < limit; pass++) {
      const candidates = await this.db.job.findMany({
        where: held.size ? { ...ready, id: { gt: after }, OR: [{ orderingKey: null }, { orderingKey: { notIn: [...held] } }] } : { ...ready, id: { gt: after } },
        orderBy: { id: "asc" },
        take: window,
      });
      if (candidates.length === 0) break;
      after = candidates[candidates.length - 1].id;
      const keys = [...new Set(candidates.map((c) => c.orderingKey).filter((k): k is string => !!k))];
      const heads = new Map<string, number>();
      if (keys.length > 0) {
        const rows = await this.db.job.groupBy({
          by: ["orderingKey"],
          where: { orderingKey: { in: keys }, status: { in: UNFINISHED } },
          _min: { id: true },
        });
        for (const r of rows) if (r.orderingKey && r._min.id !== null) heads.set(r.orderingKey, r._min.id);
      }
      for (const c of candidates) {
        if (eligible.length >= limit) break;
        if (!c.orderingKey || heads.get(c.orderingKey) === c.id) eligible.push(c);
        else held.add(c.orderingKey);
      }
      if (candidates.length < window) break;
    }
    if (eligible.length === 0) return [];
    // One conditional update claims them all; another worker can only have taken some of
    // them first, so read back which rows carry this claim (lockedBy + this exact lockedAt).
    const ids = eligible.map((c) => c.id);
    const { count } = await this.db.job.updateMany({
      where: { id: { in: ids }, status: "queued" },
      data: { status: "running", lockedAt: now, lockedBy: this.id, attempts: { increment: 1 } },
    });
    if (count === 0) return [];
    if (count === ids.length) return eligible.map((c) => ({ ...c, status: "running", lockedAt: now, lockedBy: this.id, attempts: c.attempts + 1 }));
    return this.db.job.findMany({ where: { id: { in: ids }, status: "running", lockedBy: this.id, lockedAt: now }, orderBy: { id: "asc" } });
  }

  private async execute(job: Job): Promise<void> {
    const handler = jobHandler(job.name);
    const ctx: JobContext = {
      jobId: String(job.id),
      attempt: job.attempts,
      maxAttempts: job.maxAttempts,
      shop: job.shop,
      log: (message, fields) => log("info", message, { job: job.name, jobId: job.id, ...fields }),
    };
    const heartbeat = setInterval(() => {
      // Not while the database is away (each attempt would hold the process; nobody can claim it).
      if (this.awayStreak > 0) return;
      void this.db.job
        .updateMany({ where: { id: job.id, lockedBy: this.id }, data: { lockedAt: new Date() } })
        .catch(() => undefined);
    }, Math.max(1_000, this.leaseMs / 3));
    try {
      if (!handler) throw new PermanentJobError(`no handler registered for job "${job.name}"`);
      const payload = JSON.parse(job.payload);
      await runJobObserved(job.name, payload, ctx, () => handler(payload, ctx));
      // updateMany: the job row may be gone (shop/redact erases a shop's jobs).
      await this.db.job.updateMany({
        where: { id: job.id },
        data: { status: "done", finishedAt: new Date(), lockedAt: null, lockedBy: null, lastError: null },
      });
    } catch (error) {
      // Recording the outcome needs the database too. When it is away (locked, unreachable) the
      // job stays claimed and, its heartbeat stopped, the lease requeues it (recoverExpiredLeases):
      // the rejection must not go unhandled, which would end the process.
      await this.fail(job, error).catch((failed) =>
        log("error", "job outcome not recorded; its lease will requeue it", { job: job.name, jobId: job.id, error: errorMessage(failed) }),
      );
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async fail(job: Job, error: unknown): Promise<void> {
    const message = errorMessage(error).slice(0, 4_000);
    const dead = error instanceof PermanentJobError || job.attempts >= job.maxAttempts;
    if (dead) {
      log("error", "job dead-lettered", { job: job.name, jobId: job.id, attempts: job.attempts, error: message });
      await this.db.job.updateMany({
        where: { id: job.id },
        data: { status: "dead", lastError: message, finishedAt: new Date(), lockedAt: null, lockedBy: null },
      });
      return;
    }
    const delay = backoffDelayMs(job.attempts, this.backoff);
    log("warn", "job failed, will retry", { job: job.name, jobId: job.id, attempt: job.attempts, delayMs: delay, error: message });
    await this.db.job.updateMany({
      where: { id: job.id },
      data: { status: "queued", runAt: new Date(Date.now() + delay), lastError: message, lockedAt: null, lockedBy: null },
    });
  }

  /** Requeues jobs of dead workers and fires due schedules, at most once a second. */
  private async maintenance(): Promise<void> {
    const now = Date.now();
    if (now - this.lastMaintenance < 1_000) return;
    this.lastMaintenance = now;
    await this.recoverExpiredLeases(new Date(now));
    await this.fireSchedules(new Date(now));
  }

  async recoverExpiredLeases(now: Date): Promise<number> {
    const { count } = await this.db.job.updateMany({
      where: { status: "running", lockedAt: { lt: new Date(now.getTime() - this.leaseMs) } },
      data: { status: "queued", lockedAt: null, lockedBy: null },
    });
    if (count > 0) log("warn", "requeued jobs of a lost worker", { count });
    return count;
  }

  async fireSchedules(now: Date): Promise<number> {
    const due = await this.db.jobSchedule.findMany({ where: { nextRunAt: { lte: now } } });
    let fired = 0;
    for (const s of due) {
      // Only the worker that moves nextRunAt forward enqueues: safe with several workers.
      const { count } = await this.db.jobSchedule.updateMany({
        where: { name: s.name, nextRunAt: s.nextRunAt },
        data: { nextRunAt: new Date(now.getTime() + s.intervalMs) },
      });
      if (count !== 1) continue;
      await this.queue.enqueue({
        name: s.jobName,
        payload: JSON.parse(s.payload),
        dedupeKey: `schedule:${s.name}:${s.nextRunAt.toISOString()}`,
      });
      fired++;
    }
    return fired;
  }
}
