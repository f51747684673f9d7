// Child process of the sync benchmarks: the stand-in (dev/store + dev/admin, real semantics,
// configurable latency, standard throttle) on its own event loop, so orders arrive at their own
// pace whatever the app is doing. Webhooks for inventory changes are POSTed to the parent.
//   node --import tsx bench/_standin-child.ts <webhookUrl>
import { createServer, type IncomingMessage } from "node:http";
import { Agent, request } from "node:http";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { Store, StoreError, gid } from "../dev/store/index.ts";
import { createAdminApi } from "../dev/admin/index.ts";
import { inventoryLevelPayload } from "../dev/webhooks/payloads.ts";

const WEBHOOK_URL = new URL(process.argv[2]);
const API_KEY = "test-api-key";
const store = new Store({ seed: 5 });
let origin = "";
const api = createAdminApi(store, { publicOrigin: () => origin } as never);
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
let inflight = 0;
const idleWaiters: (() => void)[] = [];

store.on("inventory", (e) => {
  const external = !((e.cause === "api_set" || e.cause === "api_adjust") && e.appKey === API_KEY);
  const body = JSON.stringify({ shop: e.shop, eventId: randomUUID(), triggeredAt: new Date(e.updatedAtMs).toISOString(), payload: inventoryLevelPayload(store, e), external });
  inflight++;
  const req = request({ agent, host: WEBHOOK_URL.hostname, port: WEBHOOK_URL.port, path: WEBHOOK_URL.pathname, method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
    res.resume();
    res.on("end", done);
  });
  req.on("error", done);
  req.end(body);
  function done() {
    inflight--;
    if (inflight === 0) for (const w of idleWaiters.splice(0)) w();
  }
});

async function json(req: IncomingMessage): Promise<any> {
  let s = "";
  for await (const c of req) s += c;
  return s ? JSON.parse(s) : {};
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  const m = /^\/store\/([^/]+)\/admin\/api\/2026-10\/graphql\.json/.exec(url.pathname);
  if (m && req.method === "POST") return void api.handle(req, res, `${m[1]}.myshopify.com`);
  const send = (o: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(o));
  try {
    if (url.pathname === "/control/setup") {
      const b = await json(req);
      store.setApiFaults({ latencyMs: b.latencyMs ?? [50, 150], errorRate: 0, throttleRate: 0, timeoutRate: 0, seed: 5 });
      const out = [];
      for (const handle of b.shops as string[]) {
        const domain = `${handle}.myshopify.com`;
        store.createShop({ domain });
        const loc = store.listLocations(domain)[0];
        const token = `shpat_${handle}`;
        store.registerAccessToken({ token, shop: domain, apiKey: API_KEY, scopes: ["read_inventory", "write_inventory", "read_products"], kind: "offline", expiresAt: null });
        const { product, variants } = store.createProduct(domain, { title: b.sku, variants: [{ title: b.sku, sku: b.sku, stock: b.units }] });
        out.push({ domain, token, locationGid: gid("Location", loc.id), productId: gid("Product", product.id), variantId: gid("ProductVariant", variants[0].id), inventoryItemId: gid("InventoryItem", variants[0].inventoryItemId) });
      }
      return send(out);
    }
    if (url.pathname === "/control/flash") {
      const b = await json(req);
      const shops: string[] = b.shops;
      let sold = 0;
      let refused = 0;
      // refused while another store still showed units (allocation left stock stranded elsewhere)
      let stranded = 0;
      const level = (shop: string) => {
        const v = store.findVariantBySku(shop, b.sku)!;
        return store.getQuantity(shop, v.inventoryItemId, store.listLocations(shop)[0].id);
      };
      const start = Date.now();
      for (let i = 0; i < b.orders; i++) {
        const due = start + (i / b.orders) * b.windowMs;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        const shop = shops[i % shops.length];
        const v = store.findVariantBySku(shop, b.sku)!;
        try {
          store.placeOrder(shop, { lineItems: [{ variantId: v.id, quantity: 1 }] });
          sold++;
        } catch (e) {
          if (!(e instanceof StoreError && e.code === "INSUFFICIENT_STOCK")) throw e;
          refused++;
          if (shops.some((s) => s !== shop && level(s) > 0)) stranded++;
        }
      }
      return send({ sold, refused, stranded, ms: Date.now() - start, lastOrderAt: Date.now() });
    }
    if (url.pathname === "/control/levels") {
      const sku = url.searchParams.get("sku")!;
      const shops = url.searchParams.get("shops")!.split(",");
      return send(Object.fromEntries(shops.map((s) => {
        const v = store.findVariantBySku(s, sku)!;
        return [s, store.getQuantity(s, v.inventoryItemId, store.listLocations(s)[0].id)];
      })));
    }
    if (url.pathname === "/control/idle") {
      if (inflight > 0) await new Promise<void>((r) => idleWaiters.push(r));
      return send({ ok: true });
    }
    res.writeHead(404).end();
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.stdout.write(JSON.stringify({ origin }) + "\n");
});
