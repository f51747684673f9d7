import type { SyncGroup } from "@prisma/client";
import type { SyncDeps } from "./deps";
import type { OpenExceptionInput } from "./exceptions.server";
import type { ItemCtx, LinkState } from "./item-state.server";
import type { ThresholdPolicy } from "./targets";
import type { Writers } from "./writer.server";

/** One write the decide step wants: this link should show `target`. */
export interface PlannedWrite {
  link: LinkState;
  target: number;
  /** sync_write (mirroring) | rebalance (allocation) */
  cause: "sync_write" | "rebalance";
  why: string | null;
}

export interface Plan {
  writes: PlannedWrite[];
  /** members show allocations (escrow): takes are confirmed before anything is given */
  allocating: boolean;
  /** guaranteed: a take is only ever a compare-and-set, never a delta */
  guaranteed: boolean;
  /** a shortfall is left for a timer run to look at */
  recheck: boolean;
}

export interface RoundResult {
  writes: number;
  stale: number;
  failure: unknown;
}

/** How one round's writes are sent (production: takeThenGive). Tests inject faulty ones. */
export interface WriteRound {
  run(engine: Engine, ctx: ItemCtx, plan: Plan): Promise<RoundResult>;
}

export interface PropagationStats {
  record(groupId: string, ms: number): void;
  p99(group: SyncGroup): number;
  flush(groupId: string): Promise<void>;
}

/** Where the engine records its exceptions: drift, oversell, failed writes (production: openException). */
export type ExceptionSink = (input: OpenExceptionInput) => Promise<unknown>;

/** One engine = one process's sync state: its dependencies, writers and measurements. */
export interface Engine {
  deps: SyncDeps;
  writers: Writers;
  writeRound: WriteRound;
  /** Automatic's threshold (production: automaticThreshold). Tests inject faulty ones. */
  threshold: ThresholdPolicy;
  exceptions: ExceptionSink;
  propagation: PropagationStats;
  /** timer period while stock is low and a shortfall is left */
  tickMs: number;
  /** possible difference between Shopify's clock and ours; widens the uncertainty windows */
  clockSkewMs: number;
  maxRounds: number;
  /** a run of one key keeps following new observations for at most this long */
  runBudgetMs: number;
}
