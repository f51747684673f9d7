// Step 2 of the per-SKU job (read what the stream could not tell), and the recovery of writes
// whose outcome was never recorded.
import prisma from "../db.server";
import { readLevels } from "./admin-ops.server";
import type { Engine } from "./engine-types";
import { persist, type ItemCtx, type LinkState } from "./item-state.server";
import { recordApplied, recordRead } from "./record.server";

/** Reads the real value of links marked needRead and folds the differences (concurrent changes). */
export async function readAmbiguous(engine: Engine, ctx: ItemCtx, ambiguous: number[]): Promise<number> {
  const todo = ctx.links.filter((l) => l.needRead);
  if (!todo.length) return 0;
  const byLevel = new Map<string, LinkState[]>();
  for (const l of todo) byLevel.set(`${l.shop}|${l.locationId}`, [...(byLevel.get(`${l.shop}|${l.locationId}`) ?? []), l]);
  await Promise.all(
    [...byLevel.values()].map(async (ls) => {
      const sentAt = new Date();
      const reads = await readLevels(engine.deps.admin, ls[0].shop, ls.map((l) => l.inventoryItemId), ls[0].locationId);
      const doneAt = new Date();
      for (const l of ls) {
        const r = reads.find((x) => x.inventoryItemId === l.inventoryItemId);
        l.needRead = false;
        if (r && r.available !== null) recordRead(engine, ctx, l, { available: r.available, sentAt, doneAt });
      }
    }),
  );
  await persist(ctx, async (tx) => {
    if (ambiguous.length) await tx.syncObservation.updateMany({ where: { id: { in: ambiguous } }, data: { processedAt: new Date(), result: "ambiguous" } });
  });
  return todo.length;
}

/** Finishes writes whose outcome was never recorded (crash or ambiguous failure) before anything else. */
export async function resolvePending(engine: Engine, ctx: ItemCtx) {
  const pending = await prisma.syncPendingWrite.findMany({ where: { itemId: ctx.item.id, status: "pending" }, orderBy: { sentAt: "asc" } });
  for (const pw of pending) {
    const link = ctx.links.find((l) => l.id === pw.linkId);
    let status = "failed";
    if (pw.batchKey && link) {
      const outcomes = await engine.writers.resolveStoredBatch(pw.batchKey);
      const o = outcomes?.[pw.position];
      if (!o || o.kind === "error") throw new Error(`write ${pw.entryKey} still unresolved`);
      if (o.kind === "applied") {
        const cause = ctx.item.allocating ? "rebalance" : "sync_write";
        recordApplied(engine, ctx, link, { value: pw.value, sentAt: pw.sentAt, doneAt: new Date(), after: o.after, cause, why: "resolved after an unanswered write" });
        status = "applied";
      } else {
        status = o.kind === "rejected" ? "failed" : "stale";
        if (status === "stale") link.needRead = true;
      }
    }
    await persist(ctx, async (tx) => {
      await tx.syncPendingWrite.update({ where: { id: pw.id }, data: { status, resolvedAt: new Date() } });
    });
  }
}
