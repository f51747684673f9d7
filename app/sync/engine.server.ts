// One sync engine: the dependencies, writers and measurements of one process. Production builds
// it in app/sync/index.server.ts; tests and benchmarks build their own (a restart = a new one).
import type { SyncGroup } from "@prisma/client";
import prisma from "../db.server";
import type { SyncDeps } from "./deps";
import type { Engine, ExceptionSink, PropagationStats, WriteRound } from "./engine-types";
import { openException } from "./exceptions.server";
import { automaticThreshold, DEFAULT_PROPAGATION_P99_MS, type ThresholdPolicy } from "./targets";
import { takeThenGive } from "./write-round.server";
import { Writers } from "./writer.server";

export interface EngineOptions {
  writeRound?: WriteRound;
  threshold?: ThresholdPolicy;
  exceptions?: ExceptionSink;
  tickMs?: number;
  clockSkewMs?: number;
  batchWindowMs?: number;
}

export function createEngine(deps: SyncDeps, o: EngineOptions = {}): Engine {
  return {
    deps,
    writers: new Writers(deps.admin, o.batchWindowMs),
    writeRound: o.writeRound ?? takeThenGive,
    threshold: o.threshold ?? automaticThreshold,
    exceptions: o.exceptions ?? openException,
    propagation: new Propagation(),
    tickMs: o.tickMs ?? 1_000,
    clockSkewMs: o.clockSkewMs ?? Number(process.env.SYNC_CLOCK_SKEW_MS ?? 0),
    maxRounds: 200,
    runBudgetMs: 5_000,
  };
}

const SAMPLES = 200;
const MIN_SAMPLES = 20;
const FLUSH_EVERY_MS = 10_000;

/**
 * Propagation time (store change → the other stores written), per group: the last 200 samples
 * of this process, saved on the group every 10 s so other processes and restarts start from it.
 */
class Propagation implements PropagationStats {
  private samples = new Map<string, { xs: number[]; flushedAt: number; dirty: boolean }>();

  record(groupId: string, ms: number) {
    const s = this.samples.get(groupId) ?? { xs: [], flushedAt: 0, dirty: false };
    s.xs.push(Math.max(0, ms));
    if (s.xs.length > SAMPLES) s.xs.shift();
    s.dirty = true;
    this.samples.set(groupId, s);
  }

  private measured(groupId: string): number | null {
    const xs = this.samples.get(groupId)?.xs ?? [];
    if (xs.length < MIN_SAMPLES) return null;
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)];
  }

  p99(group: SyncGroup): number {
    return this.measured(group.id) ?? group.propagationP99Ms ?? DEFAULT_PROPAGATION_P99_MS;
  }

  async flush(groupId: string) {
    const s = this.samples.get(groupId);
    const p = this.measured(groupId);
    if (!s || !s.dirty || p === null || Date.now() - s.flushedAt < FLUSH_EVERY_MS) return;
    s.flushedAt = Date.now();
    s.dirty = false;
    await prisma.syncGroup.update({ where: { id: groupId }, data: { propagationP99Ms: Math.round(p) } }).catch(() => undefined);
  }
}
