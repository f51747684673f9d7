import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { schemaForWebhook } from "shopify-webhook-schemas";
import { startStandin, type Standin } from "../../dev/server.ts";
import { tomlSubscriptions } from "../../dev/webhooks/subscriptions.ts";
import { API_KEY, API_SECRET, asRequest, makeApp, startReceiver } from "./helpers.ts";

// Every topic the app's shopify.app.toml subscribes to is triggered from store state, delivered
// to a receiver, validated against shopify-webhook-schemas (newest folder, 2026-07) and
// authenticated with the app library's own authenticate.webhook.

const SCHEMA_VERSION = "2026-07";
let standin: Standin;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const failFirst = new Map<string, number>(); // webhook id → failures still to send
const slowFirst = new Set<string>();
const { app } = makeApp("https://stockroom-app.example");

beforeAll(async () => {
  receiver = await startReceiver(async (r, res) => {
    const id = r.headers["x-shopify-webhook-id"];
    if (slowFirst.has(id)) {
      slowFirst.delete(id);
      await new Promise((ok) => setTimeout(ok, 800));
    }
    const left = failFirst.get(id);
    if (left) {
      failFirst.set(id, left - 1);
      res.writeHead(503);
      res.end("try later");
      return;
    }
    res.writeHead(200);
    res.end("ok");
  });
  standin = await startStandin({
    appUrl: receiver.url,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    webhooks: { retryScheduleMs: [10, 20, 40, 80, 160, 320, 640, 1280], timeoutMs: 400 },
    seed: (s) => {
      s.createShop({ domain: "north-shop", defaultLocation: "Warehouse" });
      s.createLocation("north-shop", { name: "Store" });
      s.createProduct("north-shop", {
        title: "Trail Mug",
        vendor: "Kiln House",
        productType: "Mugs",
        tags: ["ceramic"],
        images: [{ url: "https://cdn.example.com/mug.png", altText: "Trail Mug", width: 800, height: 800 }],
        options: [{ name: "Color", values: ["Sand", "Forest"] }],
        variants: [
          { sku: "MUG-SAN", price: "18.00", options: ["Sand"], stock: 6 },
          { sku: "MUG-FOR", price: "18.00", options: ["Forest"], stock: 2 },
        ],
      });
      s.createProduct("north-shop", { title: "Spare Lid", variants: [{ sku: "LID-1", price: "4.00", stock: 3 }] });
    },
  });
  await standin.control.installApp({ shop: "north-shop", openApp: false });
});
afterAll(async () => {
  await standin?.stop();
  await receiver?.stop();
});

function ajv() {
  const a = new (Ajv2020 as unknown as typeof import("ajv").default)({ strict: false, allErrors: true });
  (addFormats as unknown as (a: unknown) => void)(a);
  return a;
}

describe("webhook delivery", () => {
  it("sends every subscribed topic with Shopify's headers; payloads validate against shopify-webhook-schemas; the library authenticates them", async () => {
    const c = standin.control;
    const shop = "north-shop";
    const state = c.state({ shop });
    const mug = state.products[0];
    const sand = mug.variants[0];
    // orders/create + inventory_levels/update + products/update
    const order = c.placeOrder({ shop, lines: [{ sku: "MUG-SAN", quantity: 2 }], email: "jane.doe@example.com" });
    // refunds/create
    c.refundOrder({ shop, orderId: order.id, lines: [{ lineItemId: order.lineItems[0].id, quantity: 1 }], restock: true, note: "Chipped" });
    // orders/cancelled
    const order2 = c.placeOrder({ shop, lines: [{ sku: "MUG-FOR", quantity: 1 }], email: "jane.doe@example.com" });
    c.cancelOrder({ shop, orderId: order2.id, restock: true });
    // products/update (merchant edit)
    c.updateProduct({ shop, productId: mug.id, patch: { title: "Trail Mug 2" } });
    // inventory_levels/update behind the app's back
    c.setStock({ shop, sku: sand.sku!, available: 9 });
    // bulk_operations/finish (as dev/admin finishes a bulk query)
    const op = standin.store.createBulkOperation(shop, "{ products { edges { node { id } } } }", API_KEY);
    Object.assign(op, { status: "COMPLETED", completedAt: Date.now(), objectCount: 2, rootObjectCount: 2 });
    standin.store.emit("bulk_operation", { type: "finish", shop: "north-shop.myshopify.com", bulkOperation: op, at: Date.now() });
    // compliance topics
    c.customersDataRequest({ shop, email: "jane.doe@example.com" });
    c.customersRedact({ shop, email: "jane.doe@example.com" });
    // products/delete + inventory_items/delete
    c.deleteProduct({ shop, productId: state.products[1].id });
    // app_subscriptions/update (approval, then a freeze)
    c.subscribe({ shop, name: "Growth" });
    c.freezeSubscriptions({ shop });
    // app/scopes_update, app/uninstalled, shop/redact
    c.updateScopes({ shop, scopes: ["read_products", "read_inventory"] });
    c.uninstallApp({ shop });
    c.shopRedact({ shop });
    await c.waitForDeliveries({});

    const subscribed = [...new Set(tomlSubscriptions(standin.toml, receiver.url).map((s) => s.topic))];
    expect(subscribed.length).toBe(14);
    const validator = ajv();
    const seenTopics = new Set<string>();
    for (const r of receiver.received) {
      expect(r.url).toBe("/webhooks");
      expect(r.method).toBe("POST");
      const topic = r.headers["x-shopify-topic"];
      seenTopics.add(topic);
      expect(r.headers["x-shopify-shop-domain"]).toBe("north-shop.myshopify.com");
      expect(r.headers["x-shopify-api-version"]).toBe("2026-10");
      expect(r.headers["x-shopify-webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.headers["x-shopify-event-id"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isNaN(Date.parse(r.headers["x-shopify-triggered-at"]))).toBe(false);
      expect(r.headers["content-type"]).toBe("application/json");
      const validate = validator.compile(schemaForWebhook(SCHEMA_VERSION, topic) as object);
      const body = JSON.parse(r.body.toString("utf8"));
      const ok = validate(body);
      expect(ok, `${topic}: ${JSON.stringify(validate.errors?.slice(0, 5))}`).toBe(true);
      // the app library's own check (HMAC + required headers)
      const ctx = await app.authenticate.webhook(asRequest("https://stockroom-app.example", r));
      expect(ctx.topic).toBe(topic.toUpperCase().replace("/", "_"));
      expect(ctx.shop).toBe("north-shop.myshopify.com");
      expect(ctx.payload).toEqual(body);
    }
    expect([...seenTopics].sort()).toEqual([...subscribed].sort());

    // payloads carry store state
    // a retried delivery (a timeout under load) arrives again with the same webhook id: count each once
    const find = (t: string) => [...new Map(receiver.received.filter((r) => r.headers["x-shopify-topic"] === t).map((r) => [r.headers["x-shopify-webhook-id"], JSON.parse(r.body.toString())])).values()];
    const created = find("orders/create")[0];
    expect(created.id).toBe(order.id);
    expect(created.line_items[0]).toMatchObject({ sku: "MUG-SAN", quantity: 2, variant_id: sand.id, product_id: mug.id });
    expect(created.customer.email).toBe("jane.doe@example.com");
    const levels = find("inventory_levels/update").filter((p) => p.inventory_item_id === sand.inventoryItem.id);
    expect(levels.map((l) => l.available)).toEqual([4, 5, 9]); // order −2, refund restock +1, manual set 9
    expect(find("refunds/create")[0]).toMatchObject({ order_id: order.id, restock: true, note: "Chipped" });
    expect(find("orders/cancelled")[0]).toMatchObject({ id: order2.id });
    expect(find("orders/cancelled")[0].cancelled_at).not.toBeNull();
    expect(find("inventory_items/delete").map((p) => p.id)).toEqual(state.products[1].variants.map((v) => v.inventoryItem.id));
    expect(find("bulk_operations/finish")[0]).toMatchObject({ status: "completed", type: "query", admin_graphql_api_id: `gid://shopify/BulkOperation/${op.id}` });
    expect(find("app_subscriptions/update").map((p) => [p.app_subscription.name, p.app_subscription.status])).toEqual([
      ["Growth", "ACTIVE"],
      ["Growth", "FROZEN"],
    ]);
    expect(find("app/scopes_update")[0]).toMatchObject({ current: ["read_products", "read_inventory"] });
  });

  it("uninstall revoked the shop's access tokens", () => {
    const issued = standin.oauth.issued.filter((t) => t.shop === "north-shop.myshopify.com");
    expect(issued.length).toBeGreaterThan(0);
    for (const t of issued) expect(standin.store.validateAccessToken("north-shop", t.accessToken)).toBeNull();
  });

  it("a tampered body fails the library's HMAC check", async () => {
    const r = receiver.received[0];
    const forged = { ...r, body: Buffer.from(r.body.toString().replace(/\d/, (d) => (d === "9" ? "8" : "9"))) };
    await expect(app.authenticate.webhook(asRequest("https://stockroom-app.example", forged))).rejects.toMatchObject({ status: 401 });
  });

  it("after app/uninstalled nothing more is delivered for the shop", async () => {
    const before = receiver.received.length;
    standin.control.setStock({ shop: "north-shop", sku: "MUG-SAN", available: 1 });
    await standin.control.waitForDeliveries({});
    expect(receiver.received.length).toBe(before);
  });

  it("subscriptions created through the Admin API (webhookSubscriptionCreate) receive their topic at their URI", async () => {
    const { accessToken } = (await standin.control.installApp({ shop: "north-shop", openApp: false })) as { accessToken: string };
    const res = await fetch(`${standin.url}/store/north-shop/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken },
      body: JSON.stringify({
        query: `mutation($uri: String!) { webhookSubscriptionCreate(topic: ORDERS_CREATE, webhookSubscription: { uri: $uri, format: JSON }) { webhookSubscription { id } userErrors { field message } } }`,
        variables: { uri: `${receiver.url}/api-hooks/orders` },
      }),
    });
    const body = await res.json();
    expect(body.data?.webhookSubscriptionCreate?.userErrors, JSON.stringify(body)).toEqual([]);
    const before = receiver.received.length;
    standin.control.placeOrder({ shop: "north-shop", lines: [{ sku: "MUG-SAN", quantity: 1 }] });
    await standin.control.waitForDeliveries({});
    const orders = receiver.received.slice(before).filter((r) => r.headers["x-shopify-topic"] === "orders/create");
    expect(orders.map((r) => r.url).sort()).toEqual(["/api-hooks/orders", "/webhooks"]);
    expect(orders[0].headers["x-shopify-event-id"]).toBe(orders[1].headers["x-shopify-event-id"]);
    expect(orders[0].headers["x-shopify-webhook-id"]).not.toBe(orders[1].headers["x-shopify-webhook-id"]);
  });

  it("retries non-2xx answers and timeouts with backoff, keeping webhook id, event id and body", async () => {
    const start = receiver.received.length;
    // the next delivery fails twice with 503; we learn its id from the log right after emitting
    const [d] = standin.platform.dispatcher.emit("north-shop.myshopify.com", "inventory_levels/update", { probe: 1 });
    failFirst.set(d.webhookId, 2);
    const [slow] = standin.platform.dispatcher.emit("north-shop.myshopify.com", "inventory_levels/update", { probe: 2 });
    slowFirst.add(slow.webhookId);
    await standin.control.waitForDeliveries({});
    const got = receiver.received.slice(start).filter((r) => r.headers["x-shopify-webhook-id"] === d.webhookId);
    expect(got.length).toBe(3);
    expect(new Set(got.map((r) => r.headers["x-shopify-event-id"])).size).toBe(1);
    expect(new Set(got.map((r) => r.body.toString())).size).toBe(1);
    const logged = standin.control.deliveries({ topic: "inventory_levels/update" }).find((x) => x.seq === d.seq)!;
    expect(logged.state).toBe("delivered");
    expect(logged.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    const slowLog = standin.control.deliveries({}).find((x) => x.seq === slow.seq)!;
    expect(slowLog.attempts[0].error).toBe("timeout");
    expect(slowLog.state).toBe("delivered");
  });

  it("gives up after the last retry and marks the delivery failed", async () => {
    const [d] = standin.platform.dispatcher.emit("north-shop.myshopify.com", "inventory_levels/update", { probe: 3 });
    failFirst.set(d.webhookId, 100);
    await standin.control.waitForDeliveries({ timeoutMs: 20_000 });
    const logged = standin.control.deliveries({}).find((x) => x.seq === d.seq)!;
    expect(logged.attempts.length).toBe(9); // first try + Shopify's 8 retries
    expect(logged.state).toBe("failed");
  });
});
