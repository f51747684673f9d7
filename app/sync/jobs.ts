// The sync engine's jobs and how they are enqueued (only through the JobQueue interface).
import type { Prisma } from "@prisma/client";
import type { JobQueue } from "../queue/types";
import { itemOrderingKey } from "./keys";

export const SYNC_ITEM_JOB = "sync.item";
export const SYNC_COMMAND_JOB = "sync.command";
/** A timer of one SKU (no ordering key, so it never holds up the SKU's queue while it waits). */
export const SYNC_TICK_JOB = "sync.tick";
export const SYNC_AFTER_IMPORT_JOB = "sync.after-import";
export const RECONCILE_GROUP_JOB = "sync.reconcile";
export const RECONCILE_ALL_JOB = "sync.reconcile-due";
export const RECONCILE_SCHEDULE = "sync-reconcile";

export type ItemReason = "observation" | "timer" | "change";

/** Enqueues the serialized job of one (group, SKU). */
export function enqueueItem(queue: JobQueue, groupId: string, sku: string, shop: string | null, opts: { tx?: Prisma.TransactionClient; reason?: ItemReason } = {}) {
  return queue.enqueue(
    { name: SYNC_ITEM_JOB, payload: { groupId, sku, reason: opts.reason ?? "change" }, shop, orderingKey: itemOrderingKey(groupId, sku), maxAttempts: 8 },
    opts.tx,
  );
}

/** Asks for a timer run of the SKU in `ms` (at most one per SKU per period). */
export function enqueueTick(queue: JobQueue, groupId: string, sku: string, shop: string | null, ms: number, now = Date.now()) {
  const due = Math.ceil((now + ms) / ms) * ms;
  return queue.enqueue({ name: SYNC_TICK_JOB, payload: { groupId, sku }, shop, runAt: new Date(due), dedupeKey: `sync-tick|${groupId}|${sku}|${due}`, maxAttempts: 3 });
}
