// Mergeable latency/duration histograms for KPI rollups: a value is counted under its upper
// bound rounded up to 3 significant digits (≤ 1 % error), so buckets from any number of
// hours or processes add up key by key and percentiles come out of the merged counts.

export type Histogram = Record<string, number>;

/** The bucket a value falls in: itself rounded up to 3 significant digits (whole numbers). */
export function bucketOf(value: number): number {
  const v = Math.max(0, Math.ceil(value));
  if (v < 1000) return v;
  const scale = 10 ** (Math.floor(Math.log10(v)) - 2);
  return Math.ceil(v / scale) * scale;
}

export function addTo(h: Histogram, value: number, count = 1): Histogram {
  const k = String(bucketOf(value));
  h[k] = (h[k] ?? 0) + count;
  return h;
}

export function histogramOf(values: number[]): Histogram {
  const h: Histogram = {};
  for (const v of values) addTo(h, v);
  return h;
}

export function total(h: Histogram): number {
  let n = 0;
  for (const c of Object.values(h)) n += c;
  return n;
}

/** Nearest-rank percentile (p in 0–100) of the counted values; null when empty. */
export function percentile(h: Histogram, p: number): number | null {
  const entries = Object.entries(h)
    .map(([k, c]) => [Number(k), c] as const)
    .filter(([, c]) => c > 0)
    .sort((a, b) => a[0] - b[0]);
  const n = entries.reduce((s, [, c]) => s + c, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  let seen = 0;
  for (const [v, c] of entries) {
    seen += c;
    if (seen >= rank) return v;
  }
  return entries[entries.length - 1][0];
}

export type NumberTree = { [key: string]: number | NumberTree };

/** Adds two JSON objects of numbers key by key, recursively (histograms, per-class counts …). */
export function mergeTrees(a: NumberTree | undefined, b: NumberTree | undefined): NumberTree {
  const out: NumberTree = { ...(a ?? {}) };
  for (const [k, v] of Object.entries(b ?? {})) {
    const cur = out[k];
    if (typeof v === "number") out[k] = (typeof cur === "number" ? cur : 0) + v;
    else out[k] = mergeTrees(typeof cur === "object" ? cur : undefined, v);
  }
  return out;
}
