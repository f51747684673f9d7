// Operator actions on one SKU (Exceptions and Sync pages). They run as jobs on the SKU's
// ordering key, so they never race the engine.
import prisma from "../db.server";
import type { JobQueue } from "../queue/types";
import type { Engine } from "./engine-types";
import { markResolved } from "./exceptions.server";
import { processItem } from "./item-job.server";
import { SYNC_COMMAND_JOB } from "./jobs";
import { itemOrderingKey } from "./keys";

export type ItemCommand =
  | { kind: "pause"; note: string; by: string }
  | { kind: "resume"; note: string; by: string }
  | { kind: "accept_store"; exceptionId: string; note: string; by: string }
  | { kind: "accept_pool"; exceptionId: string; note: string; by: string }
  | { kind: "retry"; exceptionId: string; note: string; by: string };

export async function enqueueItemCommand(queue: JobQueue, groupId: string, sku: string, shop: string, command: ItemCommand) {
  await queue.enqueue({ name: SYNC_COMMAND_JOB, payload: { groupId, sku, command }, shop, orderingKey: itemOrderingKey(groupId, sku), maxAttempts: 3 });
}

export async function applyItemCommand(engine: Engine, groupId: string, sku: string, command: ItemCommand) {
  const item = await prisma.syncItem.findUnique({ where: { groupId_sku: { groupId, sku } } });
  if (!item) return;
  const group = await prisma.syncGroup.findUniqueOrThrow({ where: { id: groupId } });
  const event = (result: string, delta = 0, poolAfter = item.pool) =>
    prisma.stockEvent.create({ data: { groupId, sku, shop: command.by.includes(".") ? command.by : group.ownerShop, cause: "operator", delta, poolAfter, result, detail: `${command.kind}: ${command.note}` } });
  switch (command.kind) {
    case "pause":
      await prisma.syncItem.update({ where: { id: item.id }, data: { paused: true, pausedReason: command.note } });
      await event("paused");
      return;
    case "resume":
      await prisma.syncItem.update({ where: { id: item.id }, data: { paused: false, pausedReason: null } });
      await event("resumed");
      break;
    case "accept_store": {
      const ex = await prisma.syncException.findUniqueOrThrow({ where: { id: command.exceptionId } });
      // The store's numbers are the truth: the drift held in the exception joins the pool.
      const delta = ex.class === "drift" ? (ex.amount ?? 0) : 0;
      const updated = await prisma.syncItem.update({ where: { id: item.id }, data: { pool: { increment: delta }, version: { increment: 1 }, paused: false, pausedReason: null } });
      await event("accepted_store", delta, updated.pool);
      await markResolved(ex.id, { resolution: "accept_store", note: command.note, by: command.by });
      break;
    }
    case "accept_pool": {
      const ex = await prisma.syncException.findUniqueOrThrow({ where: { id: command.exceptionId } });
      // The pool is the truth: stores are overwritten with it (the drift is discarded).
      await prisma.syncItem.update({ where: { id: item.id }, data: { paused: false, pausedReason: null } });
      await event("accepted_pool", 0);
      await markResolved(ex.id, { resolution: "accept_pool", note: command.note, by: command.by });
      break;
    }
    case "retry": {
      const ex = await prisma.syncException.findUniqueOrThrow({ where: { id: command.exceptionId } });
      await markResolved(ex.id, { resolution: "retry", note: command.note, by: command.by });
      break;
    }
  }
  await processItem(engine, groupId, sku);
}
