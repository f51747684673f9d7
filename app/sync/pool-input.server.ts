// Contract 3 (sync ↔ channels): a feed's stock for a group SKU enters the pool. The input is
// recorded once per idempotency key (a resumed feed run never applies it twice) and folded by
// the SKU's serialized job as a stock event with cause "feed", then propagated or rebalanced
// like any other external change.
import type { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { queue as appQueue } from "../queue/index.server";
import type { JobQueue } from "../queue/types";
import { SyncInputError } from "./errors";
import { openException } from "./exceptions.server";
import { enqueueItem } from "./jobs";

export interface PoolInput {
  groupId: string;
  sku: string;
  /** set: the pool becomes `quantity`; delta: the pool moves by `quantity` */
  kind: "set" | "delta";
  quantity: number;
  cause: "feed";
  source: { feedId: string; runId: string; row: number | string };
  idempotencyKey: string;
}

export type PoolInputResult = { status: "accepted"; id: number } | { status: "duplicate"; id: number } | { status: "unknown_sku"; id: number };

/**
 * Records the input and queues the SKU's job. With `tx` both commit with the caller's
 * transaction; without, in one of their own. A SKU the group does not sync is recorded as
 * such (so a retry is a duplicate) and opens an unknown_sku exception.
 */
export async function submitPoolInput(input: PoolInput, opts: { tx?: Prisma.TransactionClient; queue?: JobQueue } = {}): Promise<PoolInputResult> {
  if (!Number.isSafeInteger(input.quantity) || (input.kind === "set" && input.quantity < 0)) throw new SyncInputError(`Invalid ${input.kind} quantity ${input.quantity}`);
  if (input.kind !== "set" && input.kind !== "delta") throw new SyncInputError(`Unknown pool input kind ${String(input.kind)}`);
  if (!input.idempotencyKey) throw new SyncInputError("An idempotency key is required");
  const queue = opts.queue ?? appQueue;
  const run = async (tx: Prisma.TransactionClient): Promise<PoolInputResult> => {
    const seen = await tx.syncPoolInput.findUnique({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true } });
    if (seen) return { status: "duplicate", id: seen.id };
    const group = await tx.syncGroup.findUnique({ where: { id: input.groupId } });
    if (!group) throw new SyncInputError("Sync group not found");
    const item = await tx.syncItem.findUnique({ where: { groupId_sku: { groupId: input.groupId, sku: input.sku } }, select: { id: true } });
    const row = await tx.syncPoolInput.create({
      data: {
        groupId: input.groupId,
        sku: input.sku,
        kind: input.kind,
        quantity: input.quantity,
        cause: input.cause,
        source: JSON.stringify(input.source),
        idempotencyKey: input.idempotencyKey,
        ...(item ? {} : { processedAt: new Date(), result: "unknown_sku" }),
      },
    });
    if (!item) {
      await openException(
        {
          class: "unknown_sku",
          groupId: group.id,
          shop: group.ownerShop,
          sku: input.sku,
          subject: `feed|${input.source.feedId}|${input.sku}`,
          title: `Feed ${input.source.feedId} names ${input.sku}, which no store in the group has`,
          payloadSnapshot: input,
        },
        tx,
      );
      return { status: "unknown_sku", id: row.id };
    }
    await enqueueItem(queue, input.groupId, input.sku, group.ownerShop, { tx });
    return { status: "accepted", id: row.id };
  };
  if (opts.tx) return run(opts.tx);
  try {
    const result = await prisma.$transaction(run);
    queue.notify?.();
    return result;
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
    const seen = await prisma.syncPoolInput.findUniqueOrThrow({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true } });
    return { status: "duplicate", id: seen.id };
  }
}
