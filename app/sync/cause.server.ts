// Reading the webhook inbox for the engine, by the resource columns stored at intake
// (app/webhooks/resource-ids.ts), never by scanning raw payloads.
import type { SyncLink } from "@prisma/client";
import prisma from "../db.server";
import { variantToken } from "../webhooks/resource-ids";

const CAUSE_OF_TOPIC: Record<string, string> = { "orders/create": "order", "orders/cancelled": "cancellation", "refunds/create": "refund" };

/**
 * Why a store's number moved, for the audit trail: an order, cancellation or refund webhook of
 * the same shop naming the variant close in time, with exactly this many units, each order
 * explaining one change; else "external". Best effort (the order webhook may come later); the
 * delta itself never depends on it.
 */
export async function attributeCause(link: SyncLink, at: Date, delta: number): Promise<{ cause: string; ref: string | null }> {
  const none = { cause: "external", ref: null };
  if (!link.variantId) return none;
  const variantNum = Number(link.variantId.split("/").pop());
  const rows = await prisma.webhookInbox.findMany({
    where: {
      shop: link.shop,
      topic: { in: delta < 0 ? ["orders/create"] : ["orders/cancelled", "refunds/create"] },
      receivedAt: { gte: new Date(at.getTime() - 30_000), lte: new Date(at.getTime() + 30_000) },
      variantIds: { contains: variantToken(variantNum) },
    },
    select: { id: true, topic: true, payload: true },
    orderBy: { receivedAt: "desc" },
    take: 20,
  });
  for (const r of rows) {
    if (unitsOf(r.payload, variantNum) !== Math.abs(delta)) continue;
    const ref = `inbox:${r.id}`;
    if (await prisma.stockEvent.findFirst({ where: { shop: link.shop, sku: link.sku, detail: ref }, select: { id: true } })) continue;
    return { cause: CAUSE_OF_TOPIC[r.topic] ?? "external", ref };
  }
  return none;
}

/** Units of one variant in an order or refund payload (0 if it cannot be read). */
function unitsOf(payload: string, variantNum: number): number {
  try {
    const p = JSON.parse(payload) as { line_items?: { variant_id?: number; quantity?: number }[]; refund_line_items?: { quantity?: number; line_item?: { variant_id?: number } }[] };
    let units = 0;
    for (const li of p.line_items ?? []) if (li.variant_id === variantNum) units += li.quantity ?? 0;
    for (const rl of p.refund_line_items ?? []) if (rl.line_item?.variant_id === variantNum) units += rl.quantity ?? 0;
    return units;
  } catch {
    return 0;
  }
}

/** A delivery for this level is stored but not processed yet (it will explain the difference). */
export async function webhookWaiting(link: SyncLink): Promise<boolean> {
  const row = await prisma.webhookInbox.findFirst({
    where: { shop: link.shop, topic: "inventory_levels/update", inventoryItemId: link.inventoryItemId, status: "received" },
    select: { id: true },
  });
  return row !== null;
}
