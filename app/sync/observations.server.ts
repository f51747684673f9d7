// Step 1 of the per-SKU job: apply what arrived since the last run — webhook observations
// (oldest first), reconciliation reads and pool inputs from feeds — to the links and the pool.
import prisma from "../db.server";
import { attributeCause } from "./cause.server";
import { classify } from "./classify";
import type { ExceptionSink } from "./engine-types";
import { applyDelta, persist, type ItemCtx } from "./item-state.server";
import { applyReconcileRead } from "./reconcile-read.server";

export interface Applied {
  count: number;
  /** ambiguous observations: stay unprocessed until the read of step 2 succeeds */
  ambiguous: number[];
}

export async function applyObservations(ctx: ItemCtx, exceptions: ExceptionSink): Promise<Applied> {
  const { groupId } = ctx.item;
  const sku = ctx.item.sku;
  const [obs, inputs] = await Promise.all([
    prisma.syncObservation.findMany({ where: { groupId, sku, processedAt: null }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
    prisma.syncPoolInput.findMany({ where: { groupId, sku, processedAt: null }, orderBy: { id: "asc" } }),
  ]);
  const results = new Map<number, string>();
  const ambiguous: number[] = [];
  for (const o of obs) {
    const link = ctx.links.find((l) => l.id === o.linkId);
    if (!link) {
      results.set(o.id, "ignored");
      continue;
    }
    if (o.kind === "reconcile") {
      const inflight = obs.some((x) => x.linkId === o.linkId && x.kind !== "reconcile");
      results.set(o.id, await applyReconcileRead(ctx, link, o, inflight, exceptions));
      continue;
    }
    const kind = classify(link, o);
    if (kind === "ambiguous") {
      ambiguous.push(o.id);
      link.needRead = true;
      continue;
    }
    results.set(o.id, kind);
    if (kind === "echo" || kind === "unchanged") {
      if (o.at > link.lastSeenAt) link.lastSeenAt = o.at;
      if (link.uncertainUntil && o.at >= link.uncertainUntil) link.uncertainUntil = null;
      link.dirty = true;
    } else if (kind === "external") {
      const delta = o.available - link.lastSeen;
      link.lastSeen = o.available;
      link.lastSeenAt = o.at;
      link.uncertainUntil = null;
      link.dirty = true;
      if (!ctx.changedAt || o.at < ctx.changedAt) ctx.changedAt = o.at;
      const why = await attributeCause(link, o.at, delta);
      applyDelta(ctx, link, delta, why.cause, "applied", { sourceEventId: o.eventId, payloadRef: o.inboxId, detail: why.ref, at: o.at });
    }
  }
  for (const input of inputs) {
    const delta = input.kind === "set" ? input.quantity - ctx.item.pool : input.quantity;
    applyDelta(ctx, null, delta, input.cause, "applied", { sourceEventId: `pool-input:${input.id}`, detail: `${input.kind} ${input.quantity} from ${input.source}` });
    if (!ctx.changedAt) ctx.changedAt = input.createdAt;
  }
  if (obs.length || inputs.length) {
    const now = new Date();
    await persist(ctx, async (tx) => {
      const byResult = new Map<string, number[]>();
      for (const [id, r] of results) byResult.set(r, [...(byResult.get(r) ?? []), id]);
      for (const [r, ids] of byResult) await tx.syncObservation.updateMany({ where: { id: { in: ids } }, data: { processedAt: now, result: r } });
      if (inputs.length) await tx.syncPoolInput.updateMany({ where: { id: { in: inputs.map((i) => i.id) } }, data: { processedAt: now, result: "applied" } });
    });
  }
  return { count: obs.length + inputs.length, ambiguous };
}
