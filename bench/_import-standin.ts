// Child process of bench/import.ts: the stand-in (dev/store + dev/admin) with one shop of
// N variants × 2 locations, served over loopback HTTP, so the app's memory is measured alone.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Store } from "../dev/store/index.ts";
import { createAdminApi } from "../dev/admin/index.ts";

const VARIANTS = Number(process.argv[2] ?? 100_000);
const SHOP = "import-shop.myshopify.com";
const store = new Store({ seed: 3 });
store.createShop({ domain: SHOP });
store.createLocation(SHOP, { name: "Warehouse" });
const PER_PRODUCT = 10;
for (let p = 0; p < VARIANTS / PER_PRODUCT; p++) {
  store.createProduct(SHOP, {
    title: `Product ${p}`,
    options: [{ name: "Size", values: Array.from({ length: PER_PRODUCT }, (_, i) => `S${i}`) }],
    variants: Array.from({ length: PER_PRODUCT }, (_, i) => ({ title: `S${i}`, sku: `IMP-${p}-${i}`, barcode: `${1_000_000 + p * PER_PRODUCT + i}`, stock: (p + i) % 50, options: [`S${i}`] })),
  });
}
store.registerAccessToken({ token: "shpat_import", shop: SHOP, apiKey: "test-api-key", scopes: ["read_products", "read_inventory"], kind: "offline", expiresAt: null });
let origin = "";
const api = createAdminApi(store, { publicOrigin: () => origin } as never);
const server = createServer((req, res) => {
  if (req.url?.startsWith("/bulk")) return api.bulkFileHandler(req, res);
  const m = /^\/store\/([^/]+)\/admin\/api\/2026-10\/graphql\.json/.exec(req.url ?? "");
  if (m && req.method === "POST") return void api.handle(req, res, `${m[1]}.myshopify.com`);
  res.writeHead(404).end();
});
server.listen(0, "127.0.0.1", () => {
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.stdout.write(JSON.stringify({ origin, shop: SHOP, token: "shpat_import" }) + "\n");
});
