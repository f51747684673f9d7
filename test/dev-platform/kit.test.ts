import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStandin, controlClient, ControlError, type Standin } from "../../dev/kit.ts";
import { Store } from "../../dev/store/index.ts";
import { seedDemo, demoTemplates } from "../../dev/demo-seed.ts";
import { API_KEY, API_SECRET } from "./helpers.ts";

// The control API over HTTP (what Playwright and other processes use) and the demo catalog.

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin({ appUrl: "http://127.0.0.1:9", apiKey: API_KEY, apiSecret: API_SECRET, seed: "demo" });
});
afterAll(() => standin?.stop());

describe("control API over HTTP", () => {
  it("creates shops and products, sets stock, places/cancels/refunds orders, reads state", async () => {
    const c = controlClient(standin.url);
    const { shop, locations } = await c.createShop({ shop: "west-shop", locations: ["Main", "Outlet"] });
    expect(shop.domain).toBe("west-shop.myshopify.com");
    expect(locations.map((l) => l.name)).toEqual(["Main", "Outlet"]);
    const { variants } = await c.createProduct({ shop: "west-shop", title: "Cap", variants: [{ sku: "CAP-1", price: "12.00", stock: 4 }] });
    expect(variants[0].sku).toBe("CAP-1");
    await c.setStock({ shop: "west-shop", sku: "CAP-1", locationId: "Outlet", available: 9 });
    const stock = await c.stock({ shop: "west-shop", sku: "CAP-1" });
    expect(stock.levels.map((l) => l.available)).toEqual([4, 9]);
    const order = await c.placeOrder({ shop: "west-shop", lines: [{ sku: "CAP-1", quantity: 3 }] });
    expect((await c.stock({ shop: "west-shop", sku: "CAP-1" })).levels[0]).toMatchObject({ available: 1, committed: 3 });
    await c.refundOrder({ shop: "west-shop", orderId: order.id, lines: [{ lineItemId: order.lineItems[0].id, quantity: 1 }], restock: true });
    await c.cancelOrder({ shop: "west-shop", orderId: order.id, restock: true });
    expect((await c.stock({ shop: "west-shop", sku: "CAP-1" })).levels[0]).toMatchObject({ available: 4, committed: 0 });
    const state = await c.state({ shop: "west-shop" });
    expect(state.orders[0].cancelledAt).not.toBeNull();
    // GET works for read-only methods (the App Bridge stand-in uses it)
    const tok = await (await fetch(`${standin.url}/_control/session-token?shop=west-shop`)).json();
    expect(tok.token.split(".").length).toBe(3);
    // errors are JSON with a code
    await expect(c.stock({ shop: "west-shop", sku: "NOPE" })).rejects.toBeInstanceOf(ControlError);
    await expect(c.placeOrder({ shop: "west-shop", lines: [{ sku: "CAP-1", quantity: 99 }] })).rejects.toMatchObject({ code: "INSUFFICIENT_STOCK", status: 422 });
    expect((await fetch(`${standin.url}/_control/placeOrder`)).status).toBe(405);
  });

  it("fault knobs can be set over HTTP", async () => {
    const c = controlClient(standin.url);
    expect(await c.webhookFaults({ seed: 9, drop: 0.5 })).toMatchObject({ seed: 9, drop: 0.5 });
    expect(await c.apiFaults({ errorRate: 0.1, seed: 3 })).toMatchObject({ errorRate: 0.1, seed: 3 });
    await c.webhookFaults({});
    await c.apiFaults({ errorRate: 0 });
  });
});

describe("demo catalog", () => {
  it("north and south: ≥50 products and ≥150 variants each, 2 locations, low and sold-out stock, shared SKUs; east shares most of them", () => {
    const all = standin.control.shops().filter((s) => s.domain !== "west-shop.myshopify.com");
    expect(all.map((s) => s.domain)).toEqual(["north-shop.myshopify.com", "south-shop.myshopify.com", "east-shop.myshopify.com"]);
    const shops = all.slice(0, 2);
    for (const s of shops) {
      expect(s.products).toBeGreaterThanOrEqual(50);
      expect(s.variants).toBeGreaterThanOrEqual(150);
      expect(s.locations.length).toBe(2);
      const totals = new Map<number, number>();
      for (const l of standin.control.levels({ shop: s.domain })) totals.set(l.variantId, (totals.get(l.variantId) ?? 0) + l.quantities.available);
      const vals = [...totals.values()];
      expect(vals.filter((v) => v === 0).length).toBeGreaterThanOrEqual(5);
      expect(vals.filter((v) => v > 0 && v <= 5).length).toBeGreaterThanOrEqual(5);
    }
    const skus = (shop: string) => new Set(standin.control.levels({ shop }).map((l) => l.sku));
    const north = skus("north-shop");
    const shared = [...skus("south-shop")].filter((s) => north.has(s));
    expect(shared.length).toBeGreaterThanOrEqual(100);
    // The third store (the Growth plan's demo): two locations, a large part of the shared catalog.
    expect(all[2].locations.length).toBe(2);
    expect([...skus("east-shop")].filter((s) => north.has(s)).length).toBeGreaterThanOrEqual(50);
    const state = standin.control.state({ shop: "north-shop" });
    expect(new Set(state.products.map((p) => p.vendor)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(state.products.map((p) => p.productType)).size).toBeGreaterThanOrEqual(8);
    expect(state.products.every((p) => p.images.length === 1 && p.images[0].url.startsWith("data:image/svg+xml;base64,"))).toBe(true);
  });

  it("is deterministic", () => {
    const a = new Store({ now: () => 0 });
    const b = new Store({ now: () => 0 });
    seedDemo(a);
    seedDemo(b);
    expect(a.levels("north-shop")).toEqual(b.levels("north-shop"));
    expect(a.snapshot("south-shop").products.map((p) => p.title)).toEqual(b.snapshot("south-shop").products.map((p) => p.title));
    expect(demoTemplates().length).toBe(60);
  });
});
