/**
 * `npm run screenshots`: the App Store listing images (1600×900) from the demo with real data —
 * the stand-in and the app (Vite, SQLite, worker), the demo shops linked and syncing, orders,
 * a drift exception, a survey — driven in Debian's Chromium. Writes docs/listing/*.png and
 * fails if a page shows an empty state or the widget / extensions did not render.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type FrameLocator } from "playwright-core";
import { startAppWithStandin } from "../dev/app-with-standin.ts";
import { APP_IFRAME_SELECTOR, BROWSER_USER_AGENT, chromiumLaunchOptions, isolateFromShopify, shopUrls } from "../dev/kit.ts";
import { installNetworkGuard } from "../dev/network-guard.ts";

const OUT = "docs/listing";
const SIZE = { width: 1600, height: 900 };
const NORTH = "north-shop.myshopify.com";
const SOUTH = "south-shop.myshopify.com";

async function main() {
  installNetworkGuard();
  mkdirSync(OUT, { recursive: true });
  const app = await startAppWithStandin({ worker: true, standin: { log: () => {}, webhooks: { retryScheduleMs: [200, 400, 800, 1600, 3200, 6400, 12800, 25600] } } });
  const { standin } = app;
  const mod = <T>(p: string) => app.vite.ssrLoadModule(p) as Promise<T>;
  const step = (s: string) => console.log(`· ${s}`);
  try {
    // Compile the app's server modules first (a cold Vite start can outlive a session token).
    for (const m of ["/app/routes/app.tsx", "/app/routes/app._index.tsx", "/app/routes/webhooks.tsx", "/app/jobs.server.ts"]) await mod(m);
    step("installing the app on north-shop and south-shop; north-shop chose Growth");
    for (const shop of ["north-shop", "south-shop"]) await standin.control.installApp({ shop });
    standin.control.subscribe({ shop: "north-shop", name: "Growth" });
    step("importing the demo catalogs");
    const { startImport } = await mod<typeof import("../app/import/start.server")>("/app/import/start.server.ts");
    for (const shop of [NORTH, SOUTH]) await startImport(shop);
    const { default: prisma } = await mod<typeof import("../app/db.server")>("/app/db.server.ts");
    const until = async (what: string, ok: () => Promise<boolean>, ms = 180_000) => {
      for (const end = Date.now() + ms; !(await ok()); ) {
        if (Date.now() > end) throw new Error(`timed out: ${what}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    await until("imports", async () => (await prisma.importRun.count({ where: { status: "completed" } })) >= 2);

    const { planLimits } = await mod<typeof import("../app/billing/limits.server")>("/app/billing/limits.server.ts");
    await until("north-shop on Growth", async () => (await planLimits(NORTH)).plan.id === "growth");
    step("linking north-shop and south-shop, enabling sync");
    const membership = await mod<typeof import("../app/sync/membership.server")>("/app/sync/membership.server.ts");
    const { enableGroup } = await mod<typeof import("../app/sync/enable.server")>("/app/sync/enable.server.ts");
    const { productionSyncDeps: deps } = await mod<typeof import("../app/sync/production.server")>("/app/sync/production.server.ts");
    const loc = (shop: string) => `gid://shopify/Location/${standin.store.listLocations(shop)[0].id}`;
    const { group, shareKey } = await membership.createGroup(deps, NORTH, { name: "North + South", locationId: loc(NORTH) });
    await membership.joinGroup(deps, SOUTH, shareKey, { locationId: loc(SOUTH) });
    await enableGroup(deps, group.id, NORTH);
    await until("links", async () => (await prisma.syncLink.count({ where: { groupId: group.id } })) > 50);

    step("orders in both stores, a drift behind the app's back, a survey");
    const state = standin.control.state({ shop: "north-shop" }) as { products: { handle: string; title: string; variants: { id: number; sku: string | null }[] }[] };
    const south = new Set((standin.control.state({ shop: "south-shop" }) as typeof state).products.flatMap((p) => p.variants.map((v) => v.sku)));
    const stockOf = (shop: string, sku: string) => standin.control.stock({ shop, sku }).levels[0].available as number;
    const shared = state.products.flatMap((p) => p.variants.map((v) => ({ p, v }))).filter(({ v }) => v.sku && south.has(v.sku) && stockOf("north-shop", v.sku) >= 6);
    for (let i = 0, placed = 0; placed < 12 && i < shared.length; i++) {
      const shop = i % 2 ? "south-shop" : "north-shop";
      const sku = shared[i].v.sku!;
      if (stockOf(shop, sku) < 3) continue;
      standin.control.placeOrder({ shop, lines: [{ sku, quantity: 1 + (i % 2) }], email: `buyer${i}@example.com` });
      placed++;
    }
    const settle = () => standin.control.waitForDeliveries({ timeoutMs: 120_000 }).catch(() => undefined);
    await settle();
    standin.control.webhookFaults({ drop: 1 });
    standin.control.setStock({ shop: "south-shop", sku: shared[20].v.sku!, available: stockOf("south-shop", shared[20].v.sku!) + 9 });
    await settle();
    standin.control.webhookFaults({ drop: 0 });
    const { reconcileGroup } = await mod<typeof import("../app/sync/reconcile.server")>("/app/sync/reconcile.server.ts");
    await reconcileGroup(deps, group.id, { by: "screenshots" });
    await until("a drift exception", async () => (await prisma.syncException.count({ where: { shop: { in: [NORTH, SOUTH] } } })) > 0, 60_000);
    const surveys = await mod<typeof import("../app/surveys/surveys.server")>("/app/surveys/surveys.server.ts");
    const survey = await surveys.createSurvey(NORTH, {
      title: "Quick question",
      questions: [
        { id: "source", type: "single", label: "How did you hear about us?", required: true, options: [{ id: "search", label: "Search engine" }, { id: "friend", label: "Friend or family" }, { id: "social", label: "Social media" }] },
        { id: "nps", type: "nps", label: "How likely are you to recommend us?", required: false },
      ],
    } as never);
    await surveys.setSurveyEnabled(NORTH, survey.id, true);

    const browser = await chromium.launch(chromiumLaunchOptions());
    const context = await browser.newContext({ userAgent: BROWSER_USER_AGENT, viewport: SIZE });
    await isolateFromShopify(context, standin.url);
    const page = await context.newPage();
    // the first loads compile the admin's client modules in Vite: slow on a busy machine
    page.setDefaultNavigationTimeout(240_000);
    page.setDefaultTimeout(120_000);
    const urls = shopUrls(standin.url, NORTH);
    const frame = (): FrameLocator => page.frameLocator(APP_IFRAME_SELECTOR);
    const shot = async (name: string) => {
      await page.waitForTimeout(800);
      await page.screenshot({ path: join(OUT, name) });
      console.log(`  wrote ${join(OUT, name)}`);
    };
    const admin = async (path: string, ready: string, name: string) => {
      await page.goto(urls.admin(path));
      await (ready.startsWith("text:") ? frame().getByText(new RegExp(ready.slice(5), "i")) : frame().getByRole("heading", { name: ready })).first().waitFor({ timeout: 120_000 });
      await page.waitForTimeout(2500);
      if (await frame().getByTestId("empty-state").count()) throw new Error(`${path || "overview"} shows an empty state`);
      await shot(name);
    };
    // warm Vite's dependency optimizer once (see the checkout e2e test)
    await page.goto(urls.admin(""));
    await page.waitForLoadState("load");
    await page.waitForTimeout(5000);

    step("admin pages");
    await admin("", "Overview", "1-overview.png");
    await admin("sync", "Sync", "2-sync.png");
    await admin("exceptions", "text:drift", "3-exceptions.png"); // the page's title is in the TitleBar only

    step("storefront widget on a low-stock product page");
    const low = state.products.find((p) => p.variants.length === 1 && p.variants[0].sku && [1, 2, 3].includes(stockOf("north-shop", p.variants[0].sku)));
    const product = low ?? state.products.find((p) => p.variants[0].sku && stockOf("north-shop", p.variants[0].sku!) <= 3)!;
    await page.goto(urls.product(product.handle, product.variants[0].id));
    await page.locator("[data-stockroom][data-state]").first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500);
    await shot("4-widget-product-page.png");

    step("checkout with a stock note");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.waitForURL(/\/cart$/);
    await page.getByRole("button", { name: "Check out" }).click();
    await page.waitForURL(/\/checkouts\/cn\//);
    await page.waitForFunction(() => document.querySelectorAll("iframe.ext[data-rendered]").length >= 1, undefined, { timeout: 60_000 });
    await shot("5-checkout-stock-note.png");

    step("thank-you page survey");
    await page.getByRole("button", { name: "Pay now" }).click();
    await page.waitForURL(/\/thank-you\/\d+/);
    await page.waitForFunction(() => document.querySelectorAll("iframe.ext[data-rendered]").length >= 1, undefined, { timeout: 60_000 });
    await page.frameLocator("iframe.ext").getByRole("radio").first().waitFor({ timeout: 30_000 });
    await shot("6-thank-you-survey.png");
    await browser.close();
  } finally {
    await app.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
