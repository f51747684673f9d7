// Back-in-stock's steps in the webhook pipelines (app/webhooks/pipelines.server.ts), after the
// ledger and the sync engine: database and queue only; mail and Admin API work run as jobs.
import prisma from "../db.server";
import { gid } from "../gid";
import type { TopicEvent } from "../webhooks/topic-event";
import { sellableOf } from "./catalog.server";
import { observeSellable } from "./send.server";
import { loadRestockSettings } from "./settings.server";
import { enqueueSoldOutCheck } from "./soldout.server";
import { recordConversions, type OrderForConversion } from "./conversions.server";

/**
 * A shop's stock of one inventory item moved (inventory_levels/update — also the echo of the sync
 * engine's own writes, so a refund in a linked store arrives here as this store's new level).
 */
export async function onRestockLevelChanged({ shop, payload }: TopicEvent<{ inventory_item_id?: number }>): Promise<void> {
  if (!payload.inventory_item_id) return;
  const inventoryItemId = gid("InventoryItem", payload.inventory_item_id);
  const variants = await prisma.catalogVariant.findMany({ where: { shop, inventoryItemId }, select: { variantId: true, productId: true } });
  if (!variants.length) return;
  const watched = await prisma.restockSubscription.findMany({
    where: { shop, variantId: { in: variants.map((v) => v.variantId) } },
    select: { variantId: true },
    distinct: ["variantId"],
  });
  if (watched.length) {
    const sellable = await sellableOf(shop, inventoryItemId);
    for (const w of watched) await observeSellable(shop, w.variantId, sellable);
  }
  const settings = await loadRestockSettings(shop);
  if (settings.soldOutAction !== "off") for (const productId of new Set(variants.map((v) => v.productId))) await enqueueSoldOutCheck(shop, productId);
}

/** orders/create: an order by a notified address for that variant within 7 days is recovered revenue. */
export async function onRestockOrder({ shop, payload }: TopicEvent<OrderForConversion>): Promise<void> {
  await recordConversions(shop, payload);
}
