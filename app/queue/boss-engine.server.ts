import { randomBytes } from "node:crypto";
import pg from "pg";
import { PgBoss, type JobInsert, type JobWithMetadata } from "pg-boss";
import { errorMessage, log } from "../log.server";

// The pg-boss engine behind the JobQueue on PostgreSQL (docs/queue.md). Job rows in the app's
// database stay the transactional outbox: `enqueue(spec, tx)` commits with the caller's rows
// (inbox row and its job in one group commit, sync writes and their follow-up jobs), and the
// relay below moves committed rows into pg-boss in one PostgreSQL transaction, so a job is
// handed over exactly once. pg-boss then does what it is built for: per-key strict FIFO
// (`key_strict_fifo`), retries with backoff, heartbeats (a dead worker's job is retried),
// the dead-letter queue and its `redrive()`, cron schedules, LISTEN/NOTIFY wake-ups.

/** Jobs without an ordering key. */
export const STANDARD_QUEUE = "stockroom-jobs";
/** Jobs with an ordering key: one at a time per key, in enqueue order. */
export const ORDERED_QUEUE = "stockroom-ordered";
/** Where a job goes after its last attempt (or at once on a PermanentJobError). */
export const DEAD_QUEUE = "stockroom-dead";
/** Marks a Job row the relay has handed to pg-boss (the embedded worker never sees it). */
export const RELAYED_BY = "pg-boss";

/** What a pg-boss job carries: the outbox row it mirrors, or (cron) the job to run. */
export interface BossJobData {
  rowId?: number;
  name: string;
  payload?: unknown;
  schedule?: string;
}

export interface RetryPolicy {
  retryDelay: number;
  retryBackoff: boolean;
  retryDelayMax: number;
}

/** Today's policy (app/queue/backoff.ts): exponential from 1 s with jitter, at most 15 min. */
export function retryPolicy(backoff: { baseMs?: number; maxMs?: number } = {}): RetryPolicy {
  const baseMs = backoff.baseMs ?? 1_000;
  // pg-boss counts whole seconds; a sub-second base (tests, benches) retries at once.
  if (baseMs < 1_000) return { retryDelay: 0, retryBackoff: false, retryDelayMax: 0 };
  return { retryDelay: Math.round(baseMs / 1_000), retryBackoff: true, retryDelayMax: Math.round((backoff.maxMs ?? 15 * 60_000) / 1_000) };
}

/**
 * A pg-boss job id that sorts like the Job row id: within one relay batch every job has the
 * same created_on, and key_strict_fifo breaks that tie by id. The tail is random, so a row
 * replayed later gets a fresh id.
 */
export function orderedJobId(rowId: number): string {
  const head = rowId.toString(16).padStart(12, "0").slice(-12);
  const r = randomBytes(9).toString("hex");
  return `${head.slice(0, 8)}-${head.slice(8, 12)}-4${r.slice(0, 3)}-8${r.slice(3, 6)}-${r.slice(6, 18)}`;
}

interface OutboxRow {
  id: number;
  name: string;
  orderingKey: string | null;
  runAt: Date;
  maxAttempts: number;
}

const RELAY_LOCK = 726_354_001;

export class BossEngine {
  readonly boss: PgBoss;
  private readonly pool: pg.Pool;
  private started: Promise<void> | null = null;

  constructor(private readonly connectionString: string) {
    this.boss = new PgBoss({
      connectionString,
      schema: "pgboss",
      max: Number(process.env.PGBOSS_POOL_SIZE ?? 6),
      useListenNotify: true,
      registerInstance: false,
      // How soon a dead worker's jobs (no heartbeat for heartbeatSeconds) are retried elsewhere.
      superviseIntervalSeconds: Number(process.env.PGBOSS_SUPERVISE_SECONDS ?? 5),
      monitorIntervalSeconds: Number(process.env.PGBOSS_SUPERVISE_SECONDS ?? 5),
      // Telemetry of its own stays off: runJobObserved spans and metrics cover each job.
      openTelemetry: { enabled: false },
    });
    this.boss.on("error", (error) => log("error", "pg-boss error", { error: errorMessage(error) }));
    this.pool = new pg.Pool({ connectionString, max: 2 });
    // An idle connection the server ends (restart, failover) emits 'error' on the pool; unheard,
    // that event ends the process. The pool opens a new connection on next use.
    this.pool.on("error", (error) => log("warn", "queue database connection lost; reconnecting on next use", { error: errorMessage(error) }));
  }

  /** Installs or migrates pg-boss's schema (once per process) and creates the queues. */
  ready(): Promise<void> {
    this.started ??= (async () => {
      await this.boss.start();
      const queues = await this.boss.getQueues([DEAD_QUEUE, STANDARD_QUEUE, ORDERED_QUEUE]);
      const have = new Set(queues.map((q) => q.name));
      const common = { notify: true, heartbeatSeconds: 10, expireInSeconds: 15 * 60, deleteAfterSeconds: 24 * 3600, retentionSeconds: 14 * 24 * 3600 };
      const create = async (name: string, options: Parameters<PgBoss["createQueue"]>[1]) => {
        if (have.has(name)) return;
        try {
          await this.boss.createQueue(name, options);
        } catch (error) {
          // Another process created it first.
          if (!(await this.boss.getQueue(name))) throw error;
        }
      };
      await create(DEAD_QUEUE, { retentionSeconds: 365 * 24 * 3600, deleteAfterSeconds: 7 * 24 * 3600 });
      await create(STANDARD_QUEUE, { ...common, policy: "standard", deadLetter: DEAD_QUEUE });
      await create(ORDERED_QUEUE, { ...common, policy: "key_strict_fifo", deadLetter: DEAD_QUEUE });
    })();
    return this.started;
  }

  /**
   * Moves committed, not yet relayed Job rows into pg-boss. One relay at a time across all
   * processes (a session advisory lock taken before the transaction starts, so each batch's
   * created_on is later than the previous batch's), and the rows are marked in the same
   * transaction that inserts their pg-boss jobs. Returns how many rows moved.
   */
  /** Moves committed rows into pg-boss; `onDelayed` hears the earliest start of rows that are not due yet. */
  async relay(policy: RetryPolicy, limit = 1_000, onDelayed?: (runAt: Date) => void): Promise<number> {
    await this.ready();
    const client = await this.pool.connect();
    // pg-pool listens for 'error' only on idle connections: one that drops while checked out here
    // would emit it unheard and end the process. Note it, and discard the connection on release.
    let dropped: Error | undefined;
    const onDrop = (error: Error) => {
      dropped ??= error;
      log("warn", "queue relay connection lost", { error: errorMessage(error) });
    };
    client.on("error", onDrop);
    let locked = false;
    try {
      const { rows: lock } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [RELAY_LOCK]);
      locked = lock[0]?.ok === true;
      if (!locked) return 0;
      await client.query("BEGIN");
      try {
        const { rows } = await client.query<OutboxRow>(
          `SELECT id, name, "orderingKey", "runAt", "maxAttempts" FROM "Job"
            WHERE status = 'queued' AND "lockedBy" IS NULL ORDER BY id LIMIT $1 FOR UPDATE`,
          [limit],
        );
        if (rows.length === 0) {
          await client.query("COMMIT");
          return 0;
        }
        const db = { executeSql: (text: string, values?: unknown[]) => client.query(text, values as unknown[]) };
        const job = (r: OutboxRow): JobInsert<BossJobData> => ({
          id: orderedJobId(r.id),
          data: { rowId: r.id, name: r.name },
          startAfter: r.runAt,
          retryLimit: Math.max(0, r.maxAttempts - 1),
          ...policy,
          ...(r.orderingKey ? { singletonKey: r.orderingKey } : {}),
        });
        const ordered = rows.filter((r) => r.orderingKey).map(job);
        const standard = rows.filter((r) => !r.orderingKey).map(job);
        if (ordered.length) await this.boss.insert(ORDERED_QUEUE, ordered, { db });
        if (standard.length) await this.boss.insert(STANDARD_QUEUE, standard, { db });
        await client.query(`UPDATE "Job" SET "lockedBy" = $1, "lockedAt" = now() WHERE id = ANY($2::int[])`, [RELAYED_BY, rows.map((r) => r.id)]);
        await client.query("COMMIT");
        const now = Date.now();
        const later = rows.filter((r) => r.runAt.getTime() > now).map((r) => r.runAt.getTime());
        if (later.length && onDelayed) onDelayed(new Date(Math.min(...later)));
        return rows.length;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
    } finally {
      if (locked && !dropped) await client.query("SELECT pg_advisory_unlock($1)", [RELAY_LOCK]).catch(() => undefined);
      client.removeListener("error", onDrop);
      client.release(dropped);
    }
  }

  /**
   * A dead-lettered job stays in its source queue as `failed`, and key_strict_fifo holds its
   * key behind it. The embedded queue's policy is that a dead job releases its key, so delete
   * those (the copy in the dead-letter queue is what an operator re-drives).
   */
  async releaseDeadKeys(): Promise<number> {
    await this.ready();
    const keys = await this.boss.getBlockedKeys(ORDERED_QUEUE, { limit: 1_000 });
    let released = 0;
    for (const key of keys) {
      const jobs = await this.boss.findJobs(ORDERED_QUEUE, { key, limit: 10 });
      const failed = jobs.filter((j) => j.state === "failed").map((j) => j.id);
      if (failed.length) {
        await this.boss.deleteJob(ORDERED_QUEUE, failed);
        released += failed.length;
      }
    }
    return released;
  }

  /** The dead-letter queue's copies of a Job row. */
  async deadCopies(rowId: number): Promise<JobWithMetadata<BossJobData>[]> {
    await this.ready();
    return this.boss.findJobs<BossJobData>(DEAD_QUEUE, { data: { rowId }, limit: 10 });
  }

  /** Re-drives a row's dead-letter copies into the queue they failed on; returns how many moved. */
  async redrive(rowId: number, db?: { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> }): Promise<number> {
    const copies = (await this.deadCopies(rowId)).filter((j) => j.state === "created" || j.state === "retry");
    if (copies.length === 0) return 0;
    return this.boss.redrive(DEAD_QUEUE, { ids: copies.map((c) => c.id), ...(db ? { db } : {}) });
  }

  /** Drops a row's dead-letter copies (Discard). */
  async discard(rowId: number): Promise<void> {
    const copies = await this.deadCopies(rowId);
    if (copies.length) await this.boss.deleteJob(DEAD_QUEUE, copies.map((c) => c.id));
  }

  async stop(): Promise<void> {
    if (this.started) await this.boss.stop({ graceful: true, timeout: 5_000 }).catch(() => undefined);
    await this.pool.end().catch(() => undefined);
    this.started = null;
  }

  get url(): string {
    return this.connectionString;
  }
}
