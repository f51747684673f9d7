// The scheduled KPI rollup: every few minutes each installed shop's KPIs are aggregated for
// the current and the previous hour (facts can arrive late) into KpiRollup, and the hour rows
// of the days touched are merged into day rows. Page loads read only those rows.
import type { PrismaClient } from "@prisma/client";
import prisma from "../db.server";
import { queue } from "../queue/index.server";
import { registerJob } from "../queue/registry.server";
import { bucketEnd, bucketStart, grainMs } from "./buckets";
import { mergeTrees, type NumberTree } from "./histogram";
import { kpiDefinitions, type KpiDefinition, type KpiScope } from "./registry.server";
import type { KpiPart } from "./types";

export const KPI_ROLLUP_ALL_JOB = "kpi.rollup-all";
export const KPI_ROLLUP_SHOP_JOB = "kpi.rollup-shop";
export const KPI_ROLLUP_SCHEDULE = "kpi-rollup";
export const KPI_ROLLUP_INTERVAL_MS = Number(process.env.KPI_ROLLUP_INTERVAL_MS ?? 300_000);

const HOUR = 3_600_000;

export async function scheduleKpiRollup(intervalMs = KPI_ROLLUP_INTERVAL_MS): Promise<void> {
  await queue.schedule(KPI_ROLLUP_SCHEDULE, KPI_ROLLUP_ALL_JOB, intervalMs);
}

export async function kpiScope(shop: string, db: PrismaClient = prisma): Promise<KpiScope> {
  const members = await db.syncMember.findMany({ where: { shop, status: "active" }, select: { groupId: true } });
  return { shop, groupIds: members.map((m) => m.groupId) };
}

export interface RollupOptions {
  now?: Date;
  /** First hour to (re)compute; default: the hour before the last one rolled up (at most 24 h back). */
  from?: Date;
  db?: PrismaClient;
  /** Only these KPIs (default: every registered one). */
  kpis?: string[];
}

/** Aggregates one shop's KPIs for every hour in [from, now] and refreshes the affected day rows. */
export async function rollupShop(shop: string, opts: RollupOptions = {}): Promise<{ hours: number; rows: number }> {
  const db = opts.db ?? prisma;
  const now = opts.now ?? new Date();
  const scope = await kpiScope(shop, db);
  const defs = kpiDefinitions().filter((d) => !opts.kpis || opts.kpis.includes(d.id));
  const current = bucketStart(now, "hour");
  const from = opts.from ? bucketStart(opts.from, "hour") : await defaultFrom(shop, current, db);
  let rows = 0;
  let hours = 0;
  for (let t = from.getTime(); t <= current.getTime(); t += HOUR) {
    const bucket = new Date(t);
    // The current hour describes "now" for state KPIs, not the hour's end.
    const to = t === current.getTime() ? now : bucketEnd(bucket, "hour");
    hours++;
    for (const def of defs) {
      if (def.currentOnly && t !== current.getTime()) continue;
      const part = await def.aggregate({ scope, from: bucket, to, db });
      rows += await store(db, shop, def.id, "hour", bucket, part);
    }
  }
  for (let d = bucketStart(from, "day").getTime(); d <= current.getTime(); d += grainMs("day")) {
    rows += await rollupDay(db, shop, defs, new Date(d));
  }
  return { hours, rows };
}

async function defaultFrom(shop: string, current: Date, db: PrismaClient): Promise<Date> {
  const last = await db.kpiRollup.findFirst({ where: { shop, grain: "hour" }, orderBy: { bucket: "desc" }, select: { bucket: true } });
  const earliest = current.getTime() - 24 * HOUR;
  const start = last ? Math.min(last.bucket.getTime(), current.getTime() - HOUR) : current.getTime() - HOUR;
  return new Date(Math.max(earliest, start));
}

async function store(db: PrismaClient, shop: string, kpi: string, grain: "hour" | "day", bucket: Date, part: KpiPart | null): Promise<number> {
  const where = { shop_kpi_grain_bucket: { shop, kpi, grain, bucket } };
  if (!part) {
    await db.kpiRollup.deleteMany({ where: { shop, kpi, grain, bucket } });
    return 0;
  }
  const data = { num: part.num, den: part.den, data: part.data ? JSON.stringify(part.data) : null };
  await db.kpiRollup.upsert({ where, create: { shop, kpi, grain, bucket, ...data }, update: data });
  return 1;
}

/** A day row from its hour rows: added up ("sum" KPIs) or the newest hour ("latest" KPIs). */
async function rollupDay(db: PrismaClient, shop: string, defs: KpiDefinition[], day: Date): Promise<number> {
  const hours = await db.kpiRollup.findMany({
    where: { shop, grain: "hour", bucket: { gte: day, lt: bucketEnd(day, "day") }, kpi: { in: defs.map((d) => d.id) } },
    orderBy: { bucket: "asc" },
  });
  let rows = 0;
  for (const def of defs) {
    const mine = hours.filter((h) => h.kpi === def.id);
    let part: KpiPart | null = null;
    if (mine.length && def.combine === "latest") {
      const last = mine[mine.length - 1];
      part = { num: last.num, den: last.den, data: last.data ? (JSON.parse(last.data) as NumberTree) : undefined };
    } else if (mine.length) {
      part = mine.reduce<KpiPart>(
        (acc, h) => ({ num: acc.num + h.num, den: acc.den + h.den, data: h.data ? mergeTrees(acc.data, JSON.parse(h.data) as NumberTree) : acc.data }),
        { num: 0, den: 0 },
      );
    }
    rows += await store(db, shop, def.id, "day", day, part);
  }
  return rows;
}

/** Fans out one job per installed shop (several workers share the work). */
export async function rollupAllShops(now = new Date()): Promise<number> {
  const shops = await prisma.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true } });
  const slot = Math.floor(now.getTime() / KPI_ROLLUP_INTERVAL_MS);
  for (const s of shops) {
    await queue.enqueue({ name: KPI_ROLLUP_SHOP_JOB, payload: { shop: s.domain }, shop: s.domain, dedupeKey: `kpi-rollup:${s.domain}:${slot}`, maxAttempts: 3 });
  }
  return shops.length;
}

registerJob(KPI_ROLLUP_ALL_JOB, async () => {
  await rollupAllShops();
});

registerJob<{ shop: string }>(KPI_ROLLUP_SHOP_JOB, async ({ shop }) => {
  await rollupShop(shop);
});

/** The Overview asks for a fresh rollup when the shop's newest one is older than the schedule's interval. */
export async function requestRollupIfStale(shop: string, now = new Date()): Promise<boolean> {
  const last = await prisma.kpiRollup.findFirst({ where: { shop, grain: "hour" }, orderBy: { bucket: "desc" }, select: { updatedAt: true } });
  if (last && now.getTime() - last.updatedAt.getTime() < KPI_ROLLUP_INTERVAL_MS) return false;
  const slot = Math.floor(now.getTime() / KPI_ROLLUP_INTERVAL_MS);
  await queue.enqueue({ name: KPI_ROLLUP_SHOP_JOB, payload: { shop }, shop, dedupeKey: `kpi-rollup:${shop}:${slot}`, maxAttempts: 3 });
  return true;
}
