// Time buckets of the KPI rollups (UTC): hours for 24 h and 7 d, days for 30 d.

export type Grain = "hour" | "day";
export type KpiRange = "24h" | "7d" | "30d";

export const KPI_RANGES: readonly KpiRange[] = ["24h", "7d", "30d"];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function grainMs(grain: Grain): number {
  return grain === "hour" ? HOUR : DAY;
}

export function bucketStart(at: Date, grain: Grain): Date {
  const ms = grainMs(grain);
  return new Date(Math.floor(at.getTime() / ms) * ms);
}

export function bucketEnd(start: Date, grain: Grain): Date {
  return new Date(start.getTime() + grainMs(grain));
}

/** Grain and first bucket of a range ending at `now` (the current, partial bucket included). */
export function rangeBuckets(range: KpiRange, now: Date): { grain: Grain; from: Date; buckets: Date[] } {
  const grain: Grain = range === "30d" ? "day" : "hour";
  const count = range === "24h" ? 24 : range === "7d" ? 168 : 30;
  const last = bucketStart(now, grain).getTime();
  const ms = grainMs(grain);
  const buckets = Array.from({ length: count }, (_, i) => new Date(last - (count - 1 - i) * ms));
  return { grain, from: buckets[0], buckets };
}

export function parseRange(value: string | null | undefined): KpiRange {
  return KPI_RANGES.includes(value as KpiRange) ? (value as KpiRange) : "24h";
}

/** Start of a 5-minute counter bucket (hot-path counters flush into these). */
export function counterBucket(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 300_000) * 300_000);
}
