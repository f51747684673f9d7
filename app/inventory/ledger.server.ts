import prisma from "../db.server";
import { gid } from "../gid";
import type { TopicEvent } from "../webhooks/topic-event";

export interface LevelObservation {
  shop: string;
  inventoryItemId: string;
  locationId: string;
  available: number;
  /** When the value was true at Shopify (the event's own timestamp). */
  at: Date;
}

export type LedgerChange =
  | { kind: "created"; previous: null; level: LevelObservation }
  | { kind: "changed"; previous: number; level: LevelObservation }
  | { kind: "unchanged" | "stale"; previous: number; level: LevelObservation };

/**
 * Records what a shop reports for an item at a location. An observation older than the one
 * the ledger holds is stale and never overwrites it (webhooks can arrive out of order).
 */
export async function observeLevel(o: LevelObservation): Promise<LedgerChange> {
  const key = { shop: o.shop, inventoryItemId: o.inventoryItemId, locationId: o.locationId };
  const current = await prisma.inventoryLevel.findUnique({ where: { shop_inventoryItemId_locationId: key } });
  if (!current) {
    await prisma.inventoryLevel.create({ data: { ...key, available: o.available, seenAt: o.at } });
    return { kind: "created", previous: null, level: o };
  }
  if (o.at < current.seenAt) return { kind: "stale", previous: current.available, level: o };
  // Compare-and-set on version, so two workers never interleave on one row.
  const { count } = await prisma.inventoryLevel.updateMany({
    where: { ...key, version: current.version },
    data: { available: o.available, seenAt: o.at, version: { increment: 1 } },
  });
  if (count === 0) return observeLevel(o);
  return { kind: current.available === o.available ? "unchanged" : "changed", previous: current.available, level: o };
}

export interface InventoryLevelPayload {
  inventory_item_id: number;
  location_id: number;
  available: number | null;
  updated_at?: string;
  admin_graphql_api_id?: string;
}

/** inventory_levels/update: the ledger keeps what each shop reports (a pipeline step). */
export async function onLevelUpdate({ shop, payload, occurredAt }: TopicEvent<InventoryLevelPayload>): Promise<void> {
  const at = payload.updated_at ? new Date(payload.updated_at) : occurredAt;
  await observeLevel({
    shop,
    inventoryItemId: gid("InventoryItem", payload.inventory_item_id),
    locationId: gid("Location", payload.location_id),
    available: payload.available ?? 0,
    at: Number.isNaN(at.getTime()) ? occurredAt : at,
  });
}

/** inventory_items/delete: its levels go; variants keep their row without an item. */
export async function onItemDeleted({ shop, payload }: TopicEvent<{ id: number }>): Promise<void> {
  const inventoryItemId = gid("InventoryItem", payload.id);
  await prisma.$transaction([
    prisma.inventoryLevel.deleteMany({ where: { shop, inventoryItemId } }),
    prisma.catalogVariant.updateMany({ where: { shop, inventoryItemId }, data: { inventoryItemId: null } }),
  ]);
}
