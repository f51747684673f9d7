import prisma from "../db.server";
import { databaseUrl, isPostgresUrl } from "../db-url";
import { BossEngine } from "./boss-engine.server";
import { DbJobQueue } from "./db-queue.server";
import type { JobQueue } from "./types";

declare global {
  var stockroomBoss: BossEngine | undefined;
}

/**
 * pg-boss when the database is PostgreSQL (QUEUE_BACKEND=embedded keeps the rows-only queue
 * there too), the embedded queue on SQLite. Callers depend on the JobQueue interface only.
 */
function bossEngine(): BossEngine | null {
  const url = databaseUrl();
  if (!isPostgresUrl(url) || process.env.QUEUE_BACKEND === "embedded") return null;
  globalThis.stockroomBoss ??= new BossEngine(url);
  return globalThis.stockroomBoss;
}

export const dbQueue = new DbJobQueue(prisma, { engine: bossEngine() });
export const queue: JobQueue = dbQueue;
