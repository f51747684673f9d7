// Inventory sync in Chromium, in the stand-in's Shopify admin frame, against the real app
// (Remix through Vite in this process, its embedded worker running) after real installs:
// north-shop creates a group, south-shop joins with the share key, a sale in north lowers
// south's level; then drift behind the app's back (webhooks dropped) → reconciliation →
// one drift exception with its trail → resolved with a note.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type FrameLocator, type Page } from "playwright-core";
import { chromiumLaunchOptions, shopUrls, type Standin } from "../../dev/kit.ts";
import { startAppWithStandin, type AppWithStandin } from "../../dev/app-with-standin.ts";
import { openAdminReady } from "./support-ops";

let app: AppWithStandin;
let standin: Standin;
let browser: Browser;

beforeAll(async () => {
  // The app's embedded worker processes the webhooks and the sync jobs.
  app = await startAppWithStandin({ worker: true, install: ["north-shop", "south-shop"], plans: { "north-shop": "Growth" } });
  standin = app.standin;
  browser = await chromium.launch(chromiumLaunchOptions());
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const open = (shop: string, path: string) => openAdminReady(browser, standin.url, shop, path);

function warehouseLevel(shop: string, sku: string): number {
  const s = standin.control.stock({ shop, sku });
  return s.levels[0].available as number;
}

function sharedSku(): string {
  const skus = (shop: string) =>
    new Set((standin.control.state({ shop }) as { products: { variants: { sku: string | null }[] }[] }).products.flatMap((p) => p.variants.map((v) => v.sku)).filter((s): s is string => !!s));
  const south = skus("south-shop");
  return [...skus("north-shop")].filter((s) => south.has(s)).sort().find((s) => warehouseLevel("north-shop", s) >= 5)!;
}

async function waitImported(app: FrameLocator, page: Page) {
  await expect
    .poll(
      async () => {
        const text = (await app.locator("body").textContent({ timeout: 30_000 }).catch(() => "")) ?? "";
        if (!/completed — \d+ variants/.test(text)) await page.reload();
        return /completed — \d+ variants/.test(text);
      },
      { timeout: 120_000, interval: 2_000 },
    )
    .toBe(true);
}

describe("admin pages: Sync, Exceptions, Activity", () => {
  it("links north-shop and south-shop with a share key; a sale in north changes south", async () => {
    const north = await open("north-shop", "sync");
    // Mirroring (protection Off), so a sale in north shows in south at once. Under the default,
    // Automatic, these never-sold SKUs would be allocated between the stores (the demo's browser
    // test covers that; test/e2e/allocation.e2e.test.ts covers Guaranteed).
    await north.app.getByLabel("Oversell protection").selectOption("off", { timeout: 180_000 });
    // The warehouse (orders take stock there) is the synced location.
    await north.app.getByLabel("Location").first().selectOption({ label: "North Warehouse" });
    await north.app.getByRole("button", { name: "Create group" }).click();
    const key = (await north.app.getByTestId("share-key").textContent({ timeout: 60_000 }))!.trim();
    expect(key).toMatch(/^SRK-/);
    await waitImported(north.app, north.page);

    const south = await open("south-shop", "sync");
    await south.app.getByLabel("Share key").fill(key, { timeout: 180_000 });
    await south.app.getByLabel("Location").nth(1).selectOption({ label: "South Warehouse" });
    await south.app.getByRole("button", { name: "Join" }).click();
    await expect.poll(() => south.app.getByText("Joined the group").count(), { timeout: 60_000 }).toBe(1);
    await waitImported(south.app, south.page);

    await north.page.reload();
    // The starting pool is previewed (north's counts are the truth by default), then enabled.
    await north.app.getByRole("button", { name: "Preview starting pool" }).click({ timeout: 60_000 });
    await north.app.getByRole("button", { name: "Enable sync with this starting pool" }).click({ timeout: 60_000 });
    await expect.poll(() => north.app.getByText("Sync enabled").count(), { timeout: 60_000 }).toBe(1);

    const sku = sharedSku();
    await expect.poll(() => warehouseLevel("south-shop", sku), { timeout: 90_000 }).toBe(warehouseLevel("north-shop", sku));
    const before = warehouseLevel("north-shop", sku);
    standin.control.placeOrder({ shop: "north-shop", lines: [{ sku, quantity: 2 }] });
    await expect.poll(() => warehouseLevel("south-shop", sku), { timeout: 60_000 }).toBe(before - 2);

    // South's product page shows the new number (Liquid renders the variant's total over its locations).
    const southVariant = (standin.control.state({ shop: "south-shop" }) as { products: { handle: string; variants: { id: number; sku: string | null }[] }[] }).products
      .flatMap((p) => p.variants.map((v) => ({ handle: p.handle, id: v.id, sku: v.sku })))
      .find((v) => v.sku === sku)!;
    const total = standin.control.stock({ shop: "south-shop", sku }).levels.reduce((a, l) => a + (l.available as number), 0);
    await south.page.goto(shopUrls(standin.url, "south-shop").product(southVariant.handle, southVariant.id));
    await expect.poll(() => south.page.locator(".stockroom__msg").first().textContent(), { timeout: 60_000 }).toMatch(new RegExp(`\\b${total}\\b`));

    // South's admin shows why its number changed.
    await south.page.goto(shopUrls(standin.url, "south-shop").admin(`activity?sku=${encodeURIComponent(sku)}`));
    await expect.poll(async () => (await south.app.locator("body").textContent({ timeout: 30_000 })) ?? "", { timeout: 60_000 }).toContain("sync_write");
    expect(north.blocked).toEqual([]);
    expect(south.blocked).toEqual([]);
  }, 420_000);

  it("drift behind the app's back → reconcile → one exception with its trail → resolved with a note", async () => {
    const sku = sharedSku();
    const start = warehouseLevel("north-shop", sku);
    standin.control.webhookFaults({ drop: 1 });
    standin.control.setStock({ shop: "south-shop", sku, available: start + 20 });
    standin.control.webhookFaults({});

    const north = await open("north-shop", "sync");
    await north.app.getByRole("button", { name: "Reconcile now" }).click({ timeout: 90_000 });
    await expect.poll(() => north.app.getByText("Reconciliation queued").count(), { timeout: 60_000 }).toBe(1);

    const south = await open("south-shop", "exceptions");
    await expect
      .poll(
        async () => {
          const n = await south.app.getByRole("link", { name: new RegExp(`${sku}.*SKU paused`) }).count();
          if (!n) await south.page.reload();
          return n;
        },
        { timeout: 120_000, interval: 2_000 },
      )
      .toBe(1);
    // The suspect number did not spread.
    expect(warehouseLevel("north-shop", sku)).toBe(start);
    await south.app.getByRole("link", { name: new RegExp(`${sku}.*SKU paused`) }).click();
    await expect.poll(async () => (await south.app.locator("body").textContent()) ?? "", { timeout: 60_000 }).toContain("Stock events (proof)");
    await south.app.getByLabel("Action").selectOption("accept_store");
    await south.app.getByLabel("Resolution note (required)").fill("Recount in the south warehouse was right");
    await south.app.getByRole("button", { name: "Apply" }).click();
    await expect
      .poll(
        async () => {
          const text = (await south.app.locator("body").textContent({ timeout: 30_000 }).catch(() => "")) ?? "";
          if (!text.includes("Resolved: accept_store")) await south.page.reload();
          return text.includes("Resolved: accept_store");
        },
        { timeout: 90_000, interval: 2_000 },
      )
      .toBe(true);
    await expect.poll(() => warehouseLevel("north-shop", sku), { timeout: 60_000 }).toBe(start + 20);
  }, 420_000);
});
