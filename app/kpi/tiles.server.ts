// What the Overview reads: the rollup rows of one range (one indexed query), summarized by
// each KPI's own definition. Never touches raw fact tables.
import prisma from "../db.server";
import { rangeBuckets, type KpiRange } from "./buckets";
import type { NumberTree } from "./histogram";
import { kpiDefinitions } from "./registry.server";
import type { BucketPart, KpiTile } from "./types";

export async function kpiTiles(shop: string, range: KpiRange, now = new Date()): Promise<KpiTile[]> {
  const { grain, from, buckets } = rangeBuckets(range, now);
  const rows = await prisma.kpiRollup.findMany({
    where: { shop, grain, bucket: { gte: from } },
    orderBy: { bucket: "asc" },
    select: { kpi: true, bucket: true, num: true, den: true, data: true },
  });
  const byKpi = new Map<string, BucketPart[]>();
  for (const r of rows) {
    const list = byKpi.get(r.kpi) ?? [];
    list.push({ bucket: r.bucket, num: r.num, den: r.den, data: r.data ? (JSON.parse(r.data) as NumberTree) : undefined });
    byKpi.set(r.kpi, list);
  }
  return kpiDefinitions().map((def) => ({
    id: def.id,
    title: def.title,
    definition: def.definition,
    format: def.format,
    better: def.better,
    ...(def.target !== undefined ? { target: def.target } : {}),
    ...def.summarize(byKpi.get(def.id) ?? [], buckets),
  }));
}
