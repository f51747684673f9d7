/** Ad-hoc throughput check of the stand-in itself (not the app): `npx tsx dev/admin/perf.ts`. */
import { Store } from "../store/index.ts";
import { createAdminApi } from "./index.ts";
const store = new Store();
store.createShop({ domain: "big" });
const l2 = store.createLocation("big", { name: "W2" });
let t = Date.now();
for (let p = 0; p < 25000; p++) store.createProduct("big", { title: `P${p}`, options: [{ name: "Size", values: ["S", "M", "L", "XL"] }], variants: [0, 1, 2, 3].map((i) => ({ sku: `S${p}-${i}`, stock: 5 })) });
console.log("seed 100k variants", Date.now() - t, "ms", "rss", Math.round(process.memoryUsage().rss / 1e6), "MB");
store.registerAccessToken({ token: "t", shop: "big", apiKey: "k", scopes: ["read_products", "read_inventory", "write_inventory"], kind: "offline", expiresAt: null });
const api = createAdminApi(store, { publicOrigin: "http://x" });
t = Date.now();
const q = `{ productVariants { edges { node { id sku inventoryItem { id inventoryLevels { edges { node { id location { id } quantities(names: ["available"]) { name quantity } } } } } } } } }`;
const r = await api.execute({ shop: "big", token: "t", body: { query: `mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } userErrors { message } } }`, variables: { q } } });
console.log(JSON.stringify(r.json).slice(0, 200));
await api.idle();
const op = [...store.state("big").bulkOperations.values()].pop()!;
console.log("bulk", op.status, op.objectCount, op.fileSize, Date.now() - t, "ms", "rss", Math.round(process.memoryUsage().rss / 1e6), "MB");
// batched writes: 250 per mutation
const items = store.state("big").itemOrder;
store.setThrottle(null, { maximumAvailable: 1e12, restoreRate: 1e12 });
t = Date.now();
let writes = 0;
for (let b = 0; b < 40; b++) {
  const quantities = items.slice(b * 250, b * 250 + 250).map((id) => ({ inventoryItemId: `gid://shopify/InventoryItem/${id}`, locationId: `gid://shopify/Location/${l2.id}`, quantity: 7, changeFromQuantity: 5 }));
  const w = await api.execute({ shop: "big", token: "t", body: { query: `mutation($i: InventorySetQuantitiesInput!, $k: String!) { inventorySetQuantities(input: $i) @idempotent(key: $k) { userErrors { code } } }`, variables: { i: { name: "available", reason: "correction", quantities }, k: `k${b}` } } });
  if ((w.json as any).data.inventorySetQuantities.userErrors.length) throw new Error(JSON.stringify(w.json));
  writes += quantities.length;
}
console.log("writes", writes, "in", Date.now() - t, "ms =>", Math.round(writes / ((Date.now() - t) / 1000)), "/s");
t = Date.now();
for (let i = 0; i < 50; i++) await api.execute({ shop: "big", token: "t", body: { query: `query($a: String) { productVariants(first: 250, after: $a) { nodes { id sku } pageInfo { endCursor } } }` } });
console.log("50 pages of 250 variants", Date.now() - t, "ms");
t = Date.now();
await api.execute({ shop: "big", token: "t", body: { query: `{ productVariants(first: 250, query: "sku:S24999-3") { nodes { id sku } } }` } });
console.log("sku search over 100k", Date.now() - t, "ms");
