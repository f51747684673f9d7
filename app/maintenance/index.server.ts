// The retention job, run hourly on whichever queue the app uses; its schedule is registered
// with the other operations schedules (app/ops-schedules.server.ts).
import prisma from "../db.server";
import { log } from "../log.server";
import { metrics } from "../observability/metrics.server";
import { queue } from "../queue/index.server";
import { registerJob } from "../queue/registry.server";
import { pruneExpired, retentionRules } from "./retention.server";

export const RETENTION_JOB = "maintenance.retention";
export const RETENTION_SCHEDULE = "maintenance-retention";
export const RETENTION_INTERVAL_MS = 3_600_000;

registerJob(RETENTION_JOB, async () => {
  const { deleted, unfinished } = await pruneExpired(prisma, { rules: retentionRules(process.env) });
  for (const [rule, n] of Object.entries(deleted)) if (n) metrics().retentionDeleted.inc({ rule }, n);
  const total = Object.values(deleted).reduce((a, b) => a + b, 0);
  if (total || unfinished.length) log("info", "retention: deleted finished rows", { ...deleted, unfinished });
});

export function scheduleRetention(intervalMs = RETENTION_INTERVAL_MS): Promise<void> {
  return queue.schedule(RETENTION_SCHEDULE, RETENTION_JOB, intervalMs);
}
