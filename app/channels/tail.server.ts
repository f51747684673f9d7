// The outbound tail: reads the app's own facts after a cursor — stock events (stock.changed,
// stock.sold_out, stock.back_in_stock, stock.low, and order.synced at the stock event that
// completes an order, order-synced.server.ts) and exceptions (exception.opened /
// exception.resolved) — and emits them to the shops' endpoints. Reading recorded facts keeps
// the channels out of the sync engine's hot path.
import prisma from "../db.server";
import { EXCEPTION_CURSOR, readCursor, setCursor, STOCK_CURSOR } from "./cursors.server";
import type { ChannelDeps } from "./deps";
import { enqueueFlush } from "./deliver.server";
import { emitEvents, type EmitInput } from "./events.server";
import { orderSyncedFor } from "./order-synced.server";

export const LOW_STOCK = 5;
const PAGE = 500;

export function stockEventsFor(e: { shop: string; sku: string | null; locationId: string | null; delta: number; valueAfter: number | null; cause: string }): EmitInput[] {
  if (!e.sku || e.valueAfter === null || e.delta === 0) return [];
  const previous = e.valueAfter - e.delta;
  const data = { sku: e.sku, location: e.locationId, available: e.valueAfter, previous, cause: e.cause };
  const out: EmitInput[] = [{ shop: e.shop, type: "stock.changed", sku: e.sku, data }];
  if (e.valueAfter <= 0 && previous > 0) out.push({ shop: e.shop, type: "stock.sold_out", sku: e.sku, data });
  else if (e.valueAfter > 0 && previous <= 0) out.push({ shop: e.shop, type: "stock.back_in_stock", sku: e.sku, data });
  else if (e.valueAfter > 0 && e.valueAfter <= LOW_STOCK && previous > LOW_STOCK) out.push({ shop: e.shop, type: "stock.low", sku: e.sku, data });
  return out;
}

/** Deliveries due for a while with no flush coming (a coalesced flush ran just before they were added). */
async function sweepDue(deps: ChannelDeps): Promise<void> {
  const now = deps.now?.() ?? new Date();
  const stranded = await prisma.channelDelivery.findMany({ where: { status: { in: ["pending", "retrying"] }, nextAttemptAt: { lte: new Date(now.getTime() - 2_000) } }, distinct: ["endpointId"], select: { endpointId: true, shop: true }, take: 100 });
  for (const d of stranded) await enqueueFlush(deps, d.shop, d.endpointId, now);
}

export async function tailOnce(deps: ChannelDeps): Promise<number> {
  if ((await prisma.channelEndpoint.count()) === 0) return 0;
  await sweepDue(deps);
  let emitted = 0;
  const after = Number(await readCursor(STOCK_CURSOR));
  const rows = await prisma.stockEvent.findMany({ where: { id: { gt: after }, result: { in: ["applied", "written"] } }, orderBy: { id: "asc" }, take: PAGE });
  if (rows.length) {
    const inputs: EmitInput[] = [];
    for (const r of rows) {
      inputs.push(...stockEventsFor(r));
      const order = await orderSyncedFor(r);
      if (order) inputs.push(order);
    }
    emitted += (await emitEvents(deps, inputs)).length;
    await setCursor(STOCK_CURSOR, String(rows[rows.length - 1].id));
  }
  const since = new Date(await readCursor(EXCEPTION_CURSOR));
  const changed = await prisma.syncException.findMany({ where: { updatedAt: { gt: since } }, orderBy: { updatedAt: "asc" }, take: PAGE });
  if (changed.length) {
    const inputs: EmitInput[] = [];
    for (const x of changed) {
      const data = { exceptionId: x.id, class: x.class, sku: x.sku, title: x.title };
      if (x.createdAt > since) inputs.push({ shop: x.shop, type: "exception.opened", sku: x.sku, data });
      if (x.status === "resolved" && x.resolvedAt && x.resolvedAt > since) inputs.push({ shop: x.shop, type: "exception.resolved", sku: x.sku, data: { ...data, resolution: x.resolution } });
    }
    emitted += (await emitEvents(deps, inputs)).length;
    await setCursor(EXCEPTION_CURSOR, changed[changed.length - 1].updatedAt.toISOString());
  }
  return emitted;
}
