// Retention: the high-volume working rows the app writes for every delivery, job and level
// change are deleted once nothing reads them any more. Each rule names its table, which rows
// are finished, and how many days they stay; rows that still matter (a delivery kept for
// replay, a dead job, a pending write, an unprocessed observation, an undelivered event) are
// never selected. Deletes run in small batches by primary key, so SQLite's write lock is held
// for a moment at a time and intake goes on between them.
import type { PrismaClient } from "@prisma/client";

const DAY = 86_400_000;

type ExpiredPage = (string | number)[] & { scanned?: number; last?: unknown };

export interface RetentionRule {
  /** Also the env suffix: RETENTION_DAYS_<NAME in upper case>. */
  name: string;
  days: number;
  /**
   * Up to `take` primary keys of finished rows older than `cutoff`. A rule that steps over rows
   * it keeps says how many it looked at (`scanned`) and the last one (`last`, passed back as
   * `after`), so the next page starts behind them.
   */
  expired(db: PrismaClient, cutoff: Date, take: number, after?: unknown): Promise<ExpiredPage>;
  remove(db: PrismaClient, ids: (string | number)[]): Promise<number>;
}

const ids = <T extends string | number>(rows: { id: T }[]) => rows.map((r) => r.id);
const asStrings = (keys: (string | number)[]) => keys.map(String);
const asNumbers = (keys: (string | number)[]) => keys.map(Number);

export const RETENTION_RULES: RetentionRule[] = [
  {
    // Shopify retries a delivery for 4 hours; its row is what deduplicates the retry. Order
    // payloads carry customer data, which is another reason not to keep them.
    name: "webhook_inbox",
    days: 7,
    expired: async (db, cutoff, take) =>
      ids(await db.webhookInbox.findMany({ where: { status: { in: ["processed", "ignored"] }, receivedAt: { lt: cutoff } }, select: { id: true }, orderBy: { receivedAt: "asc" }, take })),
    remove: async (db, keys) => (await db.webhookInbox.deleteMany({ where: { id: { in: asStrings(keys) }, status: { in: ["processed", "ignored"] } } })).count,
  },
  {
    // pg-boss deletes its own finished jobs after a day (boss-engine.server.ts); the rows match.
    name: "jobs",
    days: 1,
    expired: async (db, cutoff, take) =>
      ids(await db.job.findMany({ where: { status: { in: ["done", "cancelled"] }, runAt: { lt: cutoff }, finishedAt: { lt: cutoff } }, select: { id: true }, orderBy: { runAt: "asc" }, take })),
    remove: async (db, keys) => (await db.job.deleteMany({ where: { id: { in: asNumbers(keys) }, status: { in: ["done", "cancelled"] } } })).count,
  },
  {
    name: "discarded_jobs",
    days: 30,
    expired: async (db, cutoff, take) =>
      ids(await db.job.findMany({ where: { status: "discarded", runAt: { lt: cutoff }, updatedAt: { lt: cutoff } }, select: { id: true }, orderBy: { runAt: "asc" }, take })),
    remove: async (db, keys) => (await db.job.deleteMany({ where: { id: { in: asNumbers(keys) }, status: "discarded" } })).count,
  },
  {
    // Echo detection only reads pending writes; a late echo of a resolved one is a change
    // reconciliation already accounts for.
    name: "sync_writes",
    days: 7,
    expired: async (db, cutoff, take) =>
      ids(await db.syncPendingWrite.findMany({ where: { status: { in: ["applied", "stale", "failed"] }, sentAt: { lt: cutoff }, resolvedAt: { lt: cutoff } }, select: { id: true }, orderBy: { sentAt: "asc" }, take })),
    remove: async (db, keys) => (await db.syncPendingWrite.deleteMany({ where: { id: { in: asStrings(keys) }, status: { not: "pending" } } })).count,
  },
  {
    // The KPI rollup reads the last day of them (inventory accuracy: each link's latest
    // reconciliation, which runs far more often than this).
    name: "sync_observations",
    days: 30,
    expired: async (db, cutoff, take) =>
      ids(await db.syncObservation.findMany({ where: { at: { lt: cutoff }, processedAt: { not: null } }, select: { id: true }, orderBy: { at: "asc" }, take })),
    remove: async (db, keys) => (await db.syncObservation.deleteMany({ where: { id: { in: asNumbers(keys) }, processedAt: { not: null } } })).count,
  },
  {
    name: "channel_deliveries",
    days: 30,
    expired: async (db, cutoff, take) =>
      ids(await db.channelDelivery.findMany({ where: { status: "delivered", createdAt: { lt: cutoff } }, select: { id: true }, orderBy: { createdAt: "asc" }, take })),
    remove: async (db, keys) => (await db.channelDelivery.deleteMany({ where: { id: { in: asStrings(keys) }, status: "delivered" } })).count,
  },
  {
    // Runs after channel_deliveries: an event goes once no delivery of it is left. Events a
    // kept delivery holds are stepped over (the page carries on after them).
    name: "channel_events",
    days: 30,
    expired: async (db, cutoff, take, after) => {
      // The cursor is a value, not a row: the row it names may just have been deleted.
      const from = after as { createdAt: Date; id: string } | undefined;
      const page = await db.channelEvent.findMany({
        where: { createdAt: { lt: cutoff }, ...(from ? { OR: [{ createdAt: { gt: from.createdAt } }, { createdAt: from.createdAt, id: { gt: from.id } }] } : {}) },
        select: { id: true, createdAt: true },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take,
      });
      if (!page.length) return [];
      const old = ids(page);
      const held = new Set((await db.channelDelivery.findMany({ where: { eventId: { in: old } }, select: { eventId: true }, distinct: ["eventId"] })).map((d) => d.eventId));
      return Object.assign(old.filter((id) => !held.has(id)), { scanned: page.length, last: page[page.length - 1] });
    },
    remove: async (db, keys) => (await db.channelEvent.deleteMany({ where: { id: { in: asStrings(keys) } } })).count,
  },
];

/** The rules with RETENTION_DAYS_<NAME> applied (a positive number of days). */
export function retentionRules(env: Record<string, string | undefined> = {}): RetentionRule[] {
  return RETENTION_RULES.map((rule) => {
    const raw = env[`RETENTION_DAYS_${rule.name.toUpperCase()}`];
    if (raw === undefined || raw === "") return rule;
    const days = Number(raw);
    if (!Number.isFinite(days) || days <= 0) throw new Error(`RETENTION_DAYS_${rule.name.toUpperCase()} must be a positive number of days, not "${raw}".`);
    return { ...rule, days };
  });
}

export interface PruneOptions {
  now?: Date;
  rules?: RetentionRule[];
  /** Rows per delete statement. */
  batchSize?: number;
  /** Statements per rule and run; what is left goes in the next run. */
  maxBatches?: number;
  /** Between batches, so a run never holds the event loop or the write lock for long. */
  pause?: () => Promise<void>;
}

export interface PruneResult {
  deleted: Record<string, number>;
  /** Rules that stopped at maxBatches with rows left. */
  unfinished: string[];
}

export async function pruneExpired(db: PrismaClient, opts: PruneOptions = {}): Promise<PruneResult> {
  const now = opts.now ?? new Date();
  const batchSize = opts.batchSize ?? 500;
  const maxBatches = opts.maxBatches ?? 200;
  const pause = opts.pause ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  const result: PruneResult = { deleted: {}, unfinished: [] };
  for (const rule of opts.rules ?? RETENTION_RULES) {
    const cutoff = new Date(now.getTime() - rule.days * DAY);
    let deleted = 0;
    let batches = 0;
    let after: unknown;
    for (;;) {
      const keys = await rule.expired(db, cutoff, batchSize, after);
      if (keys.length) deleted += await rule.remove(db, keys);
      batches++;
      after = keys.last;
      // A short page: nothing older is left.
      if ((keys.scanned ?? keys.length) < batchSize) break;
      if (batches >= maxBatches) {
        result.unfinished.push(rule.name);
        break;
      }
      await pause();
    }
    result.deleted[rule.name] = deleted;
  }
  return result;
}
