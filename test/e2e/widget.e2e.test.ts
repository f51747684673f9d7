// The storefront widget end to end in Chromium: the stand-in's online store renders the real
// theme app extension block (Liquid) with the built loader/UI assets; the loader talks to the
// app's real proxy route through the stand-in's signed app proxy; stock changes in the store
// reach the app as real webhooks (the app's /webhooks route, durable intake, worker, ledger),
// and the read model serves them to the page.
import { execFileSync } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

process.env.WORKER = "on"; // this process is the app: web routes + embedded worker
process.env.SHOPIFY_API_KEY ||= "widget-e2e-key";
process.env.SHOPIFY_API_SECRET ||= "widget-e2e-secret";

const { default: prisma } = await import("../../app/db.server");
const { action: webhooks } = await import("../../app/routes/webhooks");
const { loader: proxyStock } = await import("../../app/routes/proxy.stock");
const { ensureWorkerStarted } = await import("../../app/worker.server");
const { startStandin } = await import("../../dev/server.ts");
const { browserContextOptions, chromiumLaunchOptions } = await import("../../dev/kit.ts");
type Standin = Awaited<ReturnType<typeof startStandin>>;

const SHOP = "north-shop.myshopify.com";
const SOUTH = "south-shop.myshopify.com";

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  return new Request(`${origin}${req.url}`, { method: req.method, headers, body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks) });
}

let appServer: Server;
let appUrl: string;
let standin: Standin;
let browser: Browser;
let context: BrowserContext;
const ids: Record<string, number> = {};

async function appHandler(req: IncomingMessage, res: ServerResponse) {
  const request = await toRequest(req, appUrl);
  const path = new URL(request.url).pathname;
  let response: Response;
  try {
    if (path === "/webhooks") response = (await webhooks({ request, params: {}, context: {} } as never)) as Response;
    else if (path === "/proxy/stock") response = (await proxyStock({ request, params: {}, context: {} } as never)) as Response;
    else response = new Response("not found", { status: 404 });
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    response = thrown;
  }
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** What the app's catalog import would have written: products, variants and levels of the shop. */
async function importCatalog(SHOP: string) {
  const store = standin.store;
  const snap = store.state(SHOP);
  for (const p of snap.products.values()) {
    const productId = `gid://shopify/Product/${p.id}`;
    await prisma.catalogProduct.create({
      data: { shop: SHOP, productId, title: p.title, handle: p.handle, vendor: p.vendor, productType: p.productType, tags: p.tags.join(", "), imageUrl: p.images[0]?.url ?? null, status: p.status },
    });
    for (const vid of p.variantIds) {
      const v = store.getVariant(SHOP, vid);
      const item = store.getInventoryItem(SHOP, v.inventoryItemId);
      await prisma.catalogVariant.create({
        data: { shop: SHOP, variantId: `gid://shopify/ProductVariant/${v.id}`, productId, inventoryItemId: `gid://shopify/InventoryItem/${item.id}`, title: v.title, sku: v.sku, price: v.price, inventoryPolicy: v.inventoryPolicy, tracked: item.tracked },
      });
      for (const [locationId, level] of item.levels) {
        await prisma.inventoryLevel.create({
          data: { shop: SHOP, inventoryItemId: `gid://shopify/InventoryItem/${item.id}`, locationId: `gid://shopify/Location/${locationId}`, available: level.quantities.available, seenAt: new Date(0) },
        });
      }
    }
  }
}

beforeAll(async () => {
  execFileSync("npm", ["run", "-s", "build:widget"], { stdio: "pipe" });
  appServer = createServer((req, res) => {
    appHandler(req, res).catch((e) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((r) => appServer.listen(0, "127.0.0.1", () => r()));
  appUrl = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`;
  standin = await startStandin({ appUrl, apiKey: process.env.SHOPIFY_API_KEY!, apiSecret: process.env.SHOPIFY_API_SECRET!, webhooks: { retryScale: 0.001 } });
  const c = standin.control;
  c.createShop({ shop: SHOP, name: "North Shop", currencyCode: "EUR" });
  const trail = c.createProduct({
    shop: SHOP,
    title: "Trail Shoe",
    vendor: "Acme",
    productType: "Shoes",
    options: [{ name: "Size", values: ["S", "M", "L"] }],
    variants: [
      { title: "S", sku: "TRAIL-S", price: "120.00", options: ["S"], stock: 40 },
      { title: "M", sku: "TRAIL-M", price: "120.00", options: ["M"], stock: 3 },
      { title: "L", sku: "TRAIL-L", price: "120.00", options: ["L"], stock: 0 },
    ],
  });
  [ids.S, ids.M, ids.L] = trail.variants.map((v: { id: number }) => v.id);
  c.createProduct({ shop: SHOP, title: "Road Shoe", vendor: "Acme", productType: "Shoes", images: [{ url: `${"https://cdn.shopify.com"}/s/files/road.jpg` }], variants: [{ title: "Default Title", sku: "ROAD", price: "89.50", stock: 12 }] });
  c.createProduct({ shop: SHOP, title: "Sold Out Boot", vendor: "Acme", productType: "Shoes", variants: [{ title: "Default Title", sku: "BOOT", price: "150.00", stock: 0 }] });
  // The linked store sells the same shoe (same SKUs).
  c.createShop({ shop: SOUTH, name: "South Shop", currencyCode: "EUR" });
  c.createProduct({
    shop: SOUTH,
    title: "Trail Shoe",
    options: [{ name: "Size", values: ["S", "M", "L"] }],
    variants: [
      { title: "S", sku: "TRAIL-S", price: "120.00", options: ["S"], stock: 40 },
      { title: "M", sku: "TRAIL-M", price: "120.00", options: ["M"], stock: 3 },
      { title: "L", sku: "TRAIL-L", price: "120.00", options: ["L"], stock: 0 },
    ],
  });
  for (const [domain, name] of [[SHOP, "North Shop"], [SOUTH, "South Shop"]]) {
    await prisma.shop.create({ data: { domain, name, currencyCode: "EUR" } });
    await importCatalog(domain);
    // Shopify-managed install: the app's toml webhooks start flowing to appUrl/webhooks; the
    // offline token the app's exchange would have stored goes into its session table.
    const installed = (await c.installApp({ shop: domain, openApp: false, expiring: false })) as { accessToken: string };
    await prisma.session.create({
      data: { id: `offline_${domain}`, shop: domain, state: "", isOnline: false, accessToken: installed.accessToken, scope: standin.toml.scopes.join(",") },
    });
  }
  process.env.SHOPIFY_STANDIN_URL = standin.url; // the app's Admin API calls reach the stand-in
  ensureWorkerStarted();
  browser = await chromium.launch(chromiumLaunchOptions());
  context = await browser.newContext({ ...browserContextOptions() });
  // Nothing may leave the machine; Shopify's CDN images are answered locally.
  await context.route(/^https:\/\/cdn\.shopify\.com\//, (route) => route.fulfill({ status: 200, contentType: "image/svg+xml", body: '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#ccc"/></svg>' }));
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await globalThis.stockroomWorker?.stop?.();
  await standin?.stop();
  await new Promise((r) => appServer?.close(r));
});

const productUrl = (variant: number, locale?: string) =>
  `http://north-shop.localhost:${standin.port}/products/trail-shoe?variant=${variant}${locale ? `&locale=${locale}` : ""}`;

async function open(url: string): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(() => {
    (window as unknown as { __cls: number }).__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as Array<{ value: number; hadRecentInput: boolean }>) if (!e.hadRecentInput) (window as unknown as { __cls: number }).__cls += e.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(url);
  return page;
}

const message = (page: Page) => page.locator(".stockroom__msg").innerText();
const state = (page: Page) => page.locator("[data-stockroom]").getAttribute("data-state");

describe("storefront widget in Chromium", () => {
  it("renders each state with the right message in English and French, without JavaScript too", async () => {
    const expectations: Array<[number, string | undefined, string, string]> = [
      [ids.S, undefined, "in_stock", "In stock: 40 available"],
      [ids.M, undefined, "low", "Only 3 left"],
      [ids.L, undefined, "sold_out", "Sold out"],
      [ids.S, "fr", "in_stock", "En stock : 40 disponibles"],
      [ids.M, "fr", "low", "Plus que 3 en stock"],
      [ids.L, "fr", "sold_out", "Épuisé"],
    ];
    for (const [variant, locale, st, msg] of expectations) {
      const page = await open(productUrl(variant, locale));
      expect([await state(page), await message(page)]).toEqual([st, msg]);
      await page.close();
    }
    const noJs = await browser.newContext({ ...browserContextOptions(), javaScriptEnabled: false });
    const page = await noJs.newPage();
    await page.goto(productUrl(ids.M, "fr"));
    expect(await page.locator(".stockroom__msg").innerText()).toBe("Plus que 3 en stock");
    await noJs.close();
  });

  it("switches variants at once from the embedded data, before any proxy answer", async () => {
    const page = await open(productUrl(ids.S));
    await page.waitForLoadState("networkidle");
    let held = 0;
    await page.route("**/apps/stockroom/stock**", () => {
      held++; // never answered while we look
    });
    await page.locator("label", { hasText: /^M$/ }).click();
    await expect.poll(() => message(page)).toBe("Only 3 left");
    await page.locator("label", { hasText: /^L$/ }).click();
    await expect.poll(() => message(page)).toBe("Sold out");
    expect(await state(page)).toBe("sold_out");
    expect(new URL(page.url()).searchParams.get("variant")).toBe(String(ids.L));
    expect(held).toBeGreaterThan(0); // the loader did ask; the answers never came
    await page.close();
  });

  it("turns sold out after the last units sell in the linked store, offers in-stock alternatives, and they open", async () => {
    // Link both stores (shared pool) with the app's own sync engine, mirroring (protection Off):
    // this is about the widget following a linked store's sale, not about allocation, which would
    // split the 3 units between the stores (test/e2e/allocation.e2e.test.ts covers that).
    const { createGroup, joinGroup } = await import("../../app/sync/membership.server");
    const { enableGroup } = await import("../../app/sync/enable.server");
    const { productionSyncDeps: deps } = await import("../../app/sync/production.server");
    const loc = (d: string) => `gid://shopify/Location/${standin.store.listLocations(d)[0].id}`;
    const { group, shareKey } = await createGroup(deps, SHOP, { name: "North + South", locationId: loc(SHOP), protection: "off" });
    await joinGroup(deps, SOUTH, shareKey, { locationId: loc(SOUTH) });
    await enableGroup(deps, group.id, SHOP);

    const page = await open(productUrl(ids.M));
    expect(await message(page)).toBe("Only 3 left");
    // Alternatives show for low stock already: only in-stock ones, priced in the shop currency.
    await expect.poll(() => page.locator(".stockroom__alt").count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator(".stockroom__alt").innerText()).toMatch(/Road Shoe\s+€89\.50/);

    const t0 = Date.now();
    standin.control.placeOrder({ shop: SOUTH, lines: [{ sku: "TRAIL-M", quantity: 3 }] });
    await expect.poll(() => message(page), { timeout: 15_000, interval: 50 }).toBe("Sold out");
    console.log(
      `widget e2e: sold out shown ${Date.now() - t0} ms after the order in the linked store ` +
        "(south webhook → intake → worker → sync engine → Admin API write to north → north webhook → ledger → proxy poll)",
    );
    expect(standin.store.getQuantity(SHOP, standin.store.findVariantBySku(SHOP, "TRAIL-M")!.inventoryItemId, standin.store.listLocations(SHOP)[0].id)).toBe(0);
    expect(await state(page)).toBe("sold_out");
    expect(await page.locator(".stockroom__status").getAttribute("aria-live")).toBe("polite");

    // Keyboard: the alternative is a focusable link; Enter opens it.
    const link = page.locator(".stockroom__alt a");
    await link.focus();
    await Promise.all([page.waitForURL(/\/products\/road-shoe/), page.keyboard.press("Enter")]);
    expect(await page.locator("h1").innerText()).toBe("Road Shoe");
    await page.close();
  });

  it("paints the page before its stylesheet arrives, and a late stylesheet moves nothing (phone-sized, sold out with alternatives)", async () => {
    const phone = await browser.newContext({ userAgent: browserContextOptions().userAgent, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.route(/^https:\/\/cdn\.shopify\.com\//, (route) => route.fulfill({ status: 200, contentType: "image/svg+xml", body: '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"/>' }));
    // The stylesheet is held back until the page has painted.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await phone.route(/\/stockroom\.css(\?|$)/, async (route) => {
      await held;
      await route.continue();
    });
    const page = await phone.newPage();
    await page.addInitScript(() => {
      (window as unknown as { __cls: number }).__cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as Array<{ value: number; hadRecentInput: boolean }>) if (!e.hadRecentInput) (window as unknown as { __cls: number }).__cls += e.value;
      }).observe({ type: "layout-shift", buffered: true });
    });
    await page.goto(productUrl(ids.L), { waitUntil: "commit" });
    // First contentful paint happens while the stylesheet is still held (it does not block render).
    await expect.poll(() => page.evaluate(() => performance.getEntriesByName("first-contentful-paint").length), { timeout: 15_000 }).toBe(1);
    // The inline rules already give the widget's places their sizes.
    const box = () => page.evaluate(() => ({ alts: document.querySelector("[data-stockroom-alts]")!.getBoundingClientRect().height, form: document.querySelector("[data-stockroom-notify]")!.getBoundingClientRect().height }));
    const early = await box();
    expect(early.alts).toBeGreaterThan(100);
    expect(early.form).toBeGreaterThan(100);
    release();
    await expect.poll(() => page.evaluate(() => document.querySelector<HTMLLinkElement>('link[href*="stockroom.css"]:not(noscript link)')?.media), { timeout: 15_000 }).toBe("all");
    await expect.poll(() => page.locator(".stockroom__alt").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(1500);
    expect(await box()).toEqual(early);
    expect(await page.evaluate(() => (window as unknown as { __cls: number }).__cls)).toBe(0);
    // Chromium's own verdict on the stylesheet request.
    const status = await page.evaluate(() => (performance.getEntriesByType("resource") as Array<PerformanceResourceTiming & { renderBlockingStatus?: string }>).filter((r) => r.name.includes("stockroom.css")).map((r) => r.renderBlockingStatus));
    expect(status).toEqual(["non-blocking"]);
    await phone.close();
  });

  it("causes no layout shift and has no serious or critical accessibility violation", async () => {
    const page = await open(productUrl(ids.S));
    // Let the idle-time Preact take-over and the first live poll happen.
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(2500);
    expect(await page.evaluate(() => (window as unknown as { __cls: number }).__cls)).toBe(0);

    // The observer does see shifts on this page: push the content down and watch it count.
    await page.evaluate(() => document.querySelector("main")!.prepend(Object.assign(document.createElement("div"), { style: "height:120px" })));
    await expect.poll(() => page.evaluate(() => (window as unknown as { __cls: number }).__cls)).toBeGreaterThan(0);

    const sold = await open(productUrl(ids.L));
    await expect.poll(() => sold.locator(".stockroom__alt").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await sold.waitForTimeout(1500);
    expect(await sold.evaluate(() => (window as unknown as { __cls: number }).__cls)).toBe(0);

    await sold.addScriptTag({ content: readFileSync("node_modules/axe-core/axe.min.js", "utf8") });
    const violations = await sold.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe;
      const r = await axe.run({ include: [".shopify-app-block"] }, { resultTypes: ["violations"] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);

    // Contrast of the default styles in every state and style (badge: white on a coloured fill).
    const contrast = await sold.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } }).axe;
      const root = document.querySelector<HTMLElement>("[data-stockroom]")!;
      const out: string[] = [];
      for (const style of ["inline", "badge", "bar"]) {
        for (const st of ["in_stock", "low", "sold_out", "continue", "untracked"]) {
          root.className = `stockroom stockroom--${style}`;
          root.setAttribute("data-state", st);
          const r = await axe.run({ include: [".shopify-app-block"] }, { runOnly: ["color-contrast"], resultTypes: ["violations"] });
          for (const v of r.violations) out.push(`${style}/${st}: ${v.id} (${v.nodes.length})`);
        }
      }
      return out;
    });
    expect(contrast).toEqual([]);
    // …and the check does catch a poor fill (a light amber behind white badge text).
    const poor = await sold.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe;
      const root = document.querySelector<HTMLElement>("[data-stockroom]")!;
      root.className = "stockroom stockroom--badge";
      root.setAttribute("data-state", "low");
      root.style.setProperty("--sr-low", "#f5c000");
      return (await axe.run({ include: [".shopify-app-block"] }, { runOnly: ["color-contrast"], resultTypes: ["violations"] })).violations.length;
    });
    expect(poor).toBeGreaterThan(0);
    await page.close();
    await sold.close();
  });
});
