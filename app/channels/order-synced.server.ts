// order.synced: an order's stock effect has been applied to its sync group. The engine records
// the fact: when a store's number moved because of an order, its stock event has cause "order",
// result "applied" and detail "inbox:<id>" (the orders/create delivery it was attributed to,
// app/sync/cause.server.ts). An order spans SKUs and the engine applies each SKU in its own job,
// so the event is emitted once, at the stock event that completes the order: every SKU of the
// order that is linked in that shop has its order-caused stock event. Read from recorded facts by
// the outbound tail (tail.server.ts), like the other event types: the engine knows nothing of
// channels.
import type { StockEvent } from "@prisma/client";
import prisma from "../db.server";
import { gid } from "../gid";
import type { EmitInput } from "./events.server";

const INBOX_REF = /^inbox:(.+)$/;

interface OrderPayload {
  id?: number;
  admin_graphql_api_id?: string;
  line_items?: { variant_id?: number | null }[];
}

function parseOrder(payload: string): OrderPayload | null {
  try {
    return JSON.parse(payload) as OrderPayload;
  } catch {
    return null;
  }
}

type Fact = Pick<StockEvent, "id" | "shop" | "sku" | "cause" | "result" | "detail" | "delta">;

/** The order.synced event a recorded stock event completes, if it completes one. */
export async function orderSyncedFor(row: Fact): Promise<EmitInput | null> {
  if (row.cause !== "order" || row.result !== "applied" || !row.sku || !row.detail) return null;
  const ref = INBOX_REF.exec(row.detail);
  if (!ref) return null;
  const inbox = await prisma.webhookInbox.findUnique({ where: { id: ref[1] }, select: { shop: true, topic: true, payload: true } });
  if (!inbox || inbox.shop !== row.shop || inbox.topic !== "orders/create") return null;
  const order = parseOrder(inbox.payload);
  if (!order?.id && !order?.admin_graphql_api_id) return null;

  // The SKUs of the order that sync in this shop: each gets its own order-caused stock event.
  const variantIds = [...new Set((order.line_items ?? []).map((l) => l.variant_id).filter((v): v is number => typeof v === "number"))].map((v) => gid("ProductVariant", v));
  const links = await prisma.syncLink.findMany({ where: { shop: row.shop, variantId: { in: variantIds }, status: "linked" }, select: { sku: true } });
  const expected = new Set([...links.map((l) => l.sku), row.sku]);

  const facts = await prisma.stockEvent.findMany({
    where: { shop: row.shop, cause: "order", result: "applied", detail: row.detail, id: { lte: row.id } },
    select: { id: true, sku: true, delta: true },
    orderBy: { id: "asc" },
  });
  const covered = (upTo: number) => new Set(facts.filter((f) => f.id <= upTo && f.sku).map((f) => f.sku!));
  const covers = (set: Set<string>) => [...expected].every((s) => set.has(s));
  // Complete now, and not before this fact: exactly one fact emits it.
  if (!covers(covered(row.id)) || covers(covered(row.id - 1))) return null;

  const lines = new Map<string, number>();
  for (const f of facts) if (f.sku && expected.has(f.sku)) lines.set(f.sku, (lines.get(f.sku) ?? 0) - f.delta);
  const orderId = order.admin_graphql_api_id ?? gid("Order", order.id!);
  const data = { orderId, shop: row.shop, lines: [...lines].sort(([a], [b]) => a.localeCompare(b)).map(([sku, quantity]) => ({ sku, quantity })) };
  return { shop: row.shop, type: "order.synced", skus: [...lines.keys()], data };
}
