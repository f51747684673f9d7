// Checkout stock notes and the thank-you survey, end to end in Chromium: the real extension
// bundles (built as Shopify's CLI does, APP_URL = the app server below) run in the dev
// extension host's checkout and thank-you pages (their own origin), get session tokens
// minted with the app secret, and call the app's real /api routes (another origin, so CORS
// preflights happen) backed by the test database.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import prisma from "../../app/db.server";
import { action as stockAction, loader as stockLoader } from "../../app/routes/api.stock-notes";
import { action as surveyAction, loader as surveyLoader } from "../../app/routes/api.survey";
import { createSurvey, responsesCsv, setSurveyEnabled, surveyResults } from "../../app/surveys/surveys.server";
import { chromiumLaunchOptions } from "../../dev/kit";
import { createExtensionHost, handleNode, type ExtensionHost, type HostLine } from "../../dev/extension-host/host";

const SHOP = "north-shop.myshopify.com";
const ORDER_ID = 7001;

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new Request(`${origin}${req.url}`, {
    method: req.method,
    headers: req.headers as Record<string, string>,
    body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
  });
}

async function send(res: ServerResponse, response: Response) {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

function listen(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    handler(req, res).catch((error) => {
      console.error(error);
      res.writeHead(500);
      res.end(String(error));
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

let app: { server: Server; url: string };
let standin: { server: Server; url: string };
let host: ExtensionHost;
let browser: Browser;
const preflights: string[] = [];

const LINES: HostLine[] = [
  { variantId: 11, productId: 1, title: "Trail Mug", variantTitle: "Sand", quantity: 1, price: 18, vendor: "Acme", productType: "Mug" },
  { variantId: 31, productId: 3, title: "Big Plate", quantity: 5, price: 24, vendor: "PlateCo", productType: "Plate" },
  { variantId: 21, productId: 2, title: "Green Mug", quantity: 1, price: 19, vendor: "Acme", productType: "Mug" },
];

async function seed() {
  await prisma.shop.create({ data: { domain: SHOP, name: "North Shop", currencyCode: "USD" } });
  const products: Array<[number, string, string, string, number, number]> = [
    [1, "Trail Mug", "Mug", "Acme", 11, 2],
    [2, "Green Mug", "Mug", "Acme", 21, 40],
    [3, "Big Plate", "Plate", "PlateCo", 31, 3],
  ];
  for (const [p, title, type, vendor, v, available] of products) {
    await prisma.catalogProduct.create({ data: { shop: SHOP, productId: `gid://shopify/Product/${p}`, title, handle: title.toLowerCase().replace(/ /g, "-"), productType: type, vendor } });
    await prisma.catalogVariant.create({
      data: { shop: SHOP, variantId: `gid://shopify/ProductVariant/${v}`, productId: `gid://shopify/Product/${p}`, inventoryItemId: `gid://shopify/InventoryItem/${v}`, title: "Default" },
    });
    await prisma.inventoryLevel.create({ data: { shop: SHOP, inventoryItemId: `gid://shopify/InventoryItem/${v}`, locationId: "gid://shopify/Location/1", available, seenAt: new Date() } });
  }
  const survey = await createSurvey(SHOP, {
    title: "Help us improve",
    questions: [
      { id: "source", type: "single", label: "How did you hear about us?", required: true, options: [{ id: "search", label: "Search engine" }, { id: "friend", label: "A friend" }] },
      { id: "nps", type: "nps", label: "How likely are you to recommend us?", required: false },
      { id: "notes", type: "text", label: "Anything else?", required: false },
    ],
  });
  await setSurveyEnabled(SHOP, survey.id, true);
  return survey;
}

let surveyId: string;

beforeAll(async () => {
  surveyId = (await seed()).id;
  app = await listen(async (req, res) => {
    const request = await toRequest(req, app.url);
    if (req.method === "OPTIONS") preflights.push(new URL(request.url).pathname);
    const path = new URL(request.url).pathname;
    const route = path === "/api/stock-notes" ? { loader: stockLoader, action: stockAction } : path === "/api/survey" ? { loader: surveyLoader, action: surveyAction } : null;
    if (!route) return send(res, new Response("Not found", { status: 404 }));
    const fn = req.method === "GET" || req.method === "HEAD" ? route.loader : route.action;
    try {
      await send(res, (await fn({ request, params: {}, context: {} } as never)) as Response);
    } catch (thrown) {
      if (thrown instanceof Response) return send(res, thrown);
      throw thrown;
    }
  });
  host = createExtensionHost({ apiKey: process.env.SHOPIFY_API_KEY!, apiSecret: process.env.SHOPIFY_API_SECRET!, appUrl: app.url });
  standin = await listen(async (req, res) => {
    if (await handleNode(host, req, res, standin.url)) return;
    const url = new URL(req.url!, standin.url);
    const shop = { domain: SHOP, name: "North Shop", storefrontUrl: `${standin.url}/store/north-shop`, currencyCode: "USD" };
    const html = (body: string) => send(res, new Response(body, { headers: { "Content-Type": "text/html; charset=utf-8" } }));
    if (url.pathname === "/store/north-shop/checkouts/cn/abc123" && req.method === "GET")
      return html(await host.renderCheckoutPage({ shop, lines: LINES, checkoutToken: "abc123", payAction: "/store/north-shop/checkouts/cn/abc123/pay", locale: url.searchParams.get("locale") ?? "en" }));
    if (url.pathname === "/store/north-shop/checkouts/cn/abc123/pay" && req.method === "POST")
      return send(res, new Response(null, { status: 303, headers: { Location: `/store/north-shop/thank-you/${ORDER_ID}` } }));
    if (url.pathname === `/store/north-shop/thank-you/${ORDER_ID}`)
      return html(await host.renderOrderPage({ shop, lines: LINES, page: "thank-you", order: { id: ORDER_ID, name: "#1001", isFirstOrder: true }, customerId: 42 }));
    if (url.pathname === `/store/north-shop/orders/${ORDER_ID}`)
      return html(await host.renderOrderPage({ shop, lines: LINES, page: "order-status", order: { id: ORDER_ID, name: "#1001", isFirstOrder: true }, customerId: 42 }));
    return send(res, new Response("Not found", { status: 404 }));
  });
  browser = await chromium.launch(chromiumLaunchOptions());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => app?.server.close(r));
  await new Promise((r) => standin?.server.close(r));
});

// Headless Chromium says "HeadlessChrome", which the library's isbot check answers with 410:
// buyers' browsers do not.
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";
const newPage = async () => (await browser.newContext({ userAgent: USER_AGENT })).newPage();

const lineFrame = (page: Page, variant: number) => page.frameLocator(`.line[data-variant="${variant}"] iframe.ext`);

async function rendered(page: Page, count: number) {
  await page.waitForFunction((n) => document.querySelectorAll("iframe.ext[data-rendered]").length >= n, count, { timeout: 20_000 });
  const errors = await page.$$eval("iframe.ext[data-error]", (fs) => fs.map((f) => (f as HTMLElement).dataset.error));
  expect(errors).toEqual([]);
}

describe("checkout and thank-you extensions in Chromium", () => {
  it("shows stock notes with an alternative, then the survey once per order", async () => {
    const page = await newPage();
    const context = page.context();
    const consoleErrors: string[] = [];
    page.on("console", (m) => m.type() === "error" && !m.location().url.endsWith("/favicon.ico") && consoleErrors.push(m.text()));
    if (process.env.DEBUG_E2E) {
      page.on("console", (m) => console.log("console", m.type(), m.text()));
      page.on("pageerror", (e) => console.log("pageerror", e));
      page.on("requestfailed", (r) => console.log("failed", r.url(), r.failure()?.errorText));
      page.on("response", (r) => r.status() >= 400 && console.log("status", r.status(), r.url()));
    }
    await page.goto(`${standin.url}/store/north-shop/checkouts/cn/abc123`);
    await rendered(page, 3);

    // Low stock (2 left, threshold 5) with an in-stock alternative of the same type and vendor.
    await expect.poll(() => lineFrame(page, 11).locator("s-text").textContent(), { timeout: 10_000 }).toBe("Only 2 left in stock");
    const alt = lineFrame(page, 11).getByRole("link", { name: "In stock instead: Green Mug" });
    expect(await alt.getAttribute("href")).toBe(`${standin.url}/store/north-shop/products/green-mug`);
    // The cart wants 5 plates, 3 are available.
    await expect.poll(() => lineFrame(page, 31).locator("s-text").textContent()).toBe("Only 3 available, your cart has 5. The rest may not ship.");
    // Plenty of Green Mugs: the extension renders nothing and takes no space.
    expect(await lineFrame(page, 21).locator("body").innerHTML()).toBe("");
    expect(await page.locator('.line[data-variant="21"] iframe.ext').evaluate((f) => (f as HTMLElement).offsetHeight)).toBe(0);
    expect(preflights).toContain("/api/stock-notes"); // cross-origin with Authorization: CORS preflight answered

    await page.getByRole("button", { name: "Pay now" }).click();
    await page.waitForURL(`**/thank-you/${ORDER_ID}`);
    await rendered(page, 1);
    const survey = page.frameLocator("iframe.ext");
    await survey.getByRole("radio", { name: "A friend" }).check();
    await survey.getByRole("radio", { name: "9", exact: true }).check();
    await survey.getByLabel("Anything else?").fill("Loved the mug");
    await survey.getByRole("button", { name: "Send answers" }).click();
    await expect.poll(() => survey.locator("s-section").textContent(), { timeout: 10_000 }).toBe("Thank you for your feedback!");

    const rows = await prisma.surveyResponse.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ shop: SHOP, orderId: String(ORDER_ID), customerId: "42" });
    expect(JSON.parse(rows[0].answers)).toEqual({ source: { choice: "friend" }, nps: { value: 9 }, notes: { text: "Loved the mug" } });

    // What the admin results page and the CSV export show.
    const results = await surveyResults(SHOP, surveyId);
    expect(results).toMatchObject({ responses: 1, shown: 1, nps: { promoters: 1, score: 100 } });
    expect(results!.matches.map((m) => m.text)).toEqual(["Loved the mug"]);
    const csv = (await responsesCsv(SHOP, surveyId))!;
    expect(csv).toContain('"A friend","9","Loved the mug"');

    // Reloading the thank-you page does not ask again (this browser remembers) …
    await page.reload();
    await rendered(page, 1);
    await page.waitForTimeout(300);
    expect(await survey.locator("body").innerHTML()).toBe("");
    // … nor does another browser, or the order status page: the app knows the order answered.
    const page2 = await newPage();
    const other = page2.context();
    await page2.goto(`${standin.url}/store/north-shop/orders/${ORDER_ID}`);
    await rendered(page2, 1);
    await page2.waitForTimeout(500);
    expect(await page2.frameLocator("iframe.ext").locator("body").innerHTML()).toBe("");
    expect(await prisma.surveyResponse.count()).toBe(1);
    expect(consoleErrors).toEqual([]);
    await other.close();
    await context.close();
  });

  it("localizes the notes (fr)", async () => {
    const page = await newPage();
    await page.goto(`${standin.url}/store/north-shop/checkouts/cn/abc123?locale=fr`);
    await rendered(page, 3);
    await expect.poll(() => lineFrame(page, 11).locator("s-text").textContent(), { timeout: 10_000 }).toBe("Plus que 2 en stock");
    await page.context().close();
  });
});
