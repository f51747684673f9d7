import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStandin, type Standin } from "../../dev/server.ts";
import { API_KEY, API_SECRET, asRequest, makeApp, startReceiver } from "./helpers.ts";

// Storefront, app proxy and order flows: pages render the theme app extension's block from the
// real Liquid files; the app proxy signs like Shopify (verified by authenticate.public.appProxy);
// buy / cancel / refund move stock like Shopify and fire the webhooks.

let standin: Standin;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const APP = "https://stockroom-app.example";
const { app } = makeApp(APP);
let proxyAnswer: { status: number; headers: Record<string, string>; body: string } = { status: 200, headers: {}, body: "" };

beforeAll(async () => {
  receiver = await startReceiver(async (r, res) => {
    if (r.url.startsWith("/proxy")) {
      // the app's check, exactly as a proxy route runs it
      try {
        await app.authenticate.public.appProxy(asRequest(APP, r));
      } catch (e) {
        res.writeHead((e as Response).status ?? 500);
        res.end("rejected");
        return;
      }
      if (r.headers["if-none-match"] === '"v1"') {
        res.writeHead(304, { ETag: '"v1"' });
        res.end();
        return;
      }
      res.writeHead(proxyAnswer.status, { "Content-Type": "application/json", ETag: '"v1"', "Cache-Control": "public, max-age=5", "Set-Cookie": "x=1", ...proxyAnswer.headers });
      res.end(proxyAnswer.body || JSON.stringify({ path: r.url }));
      return;
    }
    res.writeHead(200);
    res.end();
  });
  standin = await startStandin({
    appUrl: receiver.url,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    checkoutExtensions: true,
    seed: (s) => {
      s.createShop({ domain: "north-shop", defaultLocation: "Warehouse" });
      s.createLocation("north-shop", { name: "Store" });
      s.createProduct("north-shop", {
        title: "Trail Mug",
        vendor: "Kiln House",
        options: [{ name: "Color", values: ["Sand", "Forest", "Navy"] }],
        variants: [
          { sku: "MUG-SAN", price: "18.00", options: ["Sand"], stock: 6 },
          { sku: "MUG-FOR", price: "19.00", options: ["Forest"], stock: 1 },
          { sku: "MUG-NAV", price: "19.00", options: ["Navy"], stock: 0 },
        ],
      });
    },
  });
  await standin.control.installApp({ shop: "north-shop", openApp: false });
});
afterAll(async () => {
  await standin?.stop();
  await receiver?.stop();
});

const get = (path: string, init?: RequestInit) => fetch(`${standin.url}${path}`, { redirect: "manual", ...init });
const form = (data: Record<string, string>) => ({ method: "POST", redirect: "manual" as const, headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(data).toString() });

describe("app proxy", () => {
  it("forwards /apps/stockroom/* to {app}/proxy/* with a signature the library accepts, passing ETag/Cache-Control and 304", async () => {
    const res = await get("/store/north-shop/apps/stockroom/stock?variant=1&variant=2&product=9");
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"v1"');
    expect(res.headers.get("cache-control")).toBe("public, max-age=5");
    expect(res.headers.get("set-cookie")).toBeNull();
    const last = receiver.received.at(-1)!;
    const q = new URL(last.url, APP).searchParams;
    expect(new URL(last.url, APP).pathname).toBe("/proxy/stock");
    expect(q.get("shop")).toBe("north-shop.myshopify.com");
    expect(q.get("path_prefix")).toBe("/apps/stockroom");
    expect(q.get("logged_in_customer_id")).toBe("");
    expect(q.getAll("variant")).toEqual(["1", "2"]);
    expect(q.get("signature")).toMatch(/^[0-9a-f]{64}$/);
    const notModified = await get("/store/north-shop/apps/stockroom/stock?variant=1", { headers: { "If-None-Match": '"v1"' } });
    expect(notModified.status).toBe(304);
  });

  it("logged_in_customer_id carries the storefront's logged-in buyer", async () => {
    const login = await get("/store/north-shop/account/login?customer_id=4242");
    const cookie = login.headers.get("set-cookie")!.split(";")[0];
    await get("/store/north-shop/apps/stockroom/stock?variant=1", { headers: { Cookie: cookie } });
    expect(new URL(receiver.received.at(-1)!.url, APP).searchParams.get("logged_in_customer_id")).toBe("4242");
  });

  it("a storefront page's root-relative /apps/stockroom call reaches the right shop (Referer)", async () => {
    const res = await get("/apps/stockroom/stock?variant=5", { headers: { Referer: `${standin.url}/store/north-shop/products/trail-mug` } });
    expect(res.status).toBe(200);
    expect(new URL(receiver.received.at(-1)!.url, APP).searchParams.get("shop")).toBe("north-shop.myshopify.com");
  });

  it("renders an application/liquid answer with the shop's objects (in the theme, or alone with layout none)", async () => {
    proxyAnswer = { status: 200, headers: { "Content-Type": "application/liquid" }, body: "<p id=hi>Hello from {{ shop.permanent_domain }}</p>" };
    try {
      const themed = await (await get("/store/north-shop/apps/stockroom/page")).text();
      expect(themed).toContain("<p id=hi>Hello from north-shop.myshopify.com</p>");
      expect(themed).toContain('<header class="site">');
      proxyAnswer.body = "{% layout none %}{{ shop.permanent_domain }}";
      expect((await (await get("/store/north-shop/apps/stockroom/page")).text()).trim()).toBe("north-shop.myshopify.com");
    } finally {
      proxyAnswer = { status: 200, headers: {}, body: "" };
    }
  });

  it("the library rejects a forged or stale signature", async () => {
    const good = new URL(receiver.received.at(-1)!.url, APP);
    const forged = new URL(good);
    forged.searchParams.set("variant", "6");
    await expect(app.authenticate.public.appProxy(new Request(forged))).rejects.toMatchObject({ status: 400 });
    const url = standin.control.signedProxyUrl({ shop: "north-shop", path: "stock", query: { variant: "5" } }).url;
    await expect(app.authenticate.public.appProxy(new Request(url.replace(receiver.url, APP)))).resolves.toBeTruthy();
  });
});

describe("storefront", () => {
  it("renders the product page with the app block from extensions/stock-widget for the selected variant", async () => {
    const page = await (await get("/store/north-shop/products/trail-mug")).text();
    expect(page).toContain("Trail Mug");
    expect(page).toMatch(/<input type="hidden" name="id" value="\d+">/);
    // first paint from Liquid: the first available variant (Sand, 6 in stock)
    expect(page).toContain('data-state="in_stock"');
    expect(page).toContain("stockroom-loader.js");
    const state = standin.control.state({ shop: "north-shop" });
    const forest = state.products[0].variants[1];
    const navy = state.products[0].variants[2];
    const low = await (await get(`/store/north-shop/products/trail-mug?variant=${forest.id}`)).text();
    expect(low).toContain('data-state="low"');
    expect(low).toContain("Only 2 left"); // 1 at each of the two locations
    const soldOut = await (await get(`/store/north-shop/products/trail-mug?variant=${navy.id}`)).text();
    expect(soldOut).toContain('data-state="sold_out"');
    expect(soldOut).toMatch(/<button type="submit" class="buy" name="add" disabled>Sold out<\/button>/);
    const fr = await (await get(`/store/north-shop/products/trail-mug?variant=${forest.id}&locale=fr`)).text();
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toContain("Plus que 2 en stock");
    expect(fr).not.toContain("translation missing");
    const asset = await get("/cdn/extensions/stock-widget/assets/stockroom-loader.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toContain("javascript");
  });

  it("buy → order with available→committed and orders/create + inventory_levels/update; cancel with restock; refund with restock", async () => {
    const c = standin.control;
    const sand = () => c.stock({ shop: "north-shop", sku: "MUG-SAN" }).levels[0];
    const variantId = c.stock({ shop: "north-shop", sku: "MUG-SAN" }).variantId;
    expect(sand()).toMatchObject({ available: 6, committed: 0, on_hand: 6 });
    const since = c.deliveries({}).length ? Math.max(...c.deliveries({}).map((d) => d.seq)) : 0;

    const buy = await get("/store/north-shop/checkout", form({ id: String(variantId), quantity: "2", email: "sam@example.com" }));
    expect(buy.status).toBe(303);
    const orderId = Number(buy.headers.get("location")!.split("/").pop());
    const orderPath = `/store/north-shop/admin/orders/${orderId}`;
    expect(sand()).toMatchObject({ available: 4, committed: 2, on_hand: 6 });
    const orderPage = await (await get(orderPath)).text();
    expect(orderPage).toContain("Your order is confirmed");

    // refund one unit with restock: committed → available
    const lineItemId = c.getOrder({ shop: "north-shop", orderId }).lineItems[0].id;
    expect((await get(`${orderPath}/refund`, form({ line_item_id: String(lineItemId), quantity: "1", restock: "1" }))).status).toBe(303);
    expect(sand()).toMatchObject({ available: 5, committed: 1, on_hand: 6 });

    // cancel the rest with restock
    expect((await get(`${orderPath}/cancel`, form({ restock: "1" }))).status).toBe(303);
    expect(sand()).toMatchObject({ available: 6, committed: 0, on_hand: 6 });

    // overselling a DENY variant fails and writes nothing
    const forestId = c.stock({ shop: "north-shop", sku: "MUG-FOR" }).variantId;
    const oversell = await get("/store/north-shop/checkout", form({ id: String(forestId), quantity: "3" }));
    expect(oversell.status).toBe(422);
    expect(c.stock({ shop: "north-shop", sku: "MUG-FOR" }).levels[0]).toMatchObject({ available: 1, committed: 0 });

    await c.waitForDeliveries({});
    const topics = c.deliveries({ since }).map((d) => `${d.topic}`);
    expect(topics).toContain("orders/create");
    expect(topics).toContain("refunds/create");
    expect(topics).toContain("orders/cancelled");
    const levels = c.deliveries({ since, topic: "inventory_levels/update" }).map((d) => (d.payload as { available: number }).available);
    expect(levels).toEqual([4, 5, 6]);
    expect(c.deliveries({ since }).every((d) => d.state === "delivered")).toBe(true);
  });

  it("Buy it now → checkout page with the checkout extension → Pay now → order + thank-you page with the survey extension", async () => {
    const c = standin.control;
    const variantId = c.stock({ shop: "north-shop", sku: "MUG-SAN" }).variantId;
    const before = c.stock({ shop: "north-shop", sku: "MUG-SAN" }).levels[0];
    const add = await get("/store/north-shop/cart/add", form({ id: String(variantId), quantity: "1" }));
    expect(add.status).toBe(303);
    const checkoutPath = add.headers.get("location")!;
    expect(checkoutPath).toMatch(/^\/store\/north-shop\/checkouts\/cn\/[0-9a-f]{32}$/);
    const page = await (await get(checkoutPath)).text();
    expect(page).toContain("Pay now");
    expect(page).toContain("/__extension-host/");
    expect(page).toContain("Trail Mug");
    // nothing is committed until the buyer pays
    expect(c.stock({ shop: "north-shop", sku: "MUG-SAN" }).levels[0]).toEqual(before);
    const pay = await get(`${checkoutPath}/pay`, form({}));
    expect(pay.status).toBe(303);
    const thankYou = pay.headers.get("location")!;
    expect(thankYou).toMatch(/^\/store\/north-shop\/thank-you\/\d+$/);
    expect(c.stock({ shop: "north-shop", sku: "MUG-SAN" }).levels[0]).toMatchObject({ available: before.available - 1, committed: before.committed + 1 });
    // paying twice does not order twice
    expect((await get(`${checkoutPath}/pay`, form({}))).headers.get("location")).toBe(thankYou);
    const ty = await get(thankYou);
    expect(ty.status).toBe(200);
    const tyHtml = await ty.text();
    expect(tyHtml).toContain("Thank you");
    expect(tyHtml).toContain("data-standin-admin-order");
    const status = await get(thankYou.replace("/thank-you/", "/orders/"));
    expect(status.status).toBe(200);
  });
});

describe("cart", () => {
  it("Add to cart keeps lines per buyer (cookie) → cart page → Check out with all lines → Pay → one order with both lines; the cart is emptied", async () => {
    const c = standin.control;
    const sand = c.stock({ shop: "north-shop", sku: "MUG-SAN" });
    const forest = c.stock({ shop: "north-shop", sku: "MUG-FOR" });
    const total = (levels: { available: number }[]) => levels.reduce((a, l) => a + l.available, 0);
    const forestAvailable = total(forest.levels);
    expect(forestAvailable).toBe(2);
    const sandBefore = total(sand.levels);

    const product = await (await get("/store/north-shop/products/trail-mug")).text();
    expect(product).toMatch(/<button type="submit" class="add-to-cart" name="add_to_cart" value="1">Add to cart<\/button>/);
    expect(product).toContain(">Buy it now</button>");

    // first add: a new cart, its token in the `cart` cookie; the buyer lands on the cart page
    const first = await get("/store/north-shop/cart/add", form({ id: String(sand.variantId), quantity: "2", add_to_cart: "1", email: "cart@example.com" }));
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/store/north-shop/cart");
    const cookie = first.headers.get("set-cookie")!.split(";")[0];
    expect(cookie).toMatch(/^cart=[0-9a-f]{32}$/);
    // Dawn's cart form: one updates[] per line, in order, and the pressed button's name
    const cartForm = (pairs: [string, string][]) => ({ ...form({}), body: new URLSearchParams(pairs).toString() });
    const withCart = (init: RequestInit = {}) => ({ ...init, headers: { ...(init.headers as Record<string, string>), Cookie: cookie } });
    // more units than are available may go into a cart (Shopify enforces stock at checkout)
    const second = await get("/store/north-shop/cart/add", withCart(form({ id: String(forest.variantId), quantity: "3", add_to_cart: "1" })));
    expect(second.status).toBe(303);
    expect(second.headers.get("set-cookie")).toBeNull(); // same cart
    // nothing is reserved by a cart
    expect(total(c.stock({ shop: "north-shop", sku: "MUG-SAN" }).levels)).toBe(sandBefore);

    const cartHtml = await (await get("/store/north-shop/cart", withCart())).text();
    const rows = [...cartHtml.matchAll(/<tr class="cart-item" data-variant="(\d+)">([\s\S]*?)<\/tr>/g)].map((m) => ({
      variant: Number(m[1]),
      title: /cart-item__title">([^<]*)/.exec(m[2])![1],
      variantTitle: /cart-item__variant">([^<]*)/.exec(m[2])![1],
      price: /cart-item__price">([^<]*)/.exec(m[2])![1],
      quantity: Number(/name="updates\[\]" value="(\d+)"/.exec(m[2])![1]),
    }));
    expect(rows).toEqual([
      { variant: sand.variantId, title: "Trail Mug", variantTitle: "Sand", price: "$18.00", quantity: 2 },
      { variant: forest.variantId, title: "Trail Mug", variantTitle: "Forest", price: "$19.00", quantity: 3 },
    ]);
    expect(cartHtml).toContain("$93.00");
    expect(cartHtml).toMatch(/<button type="submit"[^>]* name="checkout"[^>]*>Check out<\/button>/);
    // another buyer (no cookie) has an empty cart
    expect(await (await get("/store/north-shop/cart")).text()).toContain("Your cart is empty");

    // Check out: one checkout with both lines
    const checkout = await get("/store/north-shop/cart", withCart(cartForm([["updates[]", "2"], ["updates[]", "3"], ["checkout", ""]])));
    expect(checkout.status).toBe(303);
    const shortPath = checkout.headers.get("location")!;
    expect(shortPath).toMatch(/^\/store\/north-shop\/checkouts\/cn\/[0-9a-f]{32}$/);
    const page = await (await get(shortPath)).text();
    const lines = [...page.matchAll(/<div class="line" data-variant="(\d+)"><div class="thumb"><span class="qty">(\d+)<\/span>/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(lines).toEqual([
      [sand.variantId, 2],
      [forest.variantId, 3],
    ]);
    expect(page).toContain("Sand");
    expect(page).toContain("Forest");

    // paying a checkout with a short line fails and writes nothing; the cart is kept
    const short = await get(`${shortPath}/pay`, form({}));
    expect(short.status).toBe(409);
    expect(await short.text()).toContain("Not enough stock for an item in your cart");
    expect(total(c.stock({ shop: "north-shop", sku: "MUG-SAN" }).levels)).toBe(sandBefore);
    expect(total(c.stock({ shop: "north-shop", sku: "MUG-FOR" }).levels)).toBe(forestAvailable);
    expect(await (await get("/store/north-shop/cart", withCart())).text()).toContain('name="updates[]" value="3"');

    // the buyer lowers the Forest line (the stand-in takes a line from one location: 1 each) and checks out again
    const update = await get("/store/north-shop/cart", withCart(cartForm([["updates[]", "2"], ["updates[]", "1"], ["checkout", ""]])));
    expect(update.status).toBe(303);
    const okPath = update.headers.get("location")!;
    expect(okPath).not.toBe(shortPath);
    const pay = await get(`${okPath}/pay`, form({}));
    expect(pay.status).toBe(303);
    const orderId = Number(/\/thank-you\/(\d+)$/.exec(pay.headers.get("location")!)![1]);
    const order = c.getOrder({ shop: "north-shop", orderId });
    expect(order.lineItems.map((li) => [li.variantId, li.quantity])).toEqual([
      [sand.variantId, 2],
      [forest.variantId, 1],
    ]);
    expect(order.email).toBe("cart@example.com");
    expect(total(c.stock({ shop: "north-shop", sku: "MUG-SAN" }).levels)).toBe(sandBefore - 2);
    expect(total(c.stock({ shop: "north-shop", sku: "MUG-FOR" }).levels)).toBe(forestAvailable - 1);

    // the cart is empty after payment; a new add starts a new cart with the same cookie
    expect(await (await get("/store/north-shop/cart", withCart())).text()).toContain("Your cart is empty");
    // "Buy it now" still makes a one-line checkout and leaves the cart alone
    const buyNow = await get("/store/north-shop/cart/add", withCart(form({ id: String(sand.variantId), quantity: "1" })));
    expect(buyNow.headers.get("location")).toMatch(/\/checkouts\/cn\/[0-9a-f]{32}$/);
    const buyNowPage = await (await get(buyNow.headers.get("location")!)).text();
    expect([...buyNowPage.matchAll(/<div class="line" data-variant="(\d+)">/g)].map((m) => Number(m[1]))).toEqual([sand.variantId]);
    expect(await (await get("/store/north-shop/cart", withCart())).text()).toContain("Your cart is empty");
  });
});
