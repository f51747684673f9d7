// The KPI registry (contract 7): a feature registers each KPI it owns with an id, a title, a
// one-line definition and an aggregate over its own recorded facts for one time bucket. The
// rollup job (rollup.server.ts) runs every aggregate on a schedule and stores the parts in
// KpiRollup; the Overview only reads those rows.
import type { PrismaClient } from "@prisma/client";
import type { BucketPart, KpiFormat, KpiPart, KpiSummary } from "./types";

/** Who the numbers are for: the shop and the sync groups it is an active member of. */
export interface KpiScope {
  shop: string;
  groupIds: string[];
}

export interface AggregateArgs {
  scope: KpiScope;
  /** The bucket [from, to). "latest" KPIs describe the state as of `to`. */
  from: Date;
  to: Date;
  db: PrismaClient;
}

export interface KpiDefinition {
  id: string;
  title: string;
  /** One line, shown under the tile. */
  definition: string;
  format: KpiFormat;
  better: "higher" | "lower";
  target?: number;
  /**
   * sum: facts that happened in the bucket (they add up over a range);
   * latest: a state as of the bucket's end (a range shows its newest bucket).
   */
  combine: "sum" | "latest";
  /**
   * The facts keep no history (only the current state is known): the rollup writes the current
   * hour only and leaves the rows it wrote in earlier hours as they were.
   */
  currentOnly?: boolean;
  /** Position on the Overview (lower first). */
  order: number;
  /** The bucket's part, or null when there are no facts at all. */
  aggregate(args: AggregateArgs): Promise<KpiPart | null>;
  /** Headline values and chart series from a range's parts, oldest first (buckets without facts are absent). */
  summarize(parts: BucketPart[], buckets: Date[]): KpiSummary;
}

const definitions = new Map<string, KpiDefinition>();

export function registerKpi(def: KpiDefinition): void {
  if (!/^[a-z][a-z0-9_]*$/.test(def.id)) throw new Error(`KPI id "${def.id}" must be snake_case`);
  definitions.set(def.id, def);
}

export function kpiDefinitions(): KpiDefinition[] {
  return [...definitions.values()].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

export function kpiDefinition(id: string): KpiDefinition | undefined {
  return definitions.get(id);
}
