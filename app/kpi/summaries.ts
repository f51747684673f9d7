// Ready-made `summarize` functions for KPI definitions: how a range's bucket parts become the
// headline figures and the chart series. Pure.
import { mergeTrees, percentile, type Histogram, type NumberTree } from "./histogram";
import type { BucketPart, KpiSummary, KpiValue } from "./types";

type Summarize = (parts: BucketPart[], buckets: Date[]) => KpiSummary;

const round = (v: number, decimals: number) => Math.round(v * 10 ** decimals) / 10 ** decimals;

function points(parts: BucketPart[], buckets: Date[], value: (p: BucketPart) => number | null) {
  const byTime = new Map(parts.map((p) => [p.bucket.getTime(), p]));
  return buckets.map((b) => {
    const p = byTime.get(b.getTime());
    return { bucket: b.toISOString(), value: p ? value(p) : null };
  });
}

function latest(parts: BucketPart[], has: (p: BucketPart) => boolean = () => true): BucketPart | undefined {
  for (let i = parts.length - 1; i >= 0; i--) if (has(parts[i])) return parts[i];
  return undefined;
}

/** num / den × scale. "sum": over the whole range; "latest": the newest bucket that has a denominator. */
export function ratioSummary({ combine, scale = 100, decimals = 1, name = "value" }: { combine: "sum" | "latest"; scale?: number; decimals?: number; name?: string }): Summarize {
  const of = (num: number, den: number) => (den > 0 ? round((num / den) * scale, decimals) : null);
  return (parts, buckets) => {
    let value: number | null;
    if (combine === "sum") {
      const num = parts.reduce((s, p) => s + p.num, 0);
      const den = parts.reduce((s, p) => s + p.den, 0);
      value = of(num, den);
    } else {
      const last = latest(parts, (p) => p.den > 0);
      value = last ? of(last.num, last.den) : null;
    }
    return { values: [{ label: null, value }], series: [{ name, points: points(parts, buckets, (p) => of(p.num, p.den)) }] };
  };
}

/** A count: the range's total ("sum") or the newest bucket's ("latest"). */
export function countSummary({ combine, name = "value", breakdown }: { combine: "sum" | "latest"; name?: string; breakdown?: string }): Summarize {
  return (parts, buckets) => {
    const last = latest(parts);
    const value = combine === "sum" ? parts.reduce((s, p) => s + p.num, 0) : (last?.num ?? null);
    const summary: KpiSummary = { values: [{ label: null, value }], series: [{ name, points: points(parts, buckets, (p) => p.num) }] };
    if (breakdown) {
      const tree =
        combine === "sum"
          ? parts.reduce<NumberTree>((acc, p) => mergeTrees(acc, p.data?.[breakdown] as NumberTree | undefined), {})
          : ((last?.data?.[breakdown] as NumberTree | undefined) ?? {});
      summary.breakdown = Object.entries(tree)
        .filter((e): e is [string, number] => typeof e[1] === "number")
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([label, v]) => ({ label, value: v }));
    }
    return summary;
  };
}

/** Percentiles of a histogram kept in data.hist, over the range and per bucket. */
export function percentileSummary(ps: number[], { key = "hist" }: { key?: string } = {}): Summarize {
  return (parts, buckets) => {
    const merged = parts.reduce<NumberTree>((acc, p) => mergeTrees(acc, p.data?.[key] as NumberTree | undefined), {}) as Histogram;
    const values: KpiValue[] = ps.map((p) => ({ label: `p${p}`, value: percentile(merged, p) }));
    const series = ps.map((p) => ({
      name: `p${p}`,
      points: points(parts, buckets, (part) => percentile((part.data?.[key] ?? {}) as Histogram, p)),
    }));
    return { values, series };
  };
}

/** Net Promoter Score of groups kept as data[group] = {p, d, n}: promoters, detractors, responses. */
export function npsSummary(groups: { key: string; label: string }[]): Summarize {
  const score = (t: NumberTree | undefined) => {
    const n = Number(t?.n ?? 0);
    return n > 0 ? Math.round(((Number(t?.p ?? 0) - Number(t?.d ?? 0)) / n) * 100) : null;
  };
  return (parts, buckets) => {
    const values: KpiValue[] = groups.map((g) => {
      const merged = parts.reduce<NumberTree>((acc, p) => mergeTrees(acc, p.data?.[g.key] as NumberTree | undefined), {});
      return { label: g.label, value: score(merged) };
    });
    const series = groups.map((g) => ({ name: g.label, points: points(parts, buckets, (p) => score(p.data?.[g.key] as NumberTree | undefined)) }));
    return { values, series };
  };
}
