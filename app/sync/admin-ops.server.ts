import type { AdminClientFactory } from "./deps";
import type {
  SyncLocationNameQuery,
  SyncLocationNameQueryVariables,
  SyncReadLevelsQuery,
  SyncReadLevelsQueryVariables,
  SyncSetQuantitiesMutation,
  SyncSetQuantitiesMutationVariables,
} from "../types/admin.generated";

// The Admin API documents of the sync engine. Every call goes through the throttle-aware
// AdminClient the caller passes in (SyncDeps.admin).

export const SET_QUANTITIES = `#graphql
  mutation SyncSetQuantities($input: InventorySetQuantitiesInput!, $key: String!) {
    inventorySetQuantities(input: $input) @idempotent(key: $key) {
      inventoryAdjustmentGroup {
        id
        createdAt
        changes {
          name
          delta
          quantityAfterChange
          item { id }
          location { id }
        }
      }
      userErrors { field message code }
    }
  }
`;

/**
 * Used when compare-and-set keeps losing to a burst of sales (flash sale): a delta cannot go
 * stale, and `quantityAfterChange` tells exactly what the store had just before it.
 */
export const ADJUST_QUANTITIES = `#graphql
  mutation SyncAdjustQuantities($input: InventoryAdjustQuantitiesInput!, $key: String!) {
    inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
      inventoryAdjustmentGroup {
        id
        createdAt
        changes {
          name
          delta
          quantityAfterChange
          item { id }
          location { id }
        }
      }
      userErrors { field message code }
    }
  }
`;

export const READ_LEVELS = `#graphql
  query SyncReadLevels($ids: [ID!]!, $locationId: ID!) {
    nodes(ids: $ids) {
      ... on InventoryItem {
        id
        sku
        inventoryLevel(locationId: $locationId) {
          quantities(names: ["available"]) { name quantity }
        }
      }
    }
  }
`;

export type SetQuantitiesResult = SyncSetQuantitiesMutation;
export type SetQuantitiesVariables = SyncSetQuantitiesMutationVariables;

export interface LevelRead {
  inventoryItemId: string;
  /** null when the item has no level at that location (or no longer exists) */
  available: number | null;
}

/** Reads `available` of up to 250 items at one location (one request per 100 ids). */
export async function readLevels(admin: AdminClientFactory, shop: string, inventoryItemIds: string[], locationId: string): Promise<LevelRead[]> {
  const out: LevelRead[] = [];
  for (let i = 0; i < inventoryItemIds.length; i += 100) {
    const ids = inventoryItemIds.slice(i, i + 100);
    const vars: SyncReadLevelsQueryVariables = { ids, locationId };
    const { data } = await admin(shop).request<SyncReadLevelsQuery>(READ_LEVELS, vars);
    const byId = new Map<string, number | null>();
    for (const node of data.nodes) {
      if (!node || !("id" in node)) continue;
      const q = node.inventoryLevel?.quantities.find((x) => x.name === "available");
      byId.set(node.id, q ? q.quantity : null);
    }
    for (const id of ids) out.push({ inventoryItemId: id, available: byId.has(id) ? byId.get(id)! : null });
  }
  return out;
}

export const READ_LOCATION = `#graphql
  query SyncLocationName($id: ID!) {
    location(id: $id) { id name }
  }
`;

/** The name of a shop's location (null when it does not exist or cannot be read). */
export async function readLocationName(admin: AdminClientFactory, shop: string, locationId: string): Promise<string | null> {
  try {
    const { data } = await admin(shop).request<SyncLocationNameQuery>(READ_LOCATION, { id: locationId } satisfies SyncLocationNameQueryVariables);
    return data.location?.name ?? null;
  } catch {
    return null;
  }
}
