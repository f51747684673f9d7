// In-process Shopify for feed tests: the stand-in's store and Admin GraphQL (dev/), the app's
// own AdminClient through a fetch shim, catalog rows for the app, and a queue that records.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import prisma from "../../app/db.server";
import { AdminClient } from "../../app/admin/client.server";
import type { FeedDeps } from "../../app/feeds/deps";
import type { JobQueue, JobSpec } from "../../app/queue/types";
import type { OutboundPolicy } from "../../app/security/safe-fetch.server";
import { createAdminApi, type AdminApi } from "../../dev/admin/index.ts";
import { Store, gid, type InventoryEvent } from "../../dev/store/index.ts";

export const API_KEY = "test-api-key";

export class RecordingQueue implements JobQueue {
  jobs: JobSpec[] = [];
  async enqueue(spec: JobSpec) {
    this.jobs.push(spec);
  }
  async schedule() {}
  async cancelShopJobs() {
    return 0;
  }
  take(name: string): JobSpec[] {
    const out = this.jobs.filter((j) => j.name === name);
    this.jobs = this.jobs.filter((j) => j.name !== name);
    return out;
  }
}

export interface FeedWorld {
  store: Store;
  api: AdminApi;
  shop: string;
  token: string;
  locationId: number;
  locationGid: string;
  queue: RecordingQueue;
  deps: FeedDeps;
  /** api_set changes per inventory item (each real application of a quantity). */
  applied: Map<number, number>;
  items: Map<string, number>;
  qty(sku: string): number;
  setAt(sku: string, available: number): void;
}

export function shimFetch(api: AdminApi, shop: string): typeof fetch {
  return (async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body));
    const token = new Headers(init.headers).get("X-Shopify-Access-Token");
    const r = await api.execute({ shop, token, body });
    return new Response(JSON.stringify(r.json), { status: r.status, headers: { "content-type": "application/json", ...r.headers } });
  }) as typeof fetch;
}

export async function feedWorld(opts: { skus: { sku: string; stock: number; barcode?: string }[]; outbound?: OutboundPolicy; handle?: string; ledger?: boolean }): Promise<FeedWorld> {
  const store = new Store({ seed: 1 });
  const api = createAdminApi(store, { publicOrigin: "http://standin.test", sleep: async () => {} });
  const shop = `${opts.handle ?? "feed-shop"}.myshopify.com`;
  store.createShop({ domain: shop });
  const loc = store.listLocations(shop)[0];
  const token = `shpat_${randomUUID().slice(0, 8)}`;
  store.registerAccessToken({ token, shop, apiKey: API_KEY, scopes: ["read_inventory", "write_inventory", "read_products", "read_locations"], kind: "offline", expiresAt: null });
  await prisma.shop.upsert({ where: { domain: shop }, create: { domain: shop }, update: {} });
  const items = new Map<string, number>();
  for (let i = 0; i < opts.skus.length; i += 100) {
    const part = opts.skus.slice(i, i + 100);
    const { product, variants } = store.createProduct(shop, {
      title: `P${i}`,
      options: [{ name: "Title", values: part.map((s) => s.sku) }],
      variants: part.map((s) => ({ title: s.sku, sku: s.sku, barcode: s.barcode, stock: s.stock, options: [s.sku] })),
    });
    await prisma.catalogVariant.createMany({
      data: variants.map((v) => ({ shop, variantId: gid("ProductVariant", v.id), productId: gid("Product", product.id), inventoryItemId: gid("InventoryItem", v.inventoryItemId), title: v.title, sku: v.sku, barcode: v.barcode })),
    });
    for (const v of variants) items.set(v.sku!, v.inventoryItemId);
    if (opts.ledger) {
      await prisma.inventoryLevel.createMany({
        data: variants.map((v) => ({ shop, inventoryItemId: gid("InventoryItem", v.inventoryItemId), locationId: gid("Location", loc.id), available: store.getQuantity(shop, v.inventoryItemId, loc.id), seenAt: new Date() })),
      });
    }
  }
  const applied = new Map<number, number>();
  store.on("inventory", (e: InventoryEvent) => {
    if (e.cause === "api_set") applied.set(e.inventoryItemId, (applied.get(e.inventoryItemId) ?? 0) + 1);
  });
  const client = new AdminClient({ shop, getToken: async () => ({ token, expiresAt: null }), endpoint: "http://standin.test/graphql.json", fetch: shimFetch(api, shop), sleep: async () => {}, backoff: { baseMs: 1, maxMs: 2 } });
  const queue = new RecordingQueue();
  const deps: FeedDeps = { admin: () => client, queue, outbound: () => opts.outbound ?? {} };
  return {
    store,
    api,
    shop,
    token,
    locationId: loc.id,
    locationGid: gid("Location", loc.id),
    queue,
    deps,
    applied,
    items,
    qty: (sku) => store.getQuantity(shop, items.get(sku)!, loc.id),
    setAt: (sku, available) => void store.setAvailable(shop, items.get(sku)!, loc.id, available),
  };
}

/** A real local HTTP server; handlers by path. */
export async function localServer(handler: http.RequestListener): Promise<{ origin: string; close: () => Promise<void>; server: http.Server }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export async function resetFeedTables() {
  await prisma.$transaction([
    prisma.feedRunItem.deleteMany(),
    prisma.feedRunBatch.deleteMany(),
    prisma.feedRun.deleteMany(),
    prisma.feed.deleteMany(),
    prisma.syncException.deleteMany(),
    prisma.catalogVariant.deleteMany(),
    prisma.inventoryLevel.deleteMany(),
  ]);
}
