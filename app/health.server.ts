import prisma from "./db.server";

export interface IntakeHealth {
  last24h: Record<string, number>;
  queue: Record<string, number>;
  oldestQueuedAgeMs: number | null;
  dead: Array<{ id: number; name: string; lastError: string | null; finishedAt: Date | null }>;
}

/** What the Overview page shows about this shop's webhook intake and background work. */
export async function intakeHealth(shop: string, now = new Date()): Promise<IntakeHealth> {
  const since = new Date(now.getTime() - 24 * 3600_000);
  const [inbox, jobs, oldest, dead] = await Promise.all([
    prisma.webhookInbox.groupBy({ by: ["status"], where: { shop, receivedAt: { gte: since } }, _count: { _all: true } }),
    prisma.job.groupBy({ by: ["status"], where: { shop, status: { in: ["queued", "running", "dead"] } }, _count: { _all: true } }),
    prisma.job.findFirst({ where: { shop, status: "queued", runAt: { lte: now } }, orderBy: { runAt: "asc" }, select: { runAt: true } }),
    prisma.job.findMany({
      where: { shop, status: "dead" },
      orderBy: { id: "desc" },
      take: 5,
      select: { id: true, name: true, lastError: true, finishedAt: true },
    }),
  ]);
  return {
    last24h: Object.fromEntries(inbox.map((r) => [r.status, r._count._all])),
    queue: Object.fromEntries(jobs.map((r) => [r.status, r._count._all])),
    oldestQueuedAgeMs: oldest ? now.getTime() - oldest.runAt.getTime() : null,
    dead,
  };
}

/** The Overview's sync health figures (indexed counts only). */
export async function syncHealth(shop: string, now = new Date()) {
  const since = new Date(now.getTime() - 24 * 3600_000);
  const [backlog, oldest, dead, received, failed] = await Promise.all([
    prisma.webhookInbox.count({ where: { shop, status: "received" } }),
    prisma.webhookInbox.findFirst({ where: { shop, status: "received" }, orderBy: { receivedAt: "asc" }, select: { receivedAt: true } }),
    prisma.job.count({ where: { shop, status: "dead" } }),
    prisma.webhookInbox.count({ where: { shop, receivedAt: { gte: since } } }),
    prisma.webhookInbox.count({ where: { shop, receivedAt: { gte: since }, status: { in: ["failed", "malformed"] } } }),
  ]);
  return { backlog, oldestUnprocessedMs: oldest ? now.getTime() - oldest.receivedAt.getTime() : null, deadLetters: dead, received24h: received, failed24h: failed };
}
