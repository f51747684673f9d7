import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import { startStandin, type Standin } from "../../dev/server.ts";
import { chromiumLaunchOptions, isolateFromShopify, shopUrls, APP_IFRAME_SELECTOR } from "../../dev/kit.ts";
import { API_KEY, API_SECRET, makeApi, startReceiver } from "../dev-platform/helpers.ts";

// The stand-in in a real browser: the admin frame embeds an app page that uses the App Bridge
// stand-in (idToken, authenticated fetch, toast, nav, session-token bounce); the storefront's
// Dawn-like variant picker drives the theme app extension's block; Buy places an order.

let standin: Standin;
let app: Awaited<ReturnType<typeof startReceiver>>;
let browser: Browser;
const api = makeApi("https://stockroom-app.example");
let flakyCalls = 0;
const seen: { path: string; idTokenOk?: boolean; bearerDest?: string }[] = [];

const appPage = (standinUrl: string, title: string) => `<!doctype html><html><head><meta charset="utf-8">
<script src="${standinUrl}/app-bridge.js" data-api-key="${API_KEY}"></script></head><body>
<ui-nav-menu><a href="/app" rel="home">Home</a><a href="/app/settings">Settings</a></ui-nav-menu>
<h1>${title}</h1><p id="who">…</p><button id="toast" onclick="shopify.toast.show('Saved')">Save</button>
<script>
  fetch('/api/whoami').then(r => r.json()).then(j => { document.getElementById('who').textContent = 'dest: ' + j.dest + ' shop: ' + shopify.config.shop; });
</script></body></html>`;

beforeAll(async () => {
  app = await startReceiver(async (r, res) => {
    const u = new URL(r.url, "http://app");
    if (u.pathname === "/api/whoami") {
      const token = (r.headers.authorization ?? "").replace(/^Bearer /, "");
      try {
        const p = await api.session.decodeSessionToken(token);
        seen.push({ path: u.pathname, bearerDest: p.dest });
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ dest: p.dest }));
      } catch {
        res.writeHead(401);
        res.end("{}");
      }
      return;
    }
    if (u.pathname === "/api/flaky") {
      // the library's answer to a stale token: 401 + "retry with a fresh one" (first call only)
      flakyCalls++;
      if (flakyCalls === 1) {
        res.writeHead(401, { "X-Shopify-Retry-Invalid-Session-Request": "1" });
        res.end();
        return;
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ calls: flakyCalls, auth: Boolean(r.headers.authorization) }));
      return;
    }
    if (u.pathname === "/auth/session-token") {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(`<script data-api-key="${API_KEY}" src="${standin.url}/app-bridge.js"></script>`);
      return;
    }
    if (u.pathname.startsWith("/app")) {
      const idToken = u.searchParams.get("id_token");
      let ok = false;
      if (idToken) ok = await api.session.decodeSessionToken(idToken).then(() => true, () => false);
      seen.push({ path: u.pathname, idTokenOk: ok });
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(appPage(standin.url, u.pathname === "/app/settings" ? "Settings" : "Home"));
      return;
    }
    if (u.pathname === "/proxy/stock") {
      // a minimal stand-in for the app's stock endpoint, answering from the stand-in's state
      const variantId = Number(u.searchParams.get("variant"));
      const threshold = Number(u.searchParams.get("threshold") ?? 5);
      const shop = u.searchParams.get("shop")!;
      const count = standin.control.stock({ shop, variantId }).levels.reduce((a, l) => a + l.available, 0);
      const state = count <= 0 ? "sold_out" : count <= threshold ? "low" : "in_stock";
      res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      res.end(JSON.stringify({ variant: String(variantId), state, count, alternatives: [] }));
      return;
    }
    res.writeHead(200);
    res.end("ok");
  });
  standin = await startStandin({
    appUrl: app.url,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    seed: (s) => {
      s.createShop({ domain: "north-shop" });
      s.createProduct("north-shop", {
        title: "Trail Mug",
        options: [{ name: "Color", values: ["Sand", "Forest"] }],
        variants: [
          { sku: "MUG-SAN", price: "18.00", options: ["Sand"], stock: 20 },
          { sku: "MUG-FOR", price: "19.00", options: ["Forest"], stock: 2 },
        ],
      });
    },
  });
  await standin.control.installApp({ shop: "north-shop", openApp: false });
  browser = await chromium.launch(chromiumLaunchOptions());
});
afterAll(async () => {
  await browser?.close();
  await standin?.stop();
  await app?.stop();
});

describe("admin frame + App Bridge stand-in", () => {
  it("frames the app with a valid id_token; idToken() feeds Authorization on same-origin fetch; toast and nav reach the admin", async () => {
    const page = await browser.newPage();
    const blocked = await isolateFromShopify(page, standin.url);
    await page.goto(shopUrls(standin.url, "north-shop").admin());
    const frame = page.frameLocator(APP_IFRAME_SELECTOR);
    await expect.poll(() => frame.locator("#who").textContent(), { timeout: 10_000 }).toBe("dest: https://north-shop.myshopify.com shop: north-shop.myshopify.com");
    expect(seen.find((s) => s.path === "/app")?.idTokenOk).toBe(true);
    expect(seen.find((s) => s.path === "/api/whoami")?.bearerDest).toBe("https://north-shop.myshopify.com");
    await frame.locator("#toast").click();
    await expect.poll(() => page.locator("#toasts").textContent()).toContain("Saved");
    await expect.poll(() => page.locator("#appnav a").allTextContents()).toEqual(["Settings"]);
    // a 401 asking for a retry is retried once with a fresh token, transparently
    const flaky = await page.frames().find((f) => f.url().startsWith(app.url))!.evaluate(() => fetch("/api/flaky").then((r) => r.json()));
    expect(flaky).toEqual({ calls: 2, auth: true });
    expect(blocked).toEqual([]);
    await page.close();
  });

  it("the session-token bounce page reloads the target with a fresh id_token", async () => {
    const page = await browser.newPage();
    await isolateFromShopify(page, standin.url);
    const host = Buffer.from("admin.shopify.com/store/north-shop").toString("base64url");
    const reload = `${app.url}/app/settings?shop=north-shop.myshopify.com&host=${host}&embedded=1`;
    // framed, as in the admin
    await page.goto(shopUrls(standin.url, "north-shop").admin("settings"));
    const frame = page.frameLocator(APP_IFRAME_SELECTOR);
    await expect.poll(() => frame.locator("h1").textContent()).toBe("Settings");
    // and the bounce itself (not framed: the script asks the stand-in directly)
    const before = seen.length;
    await page.goto(`${app.url}/auth/session-token?shop=north-shop.myshopify.com&host=${host}&shopify-reload=${encodeURIComponent(reload)}`);
    await page.waitForURL(/\/app\/settings\?.*id_token=/);
    expect(seen.slice(before).find((s) => s.path === "/app/settings")?.idTokenOk).toBe(true);
    await page.close();
  });
});

describe("storefront in a browser", () => {
  it("variant picker updates ?variant=, the form's id and the app block; Buy → checkout → Pay commits stock", async () => {
    const page = await browser.newPage();
    const blocked = await isolateFromShopify(page, standin.url);
    const st = standin.control.state({ shop: "north-shop" });
    const [sand, forest] = st.products[0].variants;
    await page.goto(shopUrls(standin.url, "north-shop").product("trail-mug"));
    await expect.poll(() => page.locator("[data-stockroom]").getAttribute("data-state")).toBe("in_stock");
    await page.locator("label", { hasText: "Forest" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("variant")).toBe(String(forest.id));
    expect(await page.locator("form#product-form input[name=id]").inputValue()).toBe(String(forest.id));
    await expect.poll(() => page.locator("[data-stockroom]").getAttribute("data-state")).toBe("low");
    await page.locator("button.buy").click();
    await page.waitForURL(/\/checkouts\/cn\/[0-9a-f]+$/);
    // nothing committed before paying
    expect(standin.control.stock({ shop: "north-shop", variantId: forest.id }).levels[0]).toMatchObject({ available: 2, committed: 0 });
    await page.locator("form#pay button[type=submit]").click();
    await page.waitForURL(/\/thank-you\/\d+$/);
    await expect.poll(() => page.locator("h1").first().textContent()).toContain("Thank you");
    const lv = standin.control.stock({ shop: "north-shop", variantId: forest.id }).levels[0];
    expect(lv).toMatchObject({ available: 1, committed: 1 });
    expect(standin.control.stock({ shop: "north-shop", variantId: sand.id }).levels[0]).toMatchObject({ available: 20, committed: 0 });
    expect(blocked).toEqual([]);
    await page.close();
  });
});
