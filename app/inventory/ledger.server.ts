import prisma from "../db.server";
import { gid } from "../gid";
import { onTopic } from "../webhooks/handlers.server";

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

interface InventoryLevelPayload {
  inventory_item_id: number;
  location_id: number;
  available: number | null;
  updated_at: string;
  admin_graphql_api_id?: string;
}

type Listener = (change: LedgerChange) => Promise<void>;
const listeners: Listener[] = [];

/** The sync engine and the storefront read model follow ledger changes through this hook. */
export function onLedgerChange(listener: Listener): void {
  listeners.push(listener);
}

onTopic<InventoryLevelPayload>("inventory_levels/update", async ({ shop, payload, occurredAt }) => {
  const at = payload.updated_at ? new Date(payload.updated_at) : occurredAt;
  const change = await observeLevel({
    shop,
    inventoryItemId: gid("InventoryItem", payload.inventory_item_id),
    locationId: gid("Location", payload.location_id),
    available: payload.available ?? 0,
    at: Number.isNaN(at.getTime()) ? occurredAt : at,
  });
  for (const l of listeners) await l(change);
});

onTopic<{ id: number }>("inventory_items/delete", async ({ shop, payload }) => {
  const inventoryItemId = gid("InventoryItem", payload.id);
  await prisma.$transaction([
    prisma.inventoryLevel.deleteMany({ where: { shop, inventoryItemId } }),
    prisma.catalogVariant.updateMany({ where: { shop, inventoryItemId }, data: { inventoryItemId: null } }),
  ]);
});
