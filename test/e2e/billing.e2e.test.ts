// Plans in Chromium, in the stand-in's Shopify admin frame, against the real app on the demo:
// north-shop (Free) links south-shop; linking east-shop as a third store is refused with the
// upgrade banner; north chooses Growth, approves on the stand-in's Shopify page, comes back to
// the Plans page with Growth active, and east-shop then joins. A Free store's Feeds, Channels and
// Alerts pages show the upgrade banner instead of their add forms.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type FrameLocator, type Page } from "playwright-core";
import { APP_IFRAME_SELECTOR, browserContextOptions, chromiumLaunchOptions, isolateFromShopify, shopUrls, type Standin } from "../../dev/kit.ts";
import { startAppWithStandin, type AppWithStandin } from "../../dev/app-with-standin.ts";

let app: AppWithStandin;
let standin: Standin;
let browser: Browser;
const blockedAll: string[] = [];
const appModule = <T>(path: string) => app.vite.ssrLoadModule(path) as Promise<T>;

beforeAll(async () => {
  app = await startAppWithStandin({ worker: true, install: ["north-shop", "south-shop", "east-shop"] });
  standin = app.standin;
  browser = await chromium.launch(chromiumLaunchOptions());
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function open(shop: string, path: string): Promise<{ page: Page; app: FrameLocator }> {
  const context = await browser.newContext(browserContextOptions());
  blockedAll.push(...(await isolateFromShopify(context, standin.url)));
  const page = await context.newPage();
  await page.goto(shopUrls(standin.url, shop).admin(path));
  return { page, app: page.frameLocator(APP_IFRAME_SELECTOR) };
}

function location(shop: string, name: string): string {
  const s = standin.control.state({ shop }) as { locations: { id: number; name: string }[] };
  return `gid://shopify/Location/${s.locations.find((l) => l.name === name)!.id}`;
}

async function joinInBrowser(shop: string, key: string, locationName: string) {
  const s = await open(shop, "sync");
  await s.app.getByLabel("Share key").fill(key, { timeout: 180_000 });
  await s.app.getByLabel("Location").nth(1).selectOption({ label: locationName });
  await s.app.getByRole("button", { name: "Join" }).click();
  return s;
}

describe("plans in the demo", () => {
  it("a third store needs Growth: the banner shows the way, Growth is approved in Shopify's page, the third store joins", async () => {
    const membership = await appModule<typeof import("../../app/sync/membership.server")>("/app/sync/membership.server.ts");
    const { productionSyncDeps: deps } = await appModule<typeof import("../../app/sync/production.server")>("/app/sync/production.server.ts");
    const { group, shareKey } = await membership.createGroup(deps, "north-shop.myshopify.com", { name: "North + friends", locationId: location("north-shop", "North Warehouse") });
    await membership.joinGroup(deps, "south-shop.myshopify.com", shareKey, { locationId: location("south-shop", "South Warehouse") });
    const key = (await membership.createShareKey(group.id, "north-shop.myshopify.com")).key;

    // east-shop tries to join: refused, with the plan comparison and the way to upgrade
    const east = await joinInBrowser("east-shop", key, "East Warehouse");
    const banner = east.app.getByTestId("plan-limit-banner");
    await expect.poll(() => banner.count(), { timeout: 60_000 }).toBe(1);
    expect(await banner.textContent()).toMatch(/Free plan links 1 other store/);
    for (const p of ["Free", "Growth", "Plus"]) expect(await east.app.getByTestId(`plan-${p.toLowerCase()}`).textContent()).toContain(p);
    expect(await east.app.getByText("This needs the Growth plan").count()).toBe(1);

    // north-shop chooses Growth on its Plans page
    const north = await open("north-shop", "plans");
    await north.app.getByRole("button", { name: "Choose Growth" }).click({ timeout: 180_000 });
    // the top window goes to Shopify's (the stand-in's) approval page
    await north.page.waitForURL(/\/admin\/charges\/.+\/confirm_recurring_application_charge/, { timeout: 60_000 });
    expect(await north.page.getByText("after a 14-day free trial").count()).toBe(1);
    await north.page.getByRole("button", { name: "Approve" }).click();
    // back in the admin, on the Plans page, Growth active
    await north.page.waitForURL(/\/store\/north-shop\/admin\/apps\/stockroom\/app\/plans\?charge_id=\d+/, { timeout: 60_000 });
    await expect.poll(() => north.app.getByText("Growth is active").count(), { timeout: 60_000 }).toBe(1);
    expect(await north.app.getByTestId("plan-growth").textContent()).toContain("Current plan");

    // the app has the plan (billing.check on the page; the webhook says the same)
    const { planLimits } = await appModule<typeof import("../../app/billing/limits.server")>("/app/billing/limits.server.ts");
    await expect.poll(async () => (await planLimits("north-shop.myshopify.com")).plan.id, { timeout: 30_000 }).toBe("growth");

    // east-shop joins now: a third store in the group
    const again = await joinInBrowser("east-shop", key, "East Warehouse");
    await expect.poll(() => again.app.getByText("Joined the group").count(), { timeout: 60_000 }).toBe(1);
    const { default: prisma } = await appModule<typeof import("../../app/db.server")>("/app/db.server.ts");
    expect((await prisma.syncMember.findMany({ where: { groupId: group.id, status: "active" } })).map((m) => m.shop).sort()).toEqual([
      "east-shop.myshopify.com",
      "north-shop.myshopify.com",
      "south-shop.myshopify.com",
    ]);
    expect(blockedAll).toEqual([]);
  });

  it("a Free store's Feeds, Channels and Alerts pages show the upgrade banner with the comparison in place of their add forms", async () => {
    // the add forms' fields: a feed's name and columns, an endpoint's URL, an alert channel's address
    for (const [path, needed, field] of [
      ["feeds", "Growth", "Quantity column"],
      ["channels", "Plus", "URL (HTTPS)"],
      ["alerts", "Plus", "Email address"],
    ] as const) {
      const east = await open("east-shop", path);
      const banner = east.app.getByTestId("plan-limit-banner");
      await banner.waitFor({ timeout: 180_000 });
      expect(await east.app.getByText(`This needs the ${needed} plan`).count()).toBe(1);
      expect(await banner.textContent()).toMatch(/this store is on Free/);
      for (const p of ["free", "growth", "plus"]) expect(await banner.getByTestId(`plan-${p}`).count()).toBe(1);
      expect(await east.app.getByLabel(field).count()).toBe(0);
      expect(await east.app.getByRole("link", { name: "Compare plans and upgrade" }).getAttribute("href")).toContain(`/app/plans?need=${needed.toLowerCase()}`);
      await east.page.context().close();
    }
    expect(blockedAll).toEqual([]);
  });
});
