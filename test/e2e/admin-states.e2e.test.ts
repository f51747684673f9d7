// Sync, Storefront widget, Feeds, Channels, Back in stock and Plans in Chromium, in the stand-in's
// admin frame, served by the real app after real installs (issue 14: every page shows its empty
// state and its loaded state; axe finds no serious or critical issue):
// - empty: east-shop, freshly installed on Plus with nothing set up: each page shows its empty
//   state with the next step (which works: it leads to the form or the page that comes first),
//   and no table at all; Plans on a Free shop shows Free as the current plan and the upgrades;
// - loaded: the demo's seeding steps (dev/demo/: catalog imports, Plus, north + south linked, a
//   supplier feed and an outbound endpoint, a back-in-stock sign-up through the storefront) and
//   one manual pick through the widget page: each page lists that data by name.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type FrameLocator } from "playwright-core";
import { chromiumLaunchOptions, type Standin } from "../../dev/kit.ts";
import { startAppWithStandin, type AppWithStandin } from "../../dev/app-with-standin.ts";
import type { DemoContext } from "../../dev/demo/context.ts";
import { importCatalogs } from "../../dev/demo/import.ts";
import { subscribePlus } from "../../dev/demo/billing.ts";
import { linkShops } from "../../dev/demo/sync.ts";
import { seedChannels } from "../../dev/demo/channels.ts";
import { seedRestockDemo } from "../../dev/demo/restock.ts";
import { startTestSmtp, type TestSmtp } from "../support/smtp";
import { openAdminReady, pageAxeViolations } from "./support-ops";

const EMPTY = "east-shop";
const N = "north-shop";
const S = "south-shop";

let app: AppWithStandin;
let standin: Standin;
let browser: Browser;
let smtp: TestSmtp;
const report: Record<string, unknown> = {};

beforeAll(async () => {
  smtp = await startTestSmtp();
  process.env.SMTP_URL = smtp.url; // back-in-stock mail (double opt-in) goes here
  app = await startAppWithStandin({ worker: true, install: [N, S, EMPTY], plans: { [EMPTY]: "Plus" } });
  standin = app.standin;
  browser = await chromium.launch(chromiumLaunchOptions());
}, 420_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await smtp?.close();
});

type Opened = Awaited<ReturnType<typeof openAdminReady>>;

const open = (shop: string, path: string) => openAdminReady(browser, standin.url, shop, path);
const text = async (f: FrameLocator) => (await f.locator("body").textContent({ timeout: 30_000 }).catch(() => "")) ?? "";
const isFocused = (f: FrameLocator, selector: string) => f.locator(selector).evaluate((el) => el === el.ownerDocument.activeElement);

/** The page's title, no block-the-Shopify-network request, axe's findings kept for the end. */
async function checkPage(o: Opened, label: string, title: string) {
  expect(await o.app.getByRole("heading", { level: 1, name: title, exact: true }).count()).toBe(1);
  const violations = await pageAxeViolations(o.page, app.appUrl);
  if (violations.length) report[label] = violations;
  expect(o.blocked).toEqual([]);
}

/** The empty state's message and its call to action; nothing looks like a table. */
async function emptyState(o: Opened, testId: string, message: RegExp) {
  const empty = o.app.getByTestId(testId);
  await empty.waitFor({ timeout: 120_000 });
  expect(await empty.textContent()).toMatch(message);
  expect(await o.app.locator("table").count()).toBe(0);
  return empty;
}

async function reloadUntil(o: Opened, want: (text: string) => boolean, timeout = 180_000) {
  await expect
    .poll(
      async () => {
        if (want(await text(o.app))) return true;
        await o.page.reload({ waitUntil: "domcontentloaded" }).catch(() => undefined);
        await o.app.locator(".Polaris-Page").first().waitFor({ timeout: 60_000 }).catch(() => undefined);
        return false;
      },
      { timeout, interval: 2_000 },
    )
    .toBe(true);
}

describe("admin pages: empty and loaded states", () => {
  it("a freshly installed shop: each page shows its empty state with a next step that works, no table, and axe finds nothing serious", async () => {
    const sync = await open(EMPTY, "sync");
    const noGroup = await emptyState(sync, "sync-empty", /Share stock between your stores/);
    await noGroup.getByRole("button", { name: "Create a sync group" }).click();
    await expect.poll(() => isFocused(sync.app, "#create-group-name")).toBe(true);
    await noGroup.getByRole("button", { name: "Enter a share key" }).click();
    await expect.poll(() => isFocused(sync.app, "#join-group-key")).toBe(true);
    await checkPage(sync, "sync (empty)", "Sync");
    await sync.close();

    const widget = await open(EMPTY, "widget");
    const picks = await emptyState(widget, "picks-empty", /No manual picks yet/);
    expect(await picks.getByRole("link", { name: "Import your catalog" }).getAttribute("href")).toMatch(/\/app\/sync(\?|$)/);
    // The preview still shows every state, with example products as the alternatives.
    expect(await widget.app.getByTestId("preview-low").textContent()).toContain("Only 3 left");
    await checkPage(widget, "widget (empty)", "Storefront widget");
    await widget.close();

    const feeds = await open(EMPTY, "feeds");
    const noFeeds = await emptyState(feeds, "feeds-empty", /No feeds yet/);
    await noFeeds.getByRole("button", { name: "Add your first feed" }).click();
    await expect.poll(() => isFocused(feeds.app, "#feed-name")).toBe(true);
    await checkPage(feeds, "feeds (empty)", "Feeds");
    await feeds.close();

    const channels = await open(EMPTY, "channels");
    const noEndpoints = await emptyState(channels, "channels-empty", /No endpoints yet/);
    await noEndpoints.getByRole("button", { name: "Add your first endpoint" }).click();
    await expect.poll(() => isFocused(channels.app, "#endpoint-url")).toBe(true);
    await checkPage(channels, "channels (empty)", "Channels");
    await channels.close();

    const restock = await open(EMPTY, "restock");
    const noSignups = await emptyState(restock, "restock-empty", /No sign-ups yet/);
    expect(await noSignups.getByRole("link", { name: "Set up the product page block" }).getAttribute("href")).toMatch(/\/app\/widget(\?|$)/);
    expect(await restock.app.getByRole("heading", { name: "Recent sign-ups" }).count()).toBe(0);
    await checkPage(restock, "restock (empty)", "Back in stock");
    await restock.close();

    // Plans on a shop that chose nothing: Free is current, the paid plans are the next step.
    const plans = await open(N, "plans");
    await plans.app.getByTestId("plan-free").getByText("Current plan").waitFor({ timeout: 120_000 });
    expect(await text(plans.app)).toContain("You are on Free.");
    for (const p of ["Growth", "Plus"]) expect(await plans.app.getByRole("button", { name: `Choose ${p}` }).count()).toBe(1);
    await checkPage(plans, "plans (Free)", "Plans");
    await plans.close();
    expect(report).toEqual({});
  }, 600_000);

  it("with the demo's data: each page lists it by name, and axe finds nothing serious", async () => {
    const ctx: DemoContext = {
      standin,
      appUrl: app.appUrl,
      north: `${N}.myshopify.com`,
      south: `${S}.myshopify.com`,
      app: <T,>(path: string) => app.vite.ssrLoadModule(path) as Promise<T>,
      print: () => undefined,
      facts: {},
    };
    for (const step of [importCatalogs, subscribePlus, linkShops, seedChannels]) await step(ctx);
    // A shopper signs up on a sold-out variant of south-shop through the storefront (in the background).
    const restockLines = await seedRestockDemo(app);
    const soldOut = /^ {2}(.+?) is sold out in south-shop/m.exec(restockLines)![1];

    const plans = await open(N, "plans");
    await plans.app.getByTestId("plan-plus").getByText("Current plan").waitFor({ timeout: 120_000 });
    expect(await text(plans.app)).toContain("You are on Plus.");
    expect(await plans.app.getByRole("button", { name: "Switch to Free" }).count()).toBe(1);
    await checkPage(plans, "plans (Plus)", "Plans");
    await plans.close();

    // Sync: the active group, its members by location name, and the SKU table.
    const sync = await open(N, "sync");
    await sync.app.getByRole("heading", { name: "North + South", exact: true }).waitFor({ timeout: 120_000 });
    expect(await sync.app.getByTestId("sync-empty").count()).toBe(0);
    const skuTable = sync.app.locator("table", { has: sync.app.getByRole("columnheader", { name: "Members show" }) });
    await skuTable.waitFor({ timeout: 60_000 });
    const headers = (await skuTable.locator("thead").textContent()) ?? "";
    expect(headers).toContain("north-shop (North Warehouse)");
    expect(headers).toContain("south-shop (South Warehouse)");
    const skus = await skuTable.locator("tbody tr td:first-child").allTextContents();
    expect(skus.length).toBeGreaterThan(0);
    const { default: prisma } = await ctx.app<typeof import("../../app/db.server")>("/app/db.server.ts");
    expect(await prisma.catalogVariant.count({ where: { shop: ctx.north, sku: skus[0] } })).toBeGreaterThan(0);
    expect(await text(sync.app)).toMatch(/SKUs \(\d+\)/);
    await checkPage(sync, "sync (loaded)", "Sync");
    await sync.close();

    // Feeds: the supplier feed in the list; its runs (one applied, one held).
    const feeds = await open(N, "feeds");
    const feedLink = feeds.app.getByRole("link", { name: "Acme Supply (demo)" });
    await feedLink.waitFor({ timeout: 120_000 });
    expect(await feeds.app.getByTestId("feeds-empty").count()).toBe(0);
    await checkPage(feeds, "feeds (loaded)", "Feeds");
    await feedLink.click();
    await feeds.app.getByRole("heading", { name: "Runs" }).waitFor({ timeout: 60_000 });
    const runs = feeds.app.locator("table", { has: feeds.app.getByRole("columnheader", { name: "Written" }) });
    expect(await runs.locator("tbody tr").count()).toBe(2);
    await checkPage(feeds, "feeds (a feed and its runs)", "Feeds");
    await feeds.close();

    // Channels: the endpoint in the list; its signed delivery to the demo ERP.
    const channels = await open(N, "channels");
    const endpoint = channels.app.getByRole("link", { name: "Demo ERP" });
    await endpoint.waitFor({ timeout: 120_000 });
    expect(await channels.app.getByTestId("channels-empty").count()).toBe(0);
    await checkPage(channels, "channels (loaded)", "Channels");
    await endpoint.click();
    await reloadUntil(channels, (t) => t.includes("received by the demo ERP"));
    expect(await text(channels.app)).toContain("delivered");
    await checkPage(channels, "channels (an endpoint and its deliveries)", "Channels");
    await channels.close();

    // Storefront widget: the imported catalog in the pick form; a pick added through the page.
    const widget = await open(N, "widget");
    await widget.app.getByLabel("For product", { exact: true }).waitFor({ timeout: 120_000 });
    expect(await widget.app.getByTestId("picks-empty").textContent()).toMatch(/No manual picks yet/);
    const chosen = (label: string) => widget.app.getByLabel(label, { exact: true }).evaluate((el) => (el as HTMLSelectElement).selectedOptions[0].text);
    const product = await chosen("For product");
    const alternative = await chosen("Offer");
    expect(product).not.toBe(alternative);
    await widget.app.getByRole("button", { name: "Add alternative" }).click();
    await widget.app.getByText("Alternative added").waitFor({ timeout: 60_000 });
    expect(await widget.app.getByText(`${product} → #1 ${alternative}`).count()).toBe(1);
    expect(await widget.app.getByTestId("picks-empty").count()).toBe(0);
    await checkPage(widget, "widget (loaded)", "Storefront widget");
    await widget.close();

    // Back in stock: the sign-up counted under its product, and listed.
    const restock = await open(S, "restock");
    await reloadUntil(restock, (t) => t.includes("Recent sign-ups"), 300_000);
    expect(await restock.app.getByTestId("restock-empty").count()).toBe(0);
    const counts = restock.app.locator(".Polaris-DataTable").first();
    const row = counts.locator("tbody tr", { hasText: soldOut });
    expect(await row.count()).toBe(1);
    expect((await row.locator("td").first().textContent())?.trim()).toBe("1"); // waiting
    expect(await restock.app.locator(".Polaris-DataTable").nth(1).textContent()).toContain("d***@example.com");
    await checkPage(restock, "restock (loaded)", "Back in stock");
    await restock.close();
    expect(report).toEqual({});
  }, 900_000);
});
