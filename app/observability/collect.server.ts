// Metrics read from the database at scrape time (the same numbers from every process): queue
// depth and oldest due age per job name, open exceptions by class; and propagation latencies
// of changes confirmed since the last scrape, observed from the recorded stock events.
import type { PrismaClient } from "@prisma/client";
import prisma from "../db.server";
import { propagationLatencies } from "../kpi/propagation.server";
import { EXCEPTION_CLASSES } from "../sync/exception-classes";
import { metrics } from "./metrics.server";

/** Changes younger than this may still have writes in flight; they wait for the next scrape. */
const SETTLE_MS = 30_000;
const MAX_PER_SCRAPE = 5_000;
let watermark: number | null = null;

export async function collectFromDatabase(db: PrismaClient = prisma, now = new Date()): Promise<void> {
  const m = metrics();
  const [depth, oldest, open] = await Promise.all([
    db.job.groupBy({ by: ["name"], where: { status: "queued" }, _count: { _all: true } }),
    db.job.groupBy({ by: ["name"], where: { status: "queued", runAt: { lte: now } }, _min: { runAt: true } }),
    db.syncException.groupBy({ by: ["class"], where: { status: "open" }, _count: { _all: true } }),
  ]);
  m.queueDepth.reset();
  for (const d of depth) m.queueDepth.set({ job: d.name }, d._count._all);
  m.queueOldestAge.reset();
  for (const o of oldest) if (o._min.runAt) m.queueOldestAge.set({ job: o.name }, Math.max(0, (now.getTime() - o._min.runAt.getTime()) / 1000));
  m.exceptionsOpen.reset();
  for (const c of EXCEPTION_CLASSES) m.exceptionsOpen.set({ class: c }, 0);
  for (const o of open) m.exceptionsOpen.set({ class: o.class }, o._count._all);
  await observePropagation(db, now);
}

/** Observes each settled change once per process; the first scrape starts from now (no replay of history). */
async function observePropagation(db: PrismaClient, now: Date): Promise<void> {
  if (watermark === null) {
    const last = await db.stockEvent.findFirst({ where: { createdAt: { lt: new Date(now.getTime() - SETTLE_MS) } }, orderBy: { id: "desc" }, select: { id: true } });
    watermark = last?.id ?? 0;
    return;
  }
  const cutoff = new Date(now.getTime() - SETTLE_MS);
  const settled = await db.stockEvent.findFirst({ where: { id: { gt: watermark }, createdAt: { lt: cutoff } }, orderBy: { id: "desc" }, select: { id: true } });
  if (!settled) return;
  const upTo = Math.min(settled.id, watermark + MAX_PER_SCRAPE * 10);
  const latencies = await propagationLatencies(db, { id: { gt: watermark, lte: upTo } }, MAX_PER_SCRAPE);
  const h = metrics().propagation;
  for (const l of latencies) h.observe(l.ms / 1000);
  watermark = latencies.length === MAX_PER_SCRAPE ? latencies[latencies.length - 1].id : upTo;
}
