// Intake of a change to (store, item, location): routes it to the links that follow that level
// as an observation and queues their SKU's job. Unknown items of a member store are linked by
// SKU or open an exception.
import type { SyncLink } from "@prisma/client";
import prisma from "../db.server";
import type { JobQueue } from "../queue/types";
import { openException } from "./exceptions.server";
import { enqueueItem } from "./jobs";
import { linkItem } from "./link.server";

export interface LevelChange {
  shop: string;
  inventoryItemId: string;
  locationId: string;
  available: number;
  /** Store time of the change (X-Shopify-Triggered-At, ms precision). */
  at: Date;
  eventId: string;
  inboxId?: string | null;
  payload?: unknown;
}

/** Redelivery is a no-op: an observation is unique per link × event, and its job commits with it. */
export async function intakeLevelChange(queue: JobQueue, c: LevelChange): Promise<{ routed: number }> {
  let links = await prisma.syncLink.findMany({
    where: { shop: c.shop, inventoryItemId: c.inventoryItemId, locationId: c.locationId, status: "linked" },
  });
  if (links.length === 0) {
    const linked = await linkUnknownItem(c);
    if (!linked) return { routed: 0 };
    links = [linked];
  }
  let routed = 0;
  for (const link of links) {
    try {
      await prisma.$transaction(async (tx) => {
        await tx.syncObservation.create({
          data: { groupId: link.groupId, sku: link.sku, linkId: link.id, shop: c.shop, available: c.available, at: c.at, eventId: c.eventId, inboxId: c.inboxId ?? null },
        });
        await enqueueItem(queue, link.groupId, link.sku, c.shop, { tx, reason: "observation" });
      });
      routed++;
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002") throw error;
    }
  }
  if (routed) queue.notify?.();
  return { routed };
}

/** An item of an active member that no link follows: link it by SKU, or raise unknown_sku. */
async function linkUnknownItem(c: LevelChange): Promise<SyncLink | null> {
  const members = await prisma.syncMember.findMany({ where: { shop: c.shop, status: "active", locationId: c.locationId } });
  for (const member of members) {
    const group = await prisma.syncGroup.findUnique({ where: { id: member.groupId } });
    if (!group || group.status !== "active") continue;
    const variant = await prisma.catalogVariant.findFirst({ where: { shop: c.shop, inventoryItemId: c.inventoryItemId } });
    const key = variant ? (group.matchBy === "barcode" ? variant.barcode : variant.sku) : null;
    if (!variant || !key) {
      await openException({
        class: "unknown_sku",
        groupId: group.id,
        shop: c.shop,
        locationId: c.locationId,
        subject: `${c.shop}|${c.inventoryItemId}`,
        title: variant ? `Variant ${variant.title} has no ${group.matchBy}: it cannot be matched` : `Inventory item ${c.inventoryItemId} is not in the catalog`,
        sourceEventId: c.eventId,
        payloadSnapshot: c.payload ?? { inventoryItemId: c.inventoryItemId, available: c.available },
        members: [c.shop],
      });
      await prisma.stockEvent.create({
        data: { groupId: group.id, shop: c.shop, inventoryItemId: c.inventoryItemId, locationId: c.locationId, cause: "manual", sourceEventId: c.eventId, payloadRef: c.inboxId ?? null, valueAfter: c.available, result: "unknown_sku" },
      });
      continue;
    }
    const link = await linkItem(group, member, { sku: key, inventoryItemId: c.inventoryItemId, variantId: variant.variantId, available: c.available, at: c.at });
    if (link) return link;
  }
  return null;
}
