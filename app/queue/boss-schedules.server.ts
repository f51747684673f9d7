import type { PrismaClient } from "@prisma/client";
import { STANDARD_QUEUE, type BossEngine, type BossJobData } from "./boss-engine.server";
import type { DbJobQueue } from "./db-queue.server";

// Recurring jobs on PostgreSQL. `queue.schedule()` keeps writing JobSchedule rows (the one
// record of what should recur, whichever backend runs); the pg-boss worker turns each into a
// pg-boss cron `schedule` (keyed by the schedule's name) and drops pg-boss schedules whose row
// is gone. Cron counts whole minutes, so an interval cron cannot express (say 90 s, or a
// test's 50 ms) is fired from its row, the way the embedded worker does it, exactly once per
// interval across workers.

/** The cron expression for an interval, when there is one (whole minutes dividing an hour, whole hours dividing a day). */
export function cronFor(intervalMs: number): string | null {
  if (intervalMs <= 0 || intervalMs % 60_000 !== 0) return null;
  const minutes = intervalMs / 60_000;
  if (minutes === 1) return "* * * * *";
  if (minutes < 60) return 60 % minutes === 0 ? `*/${minutes} * * * *` : null;
  if (minutes % 60 !== 0) return null;
  const hours = minutes / 60;
  if (hours === 24) return "0 0 * * *";
  return hours < 24 && 24 % hours === 0 ? `0 */${hours} * * *` : null;
}

const synced = new WeakMap<BossEngine, string>();

export async function syncSchedules(db: PrismaClient, queue: DbJobQueue, engine: BossEngine, now = new Date()): Promise<void> {
  const rows = await db.jobSchedule.findMany({ orderBy: { name: "asc" } });
  const signature = JSON.stringify(rows.map((r) => [r.name, r.jobName, r.intervalMs, r.payload]));
  if (synced.get(engine) !== signature) {
    const wanted = new Map(rows.flatMap((r) => (cronFor(r.intervalMs) ? [[r.name, r] as const] : [])));
    for (const s of await engine.boss.getSchedules(STANDARD_QUEUE)) {
      if (!wanted.has(s.key)) await engine.boss.unschedule(STANDARD_QUEUE, s.key);
    }
    for (const [name, r] of wanted) {
      const data: BossJobData = { name: r.jobName, payload: JSON.parse(r.payload), schedule: name };
      await engine.boss.schedule(STANDARD_QUEUE, cronFor(r.intervalMs)!, data, { key: name });
    }
    synced.set(engine, signature);
  }
  for (const s of rows) {
    if (cronFor(s.intervalMs) || s.nextRunAt > now) continue;
    // Only the worker that moves nextRunAt forward enqueues: safe with several workers.
    const { count } = await db.jobSchedule.updateMany({
      where: { name: s.name, nextRunAt: s.nextRunAt },
      data: { nextRunAt: new Date(now.getTime() + s.intervalMs) },
    });
    if (count !== 1) continue;
    await queue.enqueue({ name: s.jobName, payload: JSON.parse(s.payload), dedupeKey: `schedule:${s.name}:${s.nextRunAt.toISOString()}` });
  }
}
