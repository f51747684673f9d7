// Shared by the browser tests that need two linked stores: north-shop and south-shop in one
// shared-pool sync group, linked through the app's own sync API.
import { expect } from "vitest";
import type { AppWithStandin } from "../../dev/app-with-standin.ts";

/**
 * Links north-shop and south-shop in one shared-pool group through the app's own sync API
 * (the functions the Sync page's actions call, loaded from the running app): north creates the
 * group at its warehouse, south joins with the share key at its warehouse, both catalogs are
 * imported, north enables it with its counts as the starting pool. (The Sync page itself has its
 * own browser test, test/e2e/sync.e2e.test.ts.)
 */
export async function linkStores(app: AppWithStandin, opts: { protection?: "off" | "automatic" | "guaranteed" } = {}): Promise<void> {
  const load = <T,>(path: string) => app.vite.ssrLoadModule(path) as Promise<T>;
  const { createGroup, joinGroup } = await load<typeof import("../../app/sync/membership.server")>("/app/sync/membership.server.ts");
  const { enableGroup } = await load<typeof import("../../app/sync/enable.server")>("/app/sync/enable.server.ts");
  const { productionSyncDeps: deps } = await load<typeof import("../../app/sync/production.server")>("/app/sync/production.server.ts");
  const { default: db } = await load<typeof import("../../app/db.server")>("/app/db.server.ts");
  const warehouse = (shop: string, name: string) => {
    const st = app.standin.control.state({ shop }) as unknown as { locations: { id: number; name: string }[] };
    return `gid://shopify/Location/${st.locations.find((l) => l.name === name)!.id}`;
  };
  const north = "north-shop.myshopify.com";
  const south = "south-shop.myshopify.com";
  // The demo catalog has more SKUs than the Free plan syncs: north (the group's owner) is on Growth,
  // as Shopify's Billing API would have reported after the merchant upgraded.
  await db.shopPlan.upsert({ where: { shop: north }, create: { shop: north, plan: "growth", status: "ACTIVE" }, update: { plan: "growth", status: "ACTIVE" } });
  const { group, shareKey } = await createGroup(deps, north, { name: "North + South", locationId: warehouse("north-shop", "North Warehouse"), protection: opts.protection });
  await joinGroup(deps, south, shareKey, { locationId: warehouse("south-shop", "South Warehouse") });
  await expect
    .poll(async () => (await db.importRun.findMany({ where: { shop: { in: [north, south] } } })).filter((r) => r.status === "completed").map((r) => r.shop).sort(), { timeout: 180_000, interval: 1_000 })
    .toEqual([north, south]);
  expect((await enableGroup(deps, group.id, north)).status).toBe("enabled");
}

