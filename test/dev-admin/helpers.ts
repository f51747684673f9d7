import { Store } from "../../dev/store/index.ts";
import { createAdminApi, type AdminApi } from "../../dev/admin/index.ts";

export const SHOP = "north-shop.myshopify.com";
export const TOKEN = "shpat_test_north";
export const API_KEY = "test-api-key";

/** A store with one shop, two locations, a few products; a fake clock the tests move by hand. */
export function setup(opts: { seed?: number; products?: number } = {}) {
  const clock = { t: Date.parse("2026-11-26T12:00:00Z") };
  const store = new Store({ now: () => clock.t, seed: opts.seed ?? 1 });
  store.createShop({ domain: SHOP, name: "North Shop", plan: "shopify" });
  const [loc1] = store.listLocations(SHOP);
  const loc2 = store.createLocation(SHOP, { name: "Warehouse" });
  store.registerAccessToken({ token: TOKEN, shop: SHOP, apiKey: API_KEY, scopes: ["read_products", "read_inventory", "write_inventory", "read_orders", "read_locations"], kind: "offline", expiresAt: null });
  const products = [];
  for (let i = 0; i < (opts.products ?? 3); i++) {
    products.push(
      store.createProduct(SHOP, {
        title: `Product ${i + 1}`,
        vendor: "Acme",
        tags: ["demo"],
        options: [{ name: "Size", values: ["S", "M"] }],
        variants: [
          { sku: `SKU-${i + 1}-S`, barcode: `BC${i + 1}0`, price: "10.00", stock: { [loc1.id]: 5, [loc2.id]: 2 } },
          { sku: `SKU-${i + 1}-M`, barcode: `BC${i + 1}1`, price: "12.50", stock: { [loc1.id]: 0, [loc2.id]: 7 } },
        ],
      }),
    );
  }
  const sleeps: number[] = [];
  const api = createAdminApi(store, {
    publicOrigin: "http://127.0.0.1:9",
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  const gql = async (query: string, variables?: Record<string, unknown>, token: string | null = TOKEN) => {
    const r = await api.execute({ shop: SHOP, token, body: { query, variables } });
    return r as { status: number; json: any };
  };
  return { store, api, clock, loc1, loc2, products, gql, sleeps };
}

export type Setup = ReturnType<typeof setup>;
export type { AdminApi };
