import prisma from "../db.server";
import { log } from "../log.server";
import type { SyncAdjustQuantitiesMutation } from "../types/admin.generated";
import { ADJUST_QUANTITIES, SET_QUANTITIES, type SetQuantitiesResult, type SetQuantitiesVariables } from "./admin-ops.server";
import type { AdminClientFactory } from "./deps";
import { batchKey } from "./keys";

/** One quantity to write: compare-and-set from `changeFrom` to `quantity`. */
export interface WriteEntry {
  pendingId: string;
  entryKey: string;
  inventoryItemId: string;
  locationId: string;
  /** the value the link knows (compare-and-set from it; an adjust adds quantity − changeFrom) */
  changeFrom: number;
  quantity: number;
  /** set: compare-and-set to `quantity`; adjust: add `quantity − changeFrom` (cannot go stale) */
  mode?: "set" | "adjust";
}

export type WriteOutcome =
  | { kind: "applied"; after?: number }
  | { kind: "stale" }
  | { kind: "rejected"; message: string; code?: string | null }
  | { kind: "error"; error: unknown };

interface Waiting {
  entry: WriteEntry;
  resolve: (o: WriteOutcome) => void;
}

export const MAX_QUANTITIES_PER_MUTATION = 250;

export interface WriterStats {
  mutations: number;
  quantities: number;
  staleBatches: number;
}

/**
 * Combines quantity writes to one shop that different (group, SKU) jobs issue at about the
 * same time into one `inventorySetQuantities` (≤ 250 quantities). Before a batch is sent its
 * exact variables and @idempotent key are stored and its pending writes point at it, so a
 * crash mid-flight is resolved by resending the very same request (Shopify returns the first
 * result for a reused key). A stale quantity fails the whole mutation: the writer reports it
 * stale and resends the others under a new key.
 */
export class ShopWriter {
  private queue: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly send_: (shop: string, key: string, variables: SetQuantitiesVariables | AdjustVariables) => Promise<BatchOutcome[]>,
    readonly shop: string,
    private readonly windowMs: number,
    readonly mode: "set" | "adjust" = "set",
  ) {}

  write(entry: WriteEntry): Promise<WriteOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ entry, resolve });
      if (this.queue.length >= MAX_QUANTITIES_PER_MUTATION) this.flushSoon(0);
      else this.flushSoon(this.windowMs);
    });
  }

  private flushSoon(ms: number) {
    if (this.timer && ms > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      const batch = this.queue.splice(0, MAX_QUANTITIES_PER_MUTATION);
      if (this.queue.length) this.flushSoon(this.windowMs);
      if (batch.length) void this.send(batch);
    }, ms);
  }

  private async send(batch: Waiting[]): Promise<void> {
    let remaining = batch;
    while (remaining.length) {
      const key = batchKey(remaining.map((w) => w.entry.entryKey));
      const variables = this.mode === "adjust" ? adjustVariables(key, remaining.map((w) => w.entry)) : setVariables(key, remaining.map((w) => w.entry));
      try {
        await prisma.$transaction([
          prisma.syncWriteBatch.create({ data: { key, shop: this.shop, variables: JSON.stringify(variables) } }),
          ...remaining.map((w, position) =>
            prisma.syncPendingWrite.update({ where: { id: w.entry.pendingId }, data: { batchKey: key, position } }),
          ),
        ]);
      } catch (error) {
        for (const w of remaining) w.resolve({ kind: "error", error });
        return;
      }
      const outcomes = await this.send_(this.shop, key, variables);
      const retry: Waiting[] = [];
      remaining.forEach((w, i) => {
        const o = outcomes[i];
        if (o.kind === "not_applied") retry.push(w);
        else w.resolve(o);
      });
      remaining = retry;
    }
  }
}

export type BatchOutcome = WriteOutcome | { kind: "not_applied" };

function setVariables(key: string, entries: WriteEntry[]): SetQuantitiesVariables {
  return {
    key,
    input: {
      name: "available",
      reason: "correction",
      referenceDocumentUri: `gid://stockroom/SyncBatch/${key}`,
      quantities: entries.map((e) => ({ inventoryItemId: e.inventoryItemId, locationId: e.locationId, quantity: e.quantity, changeFromQuantity: e.changeFrom })),
    },
  };
}

export interface AdjustVariables {
  key: string;
  input: { name: string; reason: string; referenceDocumentUri: string; changes: { inventoryItemId: string; locationId: string; delta: number; changeFromQuantity: null }[] };
}

function adjustVariables(key: string, entries: WriteEntry[]): AdjustVariables {
  return {
    key,
    input: {
      name: "available",
      reason: "correction",
      referenceDocumentUri: `gid://stockroom/SyncBatch/${key}`,
      changes: entries.map((e) => ({ inventoryItemId: e.inventoryItemId, locationId: e.locationId, delta: e.quantity - e.changeFrom, changeFromQuantity: null })),
    },
  };
}

const isAdjust = (v: SetQuantitiesVariables | AdjustVariables): v is AdjustVariables => "changes" in v.input;

/** Sends a stored batch and records its result; per position: what happened to that quantity. */
async function sendBatch(admin: AdminClientFactory, stats: WriterStats, shop: string, key: string, variables: SetQuantitiesVariables | AdjustVariables): Promise<BatchOutcome[]> {
  const n = isAdjust(variables) ? variables.input.changes.length : (variables.input.quantities as unknown[]).length;
  stats.mutations++;
  stats.quantities += n;
  let data: SetQuantitiesResult;
  try {
    if (isAdjust(variables)) {
      const res = await admin(shop).request<SyncAdjustQuantitiesMutation>(ADJUST_QUANTITIES, variables as never);
      data = { inventorySetQuantities: res.data.inventoryAdjustQuantities } as SetQuantitiesResult;
    } else ({ data } = await admin(shop).request<SetQuantitiesResult>(SET_QUANTITIES, variables));
  } catch (error) {
    log("warn", "sync write failed", { shop, key, error: String(error) });
    return Array.from({ length: n }, () => ({ kind: "error", error }) as const);
  }
  const outcomes = interpretResult(variables, data);
  const status = outcomes.every((o) => o.kind === "applied") ? "applied" : outcomes.some((o) => o.kind === "applied") ? "partial" : "stale";
  if (status !== "applied") stats.staleBatches++;
  await prisma.syncWriteBatch
    .update({ where: { key }, data: { status, result: JSON.stringify(data), resolvedAt: new Date() } })
    .catch(() => undefined);
  return outcomes;
}

/**
 * Per quantity: applied (in the adjustment group's changes), stale / rejected (a user error
 * names its index), or not applied (the mutation failed because of another quantity).
 */
export function interpretResult(variables: SetQuantitiesVariables | AdjustVariables, data: SetQuantitiesResult): BatchOutcome[] {
  const adjust = isAdjust(variables);
  const quantities = adjust
    ? variables.input.changes.map((c) => ({ inventoryItemId: c.inventoryItemId, locationId: c.locationId, quantity: c.delta, changeFromQuantity: 0 }))
    : (variables.input.quantities as Array<{ inventoryItemId: string; locationId: string; quantity: number; changeFromQuantity?: number | null }>);
  const payload = data.inventorySetQuantities;
  const errors = payload?.userErrors ?? [];
  const byIndex = new Map<number, { code: string | null; message: string }>();
  const general: { code: string | null; message: string }[] = [];
  for (const e of errors) {
    const idx = e.field?.[2] !== undefined ? Number(e.field[2]) : NaN;
    if (e.field?.[1] === "quantities" && Number.isInteger(idx)) byIndex.set(idx, { code: e.code ?? null, message: e.message });
    else general.push({ code: e.code ?? null, message: e.message });
  }
  const group = payload?.inventoryAdjustmentGroup;
  const after = new Map<string, number | null>((group?.changes ?? []).filter((c) => c.name === "available").map((c) => [`${c.item?.id}|${c.location?.id}`, c.quantityAfterChange ?? null] as const));
  return quantities.map((q, i) => {
    const err = byIndex.get(i);
    const k = `${q.inventoryItemId}|${q.locationId}`;
    if (err) {
      if (err.code === "CHANGE_FROM_QUANTITY_STALE" || err.code === "COMPARE_QUANTITY_STALE") return { kind: "stale" };
      return { kind: "rejected", message: err.message, code: err.code };
    }
    if (group) {
      // A quantity equal to its changeFrom moves nothing and may be absent from the changes.
      if (after.has(k)) return { kind: "applied", ...(after.get(k) !== null ? { after: after.get(k)! } : {}) };
      if (!adjust && q.quantity === q.changeFromQuantity) return { kind: "applied" };
      return { kind: "not_applied" };
    }
    if (general.length) {
      const g = general[0];
      if (g.code === "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED") return { kind: "not_applied" };
      if (g.code === "IDEMPOTENCY_CONCURRENT_REQUEST") return { kind: "error", error: new Error(g.message) };
      return { kind: "rejected", message: g.message, code: g.code };
    }
    return byIndex.size ? { kind: "not_applied" } : { kind: "error", error: new Error("inventorySetQuantities returned neither a result nor errors") };
  });
}

/**
 * The writers of one engine (one process): per shop and mode a ShopWriter, and the resolution of
 * stored batches whose outcome was never recorded (the process died, or the request failed
 * ambiguously): the stored request is resent unchanged under its key.
 */
export class Writers {
  readonly stats: WriterStats = { mutations: 0, quantities: 0, staleBatches: 0 };
  private writers = new Map<string, ShopWriter>();
  private resolving = new Map<string, Promise<BatchOutcome[]>>();

  constructor(
    private readonly admin: AdminClientFactory,
    private readonly windowMs = Number(process.env.SYNC_BATCH_WINDOW_MS ?? 3),
  ) {}

  private send = (shop: string, key: string, variables: SetQuantitiesVariables | AdjustVariables) => sendBatch(this.admin, this.stats, shop, key, variables);

  for(shop: string, mode: "set" | "adjust" = "set"): ShopWriter {
    let w = this.writers.get(`${mode}|${shop}`);
    if (!w) {
      w = new ShopWriter(this.send, shop, this.windowMs, mode);
      this.writers.set(`${mode}|${shop}`, w);
    }
    return w;
  }

  async resolveStoredBatch(key: string): Promise<BatchOutcome[] | null> {
    const row = await prisma.syncWriteBatch.findUnique({ where: { key } });
    if (!row) return null;
    const variables = JSON.parse(row.variables) as SetQuantitiesVariables | AdjustVariables;
    if (row.result) return interpretResult(variables, JSON.parse(row.result));
    let p = this.resolving.get(key);
    if (!p) {
      p = this.send(row.shop, key, variables).finally(() => this.resolving.delete(key));
      this.resolving.set(key, p);
    }
    return p;
  }
}
