// Route-level tests of GET /proxy/stock (the storefront's /apps/stockroom/stock) with the
// library's own test helper for signed app proxy requests.
import { createHmac } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import prisma from "../../app/db.server";
import "../../app/inventory/ledger.server";
import { topicHandlers } from "../../app/webhooks/handlers.server";
import { loader } from "../../app/routes/proxy.stock";
import { flushStorefrontInvalidations, invalidateStorefrontCache, invalidateStorefrontStock, storefrontCacheStats } from "../../app/storefront/stock.server";

const APP = process.env.SHOPIFY_APP_URL!;
const SECRET = process.env.SHOPIFY_API_SECRET!;
const NORTH = "north-shop";
const SOUTH = "south-shop";

async function call(request: Request): Promise<Response> {
  try {
    return (await loader({ request, params: {}, context: {} } as never)) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function signed(store: string, query: string, headers: Record<string, string> = {}, secret = SECRET): Promise<Request> {
  const req = new Request(`${APP}/proxy/stock?path_prefix=%2Fapps%2Fstockroom&logged_in_customer_id=&${query}`, { headers });
  return setUpValidRequest({ type: RequestType.Public, store, apiSecretKey: secret }, req);
}

/** Signs like Shopify's app proxy, with a chosen timestamp. */
function signAt(shop: string, query: string, timestamp: number): Request {
  const url = new URL(`${APP}/proxy/stock?${query}`);
  url.searchParams.set("shop", shop);
  url.searchParams.set("timestamp", String(timestamp));
  const msg = [...url.searchParams.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join("");
  url.searchParams.set("signature", createHmac("sha256", SECRET).update(msg).digest("hex"));
  return new Request(url);
}

let seq = 0;
async function product(shop: string, opts: { id: number; title: string; vendor?: string; type?: string; tags?: string; collections?: string; variants: Array<{ id: number; available: number | null; policy?: string; price?: string }> }) {
  const domain = `${shop}.myshopify.com`;
  const productId = `gid://shopify/Product/${opts.id}`;
  await prisma.catalogProduct.create({
    data: {
      shop: domain,
      productId,
      title: opts.title,
      handle: opts.title.toLowerCase().replace(/\W+/g, "-"),
      vendor: opts.vendor ?? "",
      productType: opts.type ?? "",
      tags: opts.tags ?? "",
      collections: opts.collections ?? "",
      imageUrl: `https://cdn.shopify.com/s/files/${opts.id}.jpg`,
    },
  });
  for (const v of opts.variants) {
    const item = `gid://shopify/InventoryItem/${v.id}`;
    await prisma.catalogVariant.create({
      data: {
        shop: domain,
        variantId: `gid://shopify/ProductVariant/${v.id}`,
        productId,
        inventoryItemId: item,
        title: "Default Title",
        price: v.price ?? "10.00",
        inventoryPolicy: v.policy ?? "DENY",
        tracked: v.available !== null,
      },
    });
    if (v.available !== null) {
      await prisma.inventoryLevel.create({
        data: { shop: domain, inventoryItemId: item, locationId: "gid://shopify/Location/1", available: v.available, seenAt: new Date(Date.UTC(2026, 0, 1, 0, 0, ++seq)) },
      });
    }
  }
}

beforeEach(async () => {
  invalidateStorefrontCache();
  await flushStorefrontInvalidations();
  await prisma.$transaction([
    prisma.storefrontVersion.deleteMany(),
    prisma.widgetAlternativePick.deleteMany(),
    prisma.widgetSettings.deleteMany(),
    prisma.inventoryLevel.deleteMany(),
    prisma.catalogVariant.deleteMany(),
    prisma.catalogProduct.deleteMany(),
    prisma.shop.deleteMany(),
  ]);
  await prisma.shop.create({ data: { domain: `${NORTH}.myshopify.com`, currencyCode: "EUR" } });
  await prisma.shop.create({ data: { domain: `${SOUTH}.myshopify.com`, currencyCode: "USD" } });
  await product(NORTH, { id: 1, title: "Trail Shoe", vendor: "Acme", type: "Shoes", tags: "trail, red", variants: [{ id: 101, available: 3 }, { id: 102, available: 0 }, { id: 103, available: 0, policy: "CONTINUE" }, { id: 104, available: null }, { id: 105, available: 40 }] });
  await product(NORTH, { id: 2, title: "Road Shoe", vendor: "Acme", type: "Shoes", variants: [{ id: 201, available: 7, price: "89.50" }, { id: 202, available: 0, price: "59.00" }] });
  await product(NORTH, { id: 3, title: "Red Sock", vendor: "Other", tags: "red", variants: [{ id: 301, available: 100, price: "5.00" }] });
  await product(NORTH, { id: 4, title: "Sold Out Boot", vendor: "Acme", type: "Shoes", variants: [{ id: 401, available: 0 }] });
  await product(NORTH, { id: 5, title: "Acme Cap", vendor: "Acme", variants: [{ id: 501, available: 2, price: "15.00" }] });
  await product(SOUTH, { id: 9, title: "South Secret", vendor: "Acme", type: "Shoes", variants: [{ id: 901, available: 12 }] });
});

describe("proxy.stock signature", () => {
  it("rejects unsigned requests", async () => {
    const res = await call(new Request(`${APP}/proxy/stock?shop=${NORTH}.myshopify.com&variant=101`));
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("");
  });

  it("rejects a request signed with another secret", async () => {
    const res = await call(await signed(NORTH, "variant=101", {}, "forged-secret"));
    expect(res.status).toBe(400);
  });

  it("rejects a signed request whose shop or variant was changed afterwards", async () => {
    const req = await signed(SOUTH, "variant=901");
    const url = new URL(req.url);
    url.searchParams.set("shop", `${NORTH}.myshopify.com`);
    expect((await call(new Request(url)))).toHaveProperty("status", 400);
    const url2 = new URL(req.url);
    url2.searchParams.set("variant", "101");
    expect((await call(new Request(url2)))).toHaveProperty("status", 400);
  });

  it("rejects a stale signature (older than 90 s)", async () => {
    const now = Math.trunc(Date.now() / 1000);
    expect((await call(signAt(`${NORTH}.myshopify.com`, "variant=101", now - 5))).status).toBe(200);
    expect((await call(signAt(`${NORTH}.myshopify.com`, "variant=101", now - 600))).status).toBe(400);
  });
});

describe("proxy.stock answers", () => {
  it("returns each state, with the count only when shown", async () => {
    const states: Record<string, unknown> = {};
    for (const id of [101, 102, 103, 104, 105]) {
      const res = await call(await signed(NORTH, `variant=${id}&threshold=5&count=1&limit=0`));
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toContain("application/json");
      expect(res.headers.get("Cache-Control")).toBe("private, no-cache");
      const body = await res.json();
      states[id] = [body.state, body.count];
    }
    expect(states).toEqual({ 101: ["low", 3], 102: ["sold_out", 0], 103: ["continue", 0], 104: ["untracked", null], 105: ["in_stock", 40] });
    const hidden = await (await call(await signed(NORTH, "variant=101&threshold=5&count=0"))).json();
    expect(hidden.count).toBeNull();
  });

  it("never sends counts when the shop's settings hide them", async () => {
    await prisma.widgetSettings.create({ data: { shop: `${NORTH}.myshopify.com`, showCount: false } });
    invalidateStorefrontCache(`${NORTH}.myshopify.com`);
    const body = await (await call(await signed(NORTH, "variant=101&threshold=5&count=1"))).json();
    expect(body).toMatchObject({ state: "low", count: null });
  });

  it("uses the block's threshold, or the shop's default without one", async () => {
    expect((await (await call(await signed(NORTH, "variant=105&threshold=50"))).json()).state).toBe("low");
    expect((await (await call(await signed(NORTH, "variant=101"))).json()).state).toBe("low");
    await prisma.widgetSettings.create({ data: { shop: `${NORTH}.myshopify.com`, threshold: 2 } });
    invalidateStorefrontCache(`${NORTH}.myshopify.com`);
    expect((await (await call(await signed(NORTH, "variant=101"))).json()).state).toBe("in_stock");
  });

  it("accepts gid variant ids and rejects junk", async () => {
    expect((await call(await signed(NORTH, `variant=${encodeURIComponent("gid://shopify/ProductVariant/101")}`))).status).toBe(200);
    expect((await call(await signed(NORTH, "variant=abc"))).status).toBe(400);
    expect((await call(await signed(NORTH, "variant=999999"))).status).toBe(404);
  });
});

describe("proxy.stock shop isolation", () => {
  it("does not answer for another shop's variant", async () => {
    const res = await call(await signed(NORTH, "variant=901&count=1&limit=8"));
    expect(res.status).toBe(404);
    expect(await res.text()).not.toMatch(/South|901|12/);
    const own = await call(await signed(SOUTH, "variant=901&count=1"));
    expect(await own.json()).toMatchObject({ variant: "901", state: "in_stock", count: 12 });
  });

  it("offers alternatives from the same shop only", async () => {
    const body = await (await call(await signed(NORTH, "variant=102&limit=8&locale=fr"))).json();
    const titles = body.alternatives.map((a: { title: string }) => a.title);
    expect(titles).not.toContain("South Secret");
    expect(titles).not.toContain("Trail Shoe");
  });
});

describe("proxy.stock alternatives", () => {
  it("offers in-stock products by rule priority with shop-currency prices", async () => {
    const res = await call(await signed(NORTH, "variant=102&threshold=5&limit=8&locale=fr"));
    const body = await res.json();
    expect(body.state).toBe("sold_out");
    // Road Shoe: same type (and vendor); Red Sock: shared tag; Acme Cap: same vendor. Sold Out Boot: no stock.
    expect(body.alternatives.map((a: { title: string }) => a.title)).toEqual(["Road Shoe", "Red Sock", "Acme Cap"]);
    const road = body.alternatives[0];
    expect(road).toMatchObject({ productId: "2", url: "/products/road-shoe", image: "https://cdn.shopify.com/s/files/2.jpg?width=128" });
    expect(road.price).toMatch(/^89,50\s€$/u); // cheapest variant that can be bought now, EUR in French
  });

  it("puts manual picks first and respects the limit", async () => {
    await prisma.widgetAlternativePick.create({ data: { shop: `${NORTH}.myshopify.com`, productId: "gid://shopify/Product/1", altProductId: "gid://shopify/Product/5", position: 0 } });
    invalidateStorefrontCache(`${NORTH}.myshopify.com`);
    const body = await (await call(await signed(NORTH, "variant=102&limit=2&locale=en"))).json();
    expect(body.alternatives.map((a: { title: string }) => a.title)).toEqual(["Acme Cap", "Road Shoe"]);
    expect(body.alternatives[0].price).toBe("€15.00");
  });

  it("offers none while in stock, or when the shop turned alternatives off", async () => {
    expect((await (await call(await signed(NORTH, "variant=105&limit=8"))).json()).alternatives).toEqual([]);
    await prisma.widgetSettings.create({ data: { shop: `${NORTH}.myshopify.com`, alternativesEnabled: false } });
    invalidateStorefrontCache(`${NORTH}.myshopify.com`);
    expect((await (await call(await signed(NORTH, "variant=102&limit=8"))).json()).alternatives).toEqual([]);
  });
});

describe("proxy.stock ETag and freshness", () => {
  it("answers 304 to a matching If-None-Match and 200 with a new ETag after a stock change", async () => {
    const first = await call(await signed(NORTH, "variant=101&threshold=5&limit=4"));
    const etag = first.headers.get("ETag")!;
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    const again = await call(await signed(NORTH, "variant=101&threshold=5&limit=4", { "If-None-Match": etag }));
    expect(again.status).toBe(304);
    expect(again.headers.get("ETag")).toBe(etag);
    expect(await again.text()).toBe("");

    // A purchase reaches the ledger through the inventory_levels/update handler; the ledger
    // hook (registered by app/storefront/stock.server) drops this shop's cached answers at once.
    const handlers = topicHandlers("inventory_levels/update");
    expect(handlers.length).toBeGreaterThan(0);
    for (const h of handlers) {
      await h({
        shop: `${NORTH}.myshopify.com`,
        topic: "inventory_levels/update",
        payload: { inventory_item_id: 101, location_id: 1, available: 0, updated_at: new Date().toISOString() },
        inbox: {} as never,
        occurredAt: new Date(),
      });
    }
    const after = await call(await signed(NORTH, "variant=101&threshold=5&limit=4", { "If-None-Match": etag }));
    expect(after.status).toBe(200);
    expect(after.headers.get("ETag")).not.toBe(etag);
    const body = await after.json();
    expect(body.state).toBe("sold_out");
    expect(body.alternatives.length).toBeGreaterThan(0);
  });

  it("picks up a change another process announced through StorefrontVersion", async () => {
    const shop = `${NORTH}.myshopify.com`;
    const before = await (await call(await signed(NORTH, "variant=105&count=1"))).json();
    expect(before.count).toBe(40);
    // Another process (a separate worker) writes the ledger and calls invalidateStorefrontCache,
    // which reaches this process only through the version row.
    await prisma.inventoryLevel.update({
      where: { shop_inventoryItemId_locationId: { shop, inventoryItemId: "gid://shopify/InventoryItem/105", locationId: "gid://shopify/Location/1" } },
      data: { available: 39 },
    });
    expect((await (await call(await signed(NORTH, "variant=105&count=1"))).json()).count).toBe(40); // still cached
    await prisma.storefrontVersion.upsert({ where: { shop }, create: { shop, version: 1 }, update: { version: { increment: 1 } } });
    await new Promise((r) => setTimeout(r, 300)); // STOREFRONT_VERSION_CHECK_MS defaults to 250 ms
    const after = await (await call(await signed(NORTH, "variant=105&count=1"))).json();
    expect(after.count).toBe(39);
  });

  it("drops a shop's answers when its catalog changes (products/update)", async () => {
    const shop = `${NORTH}.myshopify.com`;
    expect((await (await call(await signed(NORTH, "variant=102"))).json()).state).toBe("sold_out");
    // The catalog handler writes the new policy first (it is registered before the widget's).
    await prisma.catalogVariant.update({ where: { shop_variantId: { shop, variantId: "gid://shopify/ProductVariant/102" } }, data: { inventoryPolicy: "CONTINUE" } });
    for (const h of topicHandlers("products/update").slice(-1)) {
      await h({ shop, topic: "products/update", payload: {}, inbox: {} as never, occurredAt: new Date() });
    }
    expect((await (await call(await signed(NORTH, "variant=102"))).json()).state).toBe("continue");
  });

  it("a stock change rebuilds only that item's answers (a flash sale does not empty the shop's cache)", async () => {
    const shop = `${NORTH}.myshopify.com`;
    for (const v of [101, 105, 201]) await call(await signed(NORTH, `variant=${v}&limit=0`));
    const before = storefrontCacheStats().factLoads;
    await prisma.inventoryLevel.update({
      where: { shop_inventoryItemId_locationId: { shop, inventoryItemId: "gid://shopify/InventoryItem/105", locationId: "gid://shopify/Location/1" } },
      data: { available: 4 },
    });
    invalidateStorefrontStock(shop, "gid://shopify/InventoryItem/105");
    for (const v of [101, 105, 201]) await call(await signed(NORTH, `variant=${v}&limit=0`));
    expect(storefrontCacheStats().factLoads - before).toBe(1);
    expect((await (await call(await signed(NORTH, "variant=105&count=1"))).json()).count).toBe(4);
  });

  it("announces its own invalidations to other processes", async () => {
    const shop = `${NORTH}.myshopify.com`;
    const v0 = (await prisma.storefrontVersion.findUnique({ where: { shop } }))?.version ?? 0;
    invalidateStorefrontCache(shop);
    invalidateStorefrontCache(shop); // coalesced
    await flushStorefrontInvalidations();
    expect((await prisma.storefrontVersion.findUnique({ where: { shop } }))!.version).toBe(v0 + 1);
  });
});
