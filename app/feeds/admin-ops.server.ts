// The Admin API documents of feed runs: batched compare-and-set writes (≤ 250 quantities per
// inventorySetQuantities, @idempotent) and the re-read of stale items. Calls go through the
// throttle-aware AdminClient, which paces itself from throttleStatus.
import type { AdminClient } from "../admin/client.server";

export type FeedAdmin = Pick<AdminClient, "request">;

export const FEED_SET_QUANTITIES = `#graphql
  mutation FeedSetQuantities($input: InventorySetQuantitiesInput!, $key: String!) {
    inventorySetQuantities(input: $input) @idempotent(key: $key) {
      userErrors { field message code }
    }
  }
`;

export const FEED_READ_LEVELS = `#graphql
  query FeedReadLevels($ids: [ID!]!, $locationId: ID!) {
    nodes(ids: $ids) {
      ... on InventoryItem {
        id
        inventoryLevel(locationId: $locationId) {
          quantities(names: ["available"]) { name quantity }
        }
      }
    }
  }
`;

export const BATCH_SIZE = 250;
const READ_SIZE = 100;

export interface SetQuantity {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  changeFromQuantity: number | null;
}

interface UserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

/** One batch; returns the indexes whose compare-and-set went stale (then nothing was written). */
export async function setQuantities(admin: FeedAdmin, quantities: SetQuantity[], key: string): Promise<{ stale: number[]; errors: UserError[] }> {
  const res = await admin.request<{ inventorySetQuantities: { userErrors: UserError[] } }>(
    FEED_SET_QUANTITIES,
    { input: { name: "available", reason: "correction", referenceDocumentUri: "stockroom://feed", quantities }, key },
    { cost: 10 },
  );
  const errors = res.data.inventorySetQuantities.userErrors;
  const stale = errors.filter((e) => e.code === "CHANGE_FROM_QUANTITY_STALE").map((e) => Number(e.field?.[2]));
  return { stale, errors: errors.filter((e) => e.code !== "CHANGE_FROM_QUANTITY_STALE") };
}

/** Current `available` of items at a location (null: the item is not stocked there). */
export async function readLevels(admin: FeedAdmin, locationId: string, itemIds: string[]): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  for (let i = 0; i < itemIds.length; i += READ_SIZE) {
    const ids = itemIds.slice(i, i + READ_SIZE);
    const res = await admin.request<{ nodes: ({ id: string; inventoryLevel: { quantities: { name: string; quantity: number }[] } | null } | null)[] }>(FEED_READ_LEVELS, { ids, locationId });
    res.data.nodes.forEach((n, j) => out.set(ids[j], n?.inventoryLevel?.quantities.find((q) => q.name === "available")?.quantity ?? null));
  }
  return out;
}
