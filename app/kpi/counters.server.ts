// Facts from hot paths (webhook acknowledgements, Admin API calls) are counted in memory and
// written every few seconds as this process's own row per 5-minute bucket (absolute values,
// so a write never reads and processes never contend). KPI aggregates and alert triggers
// add up the rows of every process.
import { hostname } from "node:os";
import type { PrismaClient } from "@prisma/client";
import prisma from "../db.server";
import { log } from "../log.server";
import { counterBucket } from "./buckets";
import { mergeTrees, type NumberTree } from "./histogram";

export const COUNTER_FLUSH_MS = 10_000;
const KEEP_MS = 15 * 60_000;
const SOURCE = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;

interface Cell {
  shop: string;
  kpi: string;
  bucket: Date;
  num: number;
  den: number;
  data: NumberTree;
  dirty: boolean;
}

const cells = new Map<string, Cell>();
let timer: NodeJS.Timeout | null = null;

/** Adds to this process's counter of (shop, KPI fact) for the current 5-minute bucket. */
export function countFact(shop: string, kpi: string, add: { num?: number; den?: number; data?: NumberTree }, at = new Date()): void {
  if (!shop) return;
  const bucket = counterBucket(at);
  const key = `${shop}\u0000${kpi}\u0000${bucket.getTime()}`;
  let cell = cells.get(key);
  if (!cell) {
    cell = { shop, kpi, bucket, num: 0, den: 0, data: {}, dirty: true };
    cells.set(key, cell);
  }
  cell.num += add.num ?? 0;
  cell.den += add.den ?? 0;
  if (add.data) cell.data = mergeTrees(cell.data, add.data);
  cell.dirty = true;
  timer ??= setInterval(() => void flushCounters().catch((e) => log("warn", "KPI counter flush failed", { error: String(e) })), COUNTER_FLUSH_MS).unref();
}

/** Writes every changed counter; drops buckets old enough that nothing adds to them any more. */
export async function flushCounters(db: PrismaClient = prisma, now = new Date()): Promise<number> {
  let written = 0;
  for (const [key, c] of cells) {
    if (c.dirty) {
      c.dirty = false;
      const values = { num: c.num, den: c.den, data: JSON.stringify(c.data) };
      await db.kpiCounter.upsert({
        where: { shop_kpi_bucket_source: { shop: c.shop, kpi: c.kpi, bucket: c.bucket, source: SOURCE } },
        create: { shop: c.shop, kpi: c.kpi, bucket: c.bucket, source: SOURCE, ...values },
        update: values,
      });
      written++;
    }
    if (!c.dirty && now.getTime() - c.bucket.getTime() > KEEP_MS) cells.delete(key);
  }
  return written;
}

/** Sum of every process's rows of one fact in [from, to). */
export async function counterTotals(db: PrismaClient, shop: string, kpi: string, from: Date, to: Date): Promise<{ num: number; den: number; data: NumberTree; rows: number }> {
  const rows = await db.kpiCounter.findMany({ where: { shop, kpi, bucket: { gte: from, lt: to } }, select: { num: true, den: true, data: true } });
  let num = 0;
  let den = 0;
  let data: NumberTree = {};
  for (const r of rows) {
    num += r.num;
    den += r.den;
    if (r.data) data = mergeTrees(data, JSON.parse(r.data) as NumberTree);
  }
  return { num, den, data, rows: rows.length };
}
