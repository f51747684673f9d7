// The Overview and the Alerts page in Chromium, in the stand-in's admin frame, served by the
// real app after real installs: the setup guide ticks as a newcomer links stores, turns sync
// and the survey on and adds an alert; every KPI tile renders its chart; Exceptions, Activity,
// Surveys and survey results show their empty states, then their loaded states (names instead
// of ids); axe-core finds no serious or critical issue on any admin page, empty or loaded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type FrameLocator } from "playwright-core";
import { chromiumLaunchOptions, type Standin } from "../../dev/kit.ts";
import { startAppWithStandin, type AppWithStandin } from "../../dev/app-with-standin.ts";
import { openAdmin, pageAxeViolations } from "./support-ops";

let app: AppWithStandin;
let standin: Standin;
let browser: Browser;

beforeAll(async () => {
  // north adds an alert channel and a rule (alerts are on Plus) and syncs ~150 demo SKUs.
  app = await startAppWithStandin({ worker: true, install: ["north-shop", "south-shop"], plans: { "north-shop": "Plus" } });
  standin = app.standin;
  browser = await chromium.launch(chromiumLaunchOptions());
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

// The app's own modules, as the running app loaded them (same instances, same database).
const appModule = <T>(path: string) => app.vite.ssrLoadModule(path) as Promise<T>;

function location(shop: string, name: string): string {
  const s = standin.control.state({ shop }) as { locations: { id: number; name: string }[] };
  return `gid://shopify/Location/${s.locations.find((l) => l.name === name)!.id}`;
}

const stateOf = (a: FrameLocator, item: string) => a.getByTestId(`setup-${item}`).getAttribute("data-state", { timeout: 90_000 });
const eventually = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 120_000, interval: 1_000 });
async function eventuallyValue<T>(fn: () => Promise<T | null>): Promise<T> {
  for (let i = 0; i < 120; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error("no value within 120 s");
}


describe("Overview and Alerts", () => {
  it("a newcomer's pages show their empty states with the next step, and axe finds nothing serious", async () => {
    const report: Record<string, unknown> = {};
    const cases: [string, string, RegExp, string][] = [
      ["exceptions", "exceptions-empty", /No exceptions yet/, "Set owners and alerts"],
      ["activity", "activity-empty", /No stock activity yet/, "Set up sync"],
      ["surveys", "empty-state", /Ask buyers how it went/, "Create survey"],
    ];
    for (const [path, testId, text, next] of cases) {
      const o = await openAdmin(browser, standin.url, "north-shop", path);
      const empty = o.app.getByTestId(testId);
      await empty.waitFor({ timeout: 120_000 });
      expect(await empty.textContent()).toMatch(text);
      expect(await empty.getByRole(path === "surveys" ? "button" : "link", { name: next }).count()).toBe(1);
      const violations = await pageAxeViolations(o.page, app.appUrl);
      if (violations.length) report[`${path} (empty)`] = violations;
      expect(o.blocked).toEqual([]);
      await o.close();
    }
    expect(report).toEqual({});
  }, 300_000);

  it("the setup guide ticks as a newcomer links stores, syncs, turns the survey on and adds an alert", async () => {
    const north = await openAdmin(browser, standin.url, "north-shop", "");
    await expect.poll(() => stateOf(north.app, "stores_linked"), { timeout: 120_000 }).toBe("todo");
    expect(await stateOf(north.app, "sync_enabled")).toBe("todo");
    expect(await stateOf(north.app, "widget_block")).toBe("confirm");
    expect(await stateOf(north.app, "survey_on")).toBe("todo");
    expect(await stateOf(north.app, "alerts_configured")).toBe("todo");
    expect(await north.app.getByRole("heading", { name: "Overview" }).count()).toBe(1);

    const membership = await appModule<typeof import("../../app/sync/membership.server")>("/app/sync/membership.server.ts");
    const { enableGroup } = await appModule<typeof import("../../app/sync/enable.server")>("/app/sync/enable.server.ts");
    const { productionSyncDeps: deps } = await appModule<typeof import("../../app/sync/production.server")>("/app/sync/production.server.ts");
    const { group, shareKey } = await membership.createGroup(deps, "north-shop.myshopify.com", { name: "North + South", locationId: location("north-shop", "North Warehouse") });
    await north.page.reload();
    expect(await stateOf(north.app, "stores_linked")).toBe("todo");
    await membership.joinGroup(deps, "south-shop.myshopify.com", shareKey, { locationId: location("south-shop", "South Warehouse") });
    await north.page.reload();
    await eventually(() => stateOf(north.app, "stores_linked")).toBe("done");
    expect(await stateOf(north.app, "sync_enabled")).toBe("todo");
    expect((await enableGroup(deps, group.id, "north-shop.myshopify.com")).status).toBe("enabled");
    await north.page.reload();
    await eventually(() => stateOf(north.app, "sync_enabled")).toBe("done");

    // The theme block: the merchant confirms.
    await north.app.getByRole("button", { name: "I added it" }).click();
    await expect.poll(() => stateOf(north.app, "widget_block"), { timeout: 60_000 }).toBe("done");

    const surveys = await appModule<typeof import("../../app/surveys/surveys.server")>("/app/surveys/surveys.server.ts");
    const { STARTER_QUESTIONS } = await appModule<typeof import("../../app/surveys/starter")>("/app/surveys/starter.ts");
    const survey = await surveys.createSurvey("north-shop.myshopify.com", { title: "How did it go?", questions: STARTER_QUESTIONS });
    await surveys.setSurveyEnabled("north-shop.myshopify.com", survey.id, true);
    await north.page.reload();
    await eventually(() => stateOf(north.app, "survey_on")).toBe("done");

    // Alerts through the page: a channel and a rule.
    await north.close();
    const alerts = await openAdmin(browser, standin.url, "north-shop", "alerts");
    await alerts.app.getByText("No channel yet").waitFor({ timeout: 120_000 });
    await alerts.app.getByLabel("Email address").fill("ops@north.test");
    await alerts.app.getByRole("button", { name: "Add channel" }).click();
    await expect.poll(() => alerts.app.getByText("Email: ops@north.test").count(), { timeout: 60_000 }).toBe(1);
    await alerts.app.getByRole("button", { name: "Add rule" }).click();
    await expect.poll(() => alerts.app.getByText("Any exception opens").count(), { timeout: 60_000 }).toBe(1);
    // No SMTP on this server: the test alert fails, is retried, and the channel shows failing.
    await alerts.app.getByRole("button", { name: "Send test alert" }).click();
    await expect
      .poll(
        async () => {
          await alerts.page.reload();
          await alerts.app.getByRole("heading", { name: "Alerts" }).waitFor({ timeout: 60_000 });
          return alerts.app.getByText(/channel is failing/).count();
        },
        { timeout: 90_000, interval: 3_000 },
      )
      .toBe(1);
    expect(await alerts.app.getByText(/Failed: Email is not configured/).count()).toBe(1);
    expect(alerts.blocked).toEqual([]);
    await alerts.close();

    const done = await openAdmin(browser, standin.url, "north-shop", "");
    await eventually(() => stateOf(done.app, "alerts_configured")).toBe("done");
    expect(done.blocked).toEqual([]);
    await done.close();
  }, 420_000);

  it("every KPI tile renders its headline, definition and trend chart, for each range", async () => {
    const { kpiDefinitions } = await appModule<typeof import("../../app/kpi/registry.server")>("/app/kpi/registry.server.ts");
    await appModule("/app/kpi/index.server.ts");
    const { rollupShop } = await appModule<typeof import("../../app/kpi/rollup.server")>("/app/kpi/rollup.server.ts");
    await rollupShop("north-shop.myshopify.com", { from: new Date(Date.now() - 3 * 3600_000) });
    const ids = kpiDefinitions().map((d) => d.id);
    expect(ids.length).toBeGreaterThanOrEqual(13);
    for (const range of ["24h", "7d", "30d"]) {
      const o = await openAdmin(browser, standin.url, "north-shop", `?range=${range}`);
      for (const id of ids) {
        const chart = o.app.getByTestId(`kpi-chart-${id}`);
        await chart.locator("svg").first().waitFor({ timeout: 90_000 });
        expect(await o.app.getByTestId(`kpi-${id}`).textContent()).not.toBe("");
      }
      // The range's buckets: hours for 24 h and 7 d, days for 30 d.
      expect(await o.app.getByTestId("kpi-chart-oversells").getAttribute("data-buckets")).toBe({ "24h": "24", "7d": "168", "30d": "30" }[range]);
      // Sync is on for north: accuracy has no reconciliation yet, open exceptions is a number.
      expect(await o.app.getByTestId("kpi-exceptions_open").textContent()).toMatch(/^\d+$/);
      await o.close();
    }
  }, 300_000);

  it("Exceptions, Activity and the survey pages show their loaded states, with names instead of ids", async () => {
    const shop = "north-shop.myshopify.com";
    const { default: prisma } = await appModule<typeof import("../../app/db.server")>("/app/db.server.ts");
    const { openException } = await appModule<typeof import("../../app/sync/exceptions.server")>("/app/sync/exceptions.server.ts");
    const member = await prisma.syncMember.findFirstOrThrow({ where: { shop, status: "active" } });
    // A SKU of the group whose product the app's catalog knows.
    const variant = await eventuallyValue(() => prisma.catalogVariant.findFirst({ where: { shop, sku: { not: null } }, orderBy: { sku: "asc" } }));
    const product = await prisma.catalogProduct.findUniqueOrThrow({ where: { shop_productId: { shop, productId: variant.productId } } });
    const sku = variant.sku!;
    const { exception } = await openException({ class: "write_failed", groupId: member.groupId, shop, sku, locationId: member.locationId, subject: sku, title: `${sku}: the write to north-shop failed twice`, amount: 3 });

    // The list: the row with product and location names, then the exception's own page.
    const list = await openAdmin(browser, standin.url, "north-shop", "exceptions");
    const row = list.app.getByRole("link", { name: `${sku}: the write to north-shop failed twice` });
    await row.waitFor({ timeout: 120_000 });
    const table = list.app.locator(".Polaris-IndexTable");
    expect(await table.textContent()).toContain(product.title);
    expect(await table.textContent()).toContain(`north-shop (${member.locationName})`);
    expect(await list.app.getByTestId("exceptions-empty").count()).toBe(0);
    await row.click();
    await list.app.getByRole("heading", { name: "Stock events (proof)" }).waitFor({ timeout: 60_000 });
    expect(await list.app.locator(".Polaris-DescriptionList").textContent()).toContain(`north-shop (${member.locationName})`);
    await list.app.getByLabel("Owner (name or email)").fill("Robin <robin@north.test>");
    await list.app.getByRole("button", { name: "Assign" }).click();
    await expect.poll(async () => (await list.app.locator("body").textContent()) ?? "", { timeout: 60_000 }).toContain("assigned:Robin <robin@north.test>");
    expect((await prisma.syncException.findUniqueOrThrow({ where: { id: exception.id } })).owner).toBe("Robin <robin@north.test>");
    // A note is required: the button stays disabled without one.
    expect(await list.app.getByRole("button", { name: "Apply" }).isDisabled()).toBe(true);
    await list.close();

    // Activity: the sync group's stock events, and one SKU's timeline under its product name.
    const activity = await openAdmin(browser, standin.url, "north-shop", "activity");
    await activity.app.getByRole("heading", { name: "Recent activity" }).waitFor({ timeout: 120_000 });
    await expect.poll(async () => { await activity.page.reload(); await activity.app.getByRole("heading", { name: "Recent activity" }).waitFor({ timeout: 60_000 }); return activity.app.locator(".Polaris-DataTable").count(); }, { timeout: 90_000, interval: 3_000 }).toBe(1);
    await activity.app.getByLabel("SKU timeline").fill(sku);
    await activity.app.getByRole("button", { name: "Show timeline" }).click();
    await activity.app.getByRole("heading", { name: new RegExp(`${product.title}.*\\(${sku}\\)`) }).waitFor({ timeout: 60_000 });
    await activity.close();

    // Survey results: the empty state first, then an answer.
    const surveys = await appModule<typeof import("../../app/surveys/surveys.server")>("/app/surveys/surveys.server.ts");
    const [survey] = await surveys.listSurveys(shop);
    const results = await openAdmin(browser, standin.url, "north-shop", `surveys/${survey.id}/results`);
    const empty = results.app.getByTestId("results-empty");
    await empty.waitFor({ timeout: 120_000 });
    expect(await empty.textContent()).toMatch(/No answers yet/);
    const orderId = "gid://shopify/OrderIdentity/9101";
    // Surveys answer only for the shop's real orders (known from orders/create).
    await prisma.shopOrder.create({ data: { shop, orderId: "gid://shopify/Order/9101", createdAt: new Date() } });
    await surveys.activeSurveyFor(shop, { orderId, firstOrder: true });
    const full = (await surveys.getSurvey(shop, survey.id))!;
    await surveys.submitResponse(shop, { orderId, versionId: full.survey.currentVersionId!, answers: { source: { choice: "__other", other: "A podcast" }, nps: { value: 9 } } });
    await results.page.reload();
    await results.app.getByRole("heading", { name: "Net Promoter Score: 100" }).waitFor({ timeout: 60_000 });
    expect(await results.app.getByRole("list", { name: "Text answers" }).textContent()).toContain("A podcast");
    expect(await results.app.getByTestId("results-empty").count()).toBe(0);
    await results.close();

    // The builder: its questions and the extension's own preview.
    const builder = await openAdmin(browser, standin.url, "north-shop", `surveys/${survey.id}`);
    await expect.poll(() => builder.app.getByLabel("Question 1 text").inputValue(), { timeout: 120_000 }).toBe("How did you hear about us?");
    await expect.poll(async () => (await builder.app.getByTestId("survey-preview").textContent()) ?? "", { timeout: 60_000 }).toContain("Friend or family");
    await builder.close();
  }, 420_000);

  it("axe-core: no serious or critical issue on any admin page", async () => {
    const pages = ["", "alerts", "sync", "exceptions", "activity", "surveys", "widget"];
    const { default: prisma } = await appModule<typeof import("../../app/db.server")>("/app/db.server.ts");
    const ex = await prisma.syncException.findFirstOrThrow({ where: { shop: "north-shop.myshopify.com" } });
    pages.push(`exceptions/${ex.id}`, `activity?sku=${encodeURIComponent(ex.sku ?? "")}`);
    const surveys = await appModule<typeof import("../../app/surveys/surveys.server")>("/app/surveys/surveys.server.ts");
    const [survey] = await surveys.listSurveys("north-shop.myshopify.com");
    pages.push(`surveys/${survey.id}`, `surveys/${survey.id}/results`);
    const report: Record<string, unknown> = {};
    for (const path of pages) {
      const o = await openAdmin(browser, standin.url, "north-shop", path);
      const violations = await pageAxeViolations(o.page, app.appUrl);
      if (violations.length) report[path || "overview"] = violations;
      await o.close();
    }
    expect(report).toEqual({});
  }, 420_000);
});
