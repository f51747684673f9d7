// KPI shapes shared by the server (registry, rollups) and the Overview page.
import type { NumberTree } from "./histogram";

export type KpiFormat = "percent" | "count" | "ms" | "duration" | "money" | "score";

/** One bucket's aggregate. For "sum" KPIs num, den and every number in data add up over buckets. */
export interface KpiPart {
  num: number;
  den: number;
  data?: NumberTree;
}

export interface BucketPart extends KpiPart {
  bucket: Date;
}

export interface KpiValue {
  label: string | null;
  value: number | null;
}

export interface KpiSeries {
  name: string;
  points: { bucket: string; value: number | null }[];
}

export interface KpiSummary {
  values: KpiValue[];
  series: KpiSeries[];
  /** Extra lines under the headline, e.g. open exceptions by class. */
  breakdown?: { label: string; value: number }[];
}

/** What the Overview renders for one KPI. */
export interface KpiTile extends KpiSummary {
  id: string;
  title: string;
  definition: string;
  format: KpiFormat;
  better: "higher" | "lower";
  /** Value of the first headline figure that counts as healthy (e.g. 99 for accuracy). */
  target?: number;
}
