import type { Store } from "../../dev/store/index.ts";

/** Three shops sharing 120 SKUs (above Free's 100); east is a development store. */
export function seedShops(s: Store) {
  for (const [domain, plan] of [["north-shop", "shopify"], ["south-shop", "shopify"], ["east-shop", "development"]] as const) {
    s.createShop({ domain, plan, defaultLocation: "Warehouse" });
    for (let i = 0; i < 120; i++) {
      s.createProduct(domain, { title: `Item ${i}`, variants: [{ sku: `SKU-${String(i).padStart(3, "0")}`, price: "10.00", stock: 50 + (i % 7) }] });
    }
  }
}
