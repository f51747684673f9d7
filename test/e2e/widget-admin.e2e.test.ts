// The "Storefront widget" admin page in Chromium, inside the stand-in's Shopify admin frame,
// served by the real app (Remix through Vite in this process) after a real install (token
// exchange): the preview shows every state rendered by the storefront's own Preact component,
// and follows the form as the merchant types.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import {
  APP_IFRAME_SELECTOR,
  browserContextOptions,
  chromiumLaunchOptions,
  isolateFromShopify,
  shopUrls,
  type Standin,
} from "../../dev/kit.ts";
import { startAppWithStandin, type AppWithStandin } from "../../dev/app-with-standin.ts";

let app: AppWithStandin;
let standin: Standin;
let browser: Browser;

beforeAll(async () => {
  app = await startAppWithStandin({ worker: false, install: ["north-shop"] });
  standin = app.standin;
  browser = await chromium.launch(chromiumLaunchOptions());
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("admin page: Storefront widget", () => {
  it("links to the theme editor and previews every state with the storefront's component, live", async () => {
    const context = await browser.newContext(browserContextOptions());
    const blocked = await isolateFromShopify(context, standin.url);
    const page = await context.newPage();
    await page.goto(shopUrls(standin.url, "north-shop").admin("widget"));
    const app = page.frameLocator(APP_IFRAME_SELECTOR);

    const editor = app.getByRole("link", { name: "Add block in theme editor" });
    await expect.poll(() => editor.getAttribute("href"), { timeout: 90_000 }).toBe(
      `https://north-shop.myshopify.com/admin/themes/current/editor?template=product&addAppBlockId=${process.env.SHOPIFY_API_KEY}/stock&target=mainSection`,
    );

    const preview = (state: string) => app.locator(`[data-testid="preview-${state}"]`);
    await expect.poll(() => preview("low").locator(".stockroom__msg").textContent(), { timeout: 30_000 }).toBe("Only 3 left");
    expect(await preview("in_stock").locator(".stockroom__msg").textContent()).toBe("In stock: 24 available");
    expect(await preview("sold_out").locator(".stockroom__msg").textContent()).toBe("Sold out");
    expect(await preview("continue").locator(".stockroom__msg").textContent()).toBe("Available to order");
    expect(await preview("untracked").locator(".stockroom__msg").textContent()).toBe("Available");
    // Same markup as the storefront: live region, alternatives for low and sold out only.
    expect(await preview("low").locator(".stockroom__status").getAttribute("aria-live")).toBe("polite");
    expect(await preview("sold_out").locator(".stockroom__alt a").count()).toBeGreaterThan(0);
    expect(await preview("in_stock").locator("[data-stockroom-alts]").getAttribute("hidden")).not.toBeNull();

    // The preview follows the form before anything is saved.
    await app.getByLabel("Low stock", { exact: true }).fill("Hurry, {{ count }} to go");
    await expect.poll(() => preview("low").locator(".stockroom__msg").textContent()).toBe("Hurry, 3 to go");
    await app.getByLabel("Show exact count").uncheck();
    await expect.poll(() => preview("in_stock").locator(".stockroom__msg").textContent()).toBe("In stock");
    expect(await preview("low").locator(".stockroom__msg").textContent()).toBe("Hurry,  to go");
    await app.getByLabel("Style").selectOption("badge");
    await expect.poll(() => preview("low").getAttribute("class")).toBe("stockroom stockroom--badge");

    // Saved through the app's action (App Bridge's authenticated fetch), kept after a reload.
    await app.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => app.getByText("Settings saved").count(), { timeout: 30_000 }).toBe(1);
    await page.reload();
    await expect.poll(() => app.getByLabel("Low stock", { exact: true }).inputValue(), { timeout: 60_000 }).toBe("Hurry, {{ count }} to go");
    expect(await app.getByLabel("Show exact count").isChecked()).toBe(false);

    expect(blocked).toEqual([]);
    await context.close();
  }, 180_000);
});
