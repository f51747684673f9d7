// Plans through the library's billing API against the stand-in's Billing API: a new shop lands on
// the plan page, approving activates the plan (trial, isTest on development stores), declining
// keeps Free, limits bite with the upgrade path, a cancellation or freeze drops the shop to Free
// limits without losing data, and every document the library sent validates against the schema.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderToString } from "react-dom/server";
import { createElement } from "react";
import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json" with { type: "json" };
import { adminSchema } from "../support/admin-schema";
import { documentErrors } from "../support/graphql-documents";
import { startBillingHarness, type BillingHarness } from "./harness";
import { seedShops } from "./seed";

let h: BillingHarness;
let prisma: typeof import("../../app/db.server").default;
let plans: typeof import("../../app/routes/app.plans");
let syncRoute: typeof import("../../app/routes/app.sync");
let deps: typeof import("../../app/sync/production.server").productionSyncDeps;
let membership: typeof import("../../app/sync/membership.server");
let enable: typeof import("../../app/sync/enable.server");
let limits: typeof import("../../app/billing/limits.server");
let feedsRoute: typeof import("../../app/routes/app.feeds");
let channelsRoute: typeof import("../../app/routes/app.channels");
let alertsRoute: typeof import("../../app/routes/app.alerts");

const NORTH = "north-shop.myshopify.com";
const SOUTH = "south-shop.myshopify.com";
const EAST = "east-shop.myshopify.com";

beforeAll(async () => {
  h = await startBillingHarness(seedShops);
  prisma = (await import("../../app/db.server")).default;
  plans = await import("../../app/routes/app.plans");
  syncRoute = await import("../../app/routes/app.sync");
  deps = (await import("../../app/sync/production.server")).productionSyncDeps;
  membership = await import("../../app/sync/membership.server");
  enable = await import("../../app/sync/enable.server");
  limits = await import("../../app/billing/limits.server");
  feedsRoute = await import("../../app/routes/app.feeds");
  channelsRoute = await import("../../app/routes/app.channels");
  alertsRoute = await import("../../app/routes/app.alerts");
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

async function choose(shop: string, plan: string): Promise<Response> {
  const out = await h.call(plans, "action", shop, "/app/plans", { intent: "choose", plan });
  return out as Response;
}

async function decide(confirmationUrl: string, decision: "approve" | "decline"): Promise<URL> {
  const page = await fetch(confirmationUrl);
  expect(page.status).toBe(200);
  expect(await page.text()).toMatch(/Approve subscription/);
  const u = new URL(confirmationUrl);
  const res = await fetch(`${u.origin}${u.pathname}?decision=${decision}`, {
    method: "POST",
    body: new URLSearchParams({ signature: u.searchParams.get("signature")! }),
    redirect: "manual",
  });
  expect(res.status).toBe(303);
  return new URL(res.headers.get("location")!);
}

function location(shop: string) {
  return `gid://shopify/Location/${h.standin.store.listLocations(shop)[0].id}`;
}

describe("plans through Shopify's Billing API (stand-in)", () => {
  it("a new shop lands on the plan page once, and is on Free until it chooses", async () => {
    const first = (await h.standin.control.installApp({ shop: NORTH })) as { status: number };
    expect(first.status).toBe(302);
    const again = (await h.call(await import("../../app/routes/app"), "loader", NORTH, "/app")) as { apiKey: string };
    expect(again).toHaveProperty("apiKey");
    for (const s of [SOUTH, EAST]) await h.standin.control.installApp({ shop: s });
    await h.settle();
    const data = (await h.call(plans, "loader", NORTH, "/app/plans")) as { current: string; test: boolean };
    expect(data).toMatchObject({ current: "free", test: false });
    expect((await limits.planLimits(NORTH)).plan.id).toBe("free");
  });

  it("approving in the stand-in activates the plan (14-day trial); the webhook agrees", async () => {
    const res = await choose(NORTH, "growth");
    // App Bridge's fetch gets the re-authorize header and sends the top window to Shopify's page.
    expect(res.status).toBe(401);
    const confirmationUrl = res.headers.get("X-Shopify-API-Request-Failure-Reauthorize-Url")!;
    expect(confirmationUrl).toMatch(/\/store\/north-shop\/admin\/charges\/.+\/confirm_recurring_application_charge\?signature=/);
    const back = await decide(confirmationUrl, "approve");
    // back to the Plans page in the (stand-in's) admin, with charge_id as Shopify adds it
    expect(back.pathname).toBe("/store/north-shop/admin/apps/stockroom/app/plans");
    const chargeId = back.searchParams.get("charge_id");
    expect(chargeId).toMatch(/^\d+$/);
    const data = (await h.call(plans, "loader", NORTH, `/app/plans?charge_id=${chargeId}`)) as { current: string; returned: string; trialEndsAt: string };
    expect(data).toMatchObject({ current: "growth", returned: "approved" });
    expect(Date.parse(data.trialEndsAt) - Date.now()).toBeGreaterThan(13.9 * 86_400_000);
    const [sub] = h.standin.control.subscriptions({ shop: NORTH });
    expect(sub).toMatchObject({ name: "Growth", status: "ACTIVE", test: false, trialDays: 14 });
    await h.settle();
    expect(await prisma.shopPlan.findUniqueOrThrow({ where: { shop: NORTH } })).toMatchObject({ plan: "growth", status: "ACTIVE", subscriptionId: `gid://shopify/AppSubscription/${sub.id}` });
  });

  it("declining keeps Free; a development store is charged with test charges", async () => {
    const res = await choose(EAST, "plus");
    const back = await decide(res.headers.get("X-Shopify-API-Request-Failure-Reauthorize-Url")!, "decline");
    const data = (await h.call(plans, "loader", EAST, `/app/plans?charge_id=${back.searchParams.get("charge_id")}`)) as { current: string; returned: string; test: boolean };
    expect(data).toMatchObject({ current: "free", returned: "declined", test: true });
    expect(h.standin.control.subscriptions({ shop: EAST })).toMatchObject([{ name: "Plus", status: "DECLINED", test: true }]);
    await h.settle();
    expect((await limits.planLimits(EAST)).plan.id).toBe("free");
  });

  it("limits bite where they matter, with the upgrade path: a second linked store, more SKUs than the plan, a feature", async () => {
    // south-shop (Free) owns a group; north joins (1 linked store: fine); east is refused.
    const { group, shareKey } = await membership.createGroup(deps, SOUTH, { name: "South group", locationId: location(SOUTH) });
    await h.settle();
    await membership.joinGroup(deps, NORTH, shareKey, { locationId: location(NORTH) });
    await h.settle();
    const key2 = (await membership.createShareKey(group.id, SOUTH)).key;
    const refused = (await h.call(syncRoute, "action", EAST, "/app/sync", { intent: "join", key: key2, locationId: location(EAST), buffer: "0" })) as {
      ok: boolean;
      error: string;
      limit: { kind: string; needed: string; current: string; planShop: string };
    };
    expect(refused).toMatchObject({ ok: false, limit: { kind: "linkedStores", needed: "growth", current: "free", planShop: SOUTH } });
    expect(refused.error).toMatch(/Free plan links 1 other store/);
    // the key was not used up by the refusal
    expect((await prisma.syncShareKey.findFirstOrThrow({ where: { groupId: group.id, usedAt: null } })).hint).toBe(key2.slice(-4));
    // 120 SKUs > Free's 100: enabling is refused, nothing is linked
    await expect(enable.enableGroup(deps, group.id, SOUTH)).rejects.toMatchObject({ name: "PlanLimitError", limit: { kind: "skus", requested: 120, allowed: 100, needed: "growth" } });
    expect(await prisma.syncLink.count({ where: { groupId: group.id } })).toBe(0);
    // features: feeds need Growth, channels and alerts need Plus
    await expect(limits.assertWithinPlan(SOUTH, { feature: "feeds" })).rejects.toMatchObject({ limit: { needed: "growth" } });
    await expect(limits.assertWithinPlan(NORTH, { feature: "feeds" })).resolves.toBeUndefined();
    await expect(limits.assertWithinPlan(NORTH, { feature: "channels" })).rejects.toMatchObject({ limit: { needed: "plus", current: "growth" } });
    // the banner: the message, the comparison, the way to the Plans page
    const { PlanLimitBanner } = await import("../../app/components/billing/PlanLimitBanner");
    const html = renderToString(createElement(AppProvider, { i18n: en }, createElement(PlanLimitBanner, { message: refused.error, limit: refused.limit as never })));
    expect(html).toContain("This needs the Growth plan");
    expect(html).toContain('href="/app/plans?need=growth"');
    for (const p of ["plan-free", "plan-growth", "plan-plus"]) expect(html).toContain(`data-testid="${p}"`);
    expect(html).toMatch(/5,000 synced SKUs/);
  });

  type Refusal = { ok: false; error: string; limit: { kind: string; feature: string; needed: string; current: string } };
  type PageData = { planLimit: Refusal | null };
  const pushFeed = (shop: string) => ({ intent: "create", name: "Warehouse push", source: "push", mode: "set", target: "location", locationId: location(shop), keyColumn: "sku", quantityColumn: "qty" });
  const endpoint = { intent: "create", name: "ERP", url: "https://erp.example.com/stockroom", events: "", skus: "" };

  it("feeds need Growth: adding one on Free is refused with the upgrade path, nothing is created; the page data carries the limit", async () => {
    const refused = (await h.call(feedsRoute, "action", SOUTH, "/app/feeds", pushFeed(SOUTH))) as Refusal;
    expect(refused).toMatchObject({ ok: false, limit: { kind: "feature", feature: "feeds", needed: "growth", current: "free" } });
    expect(refused.error).toMatch(/Supplier feeds need the Growth plan; this store is on Free/);
    expect(await prisma.feed.count({ where: { shop: SOUTH } })).toBe(0);
    expect(((await h.call(feedsRoute, "loader", SOUTH, "/app/feeds")) as PageData).planLimit).toMatchObject({ limit: { feature: "feeds", needed: "growth" } });
    // north is on Growth: the same form adds the feed
    const added = (await h.call(feedsRoute, "action", NORTH, "/app/feeds", pushFeed(NORTH))) as Response;
    expect(added.status).toBe(302);
    expect(await prisma.feed.count({ where: { shop: NORTH } })).toBe(1);
    expect(((await h.call(feedsRoute, "loader", NORTH, "/app/feeds")) as PageData).planLimit).toBeNull();
  });

  it("channels need Plus: registering an endpoint on Growth is refused with the upgrade path; the page data carries the limit", async () => {
    const refused = (await h.call(channelsRoute, "action", NORTH, "/app/channels", endpoint)) as Refusal;
    expect(refused).toMatchObject({ ok: false, limit: { kind: "feature", feature: "channels", needed: "plus", current: "growth" } });
    expect(refused.error).toMatch(/Outbound channels need the Plus plan; this store is on Growth/);
    expect(await prisma.channelEndpoint.count({ where: { shop: NORTH } })).toBe(0);
    expect(((await h.call(channelsRoute, "loader", NORTH, "/app/channels")) as PageData).planLimit).toMatchObject({ limit: { feature: "channels", needed: "plus" } });
  });

  it("alerts need Plus: adding a channel or a rule, or a test alert, is refused with the upgrade path; owners stay open", async () => {
    const forms: Record<string, string>[] = [{ intent: "add_channel", kind: "email", target: "ops@north.test" }, { intent: "add_rule", trigger: "exception_opened", class: "any" }, { intent: "test" }];
    for (const form of forms) {
      const refused = (await h.call(alertsRoute, "action", NORTH, "/app/alerts", form)) as Refusal;
      expect(refused).toMatchObject({ ok: false, limit: { kind: "feature", feature: "alerts", needed: "plus", current: "growth" } });
    }
    expect(await prisma.alertChannel.count({ where: { shop: NORTH } })).toBe(0);
    expect(await prisma.alertRule.count({ where: { shop: NORTH } })).toBe(0);
    expect(await h.call(alertsRoute, "action", NORTH, "/app/alerts", { intent: "save_owner", class: "drift", owner: "Sam", slaHours: "4" })).toMatchObject({ ok: true });
    expect(((await h.call(alertsRoute, "loader", NORTH, "/app/alerts")) as PageData).planLimit).toMatchObject({ limit: { feature: "alerts", needed: "plus" } });
  });

  it("on Plus (a subscription the merchant approved earlier), endpoints and alert channels are added, and the Plans page sees the plan", async () => {
    // east is a development store: the approved charge is a test charge, which billing.check(isTest) sees there
    expect(h.standin.control.subscribe({ shop: EAST, name: "Plus", amount: 79 })).toMatchObject({ status: "ACTIVE", test: true });
    await h.settle();
    expect(((await h.call(plans, "loader", EAST, "/app/plans")) as { current: string }).current).toBe("plus");
    expect((await limits.planLimits(EAST)).plan.id).toBe("plus");
    expect(((await h.call(channelsRoute, "action", EAST, "/app/channels", endpoint)) as Response).status).toBe(302);
    expect(await h.call(alertsRoute, "action", EAST, "/app/alerts", { intent: "add_channel", kind: "email", target: "ops@east.test" })).toMatchObject({ ok: true });
    expect(((await h.call(channelsRoute, "loader", EAST, "/app/channels")) as PageData).planLimit).toBeNull();
    expect(((await h.call(alertsRoute, "loader", EAST, "/app/alerts")) as PageData).planLimit).toBeNull();
    // a development store takes test charges only, so a fixture cannot make it a real one
    expect(() => h.standin.control.subscribe({ shop: EAST, name: "Plus", test: false })).toThrow(/development store/);
    // south is not a development store: the fixture's charge is a real one, as the app asks there, and the Plans page keeps it
    expect(h.standin.control.subscribe({ shop: SOUTH, name: "Growth" })).toMatchObject({ status: "ACTIVE", test: false });
    await h.settle();
    expect(((await h.call(plans, "loader", SOUTH, "/app/plans")) as { current: string }).current).toBe("growth");
    expect((await limits.planLimits(SOUTH)).plan.id).toBe("growth");
    expect(((await h.call(feedsRoute, "action", SOUTH, "/app/feeds", pushFeed(SOUTH))) as Response).status).toBe(302);
  });

  it("a cancelled or frozen subscription drops the shop to Free limits without losing data", async () => {
    // north (Growth) owns a group that links a third store and syncs 120 SKUs
    const south = await prisma.syncMember.findFirstOrThrow({ where: { shop: NORTH, status: "active" } });
    await membership.leaveGroup(south.groupId, NORTH);
    await membership.leaveGroup(south.groupId, SOUTH);
    const { group, shareKey } = await membership.createGroup(deps, NORTH, { name: "North group", locationId: location(NORTH) });
    await h.settle();
    await membership.joinGroup(deps, SOUTH, shareKey, { locationId: location(SOUTH) });
    await membership.joinGroup(deps, EAST, (await membership.createShareKey(group.id, NORTH)).key, { locationId: location(EAST) });
    await h.settle();
    expect((await enable.enableGroup(deps, group.id, NORTH)).status).toBe("enabled");
    await h.settle();
    const items = await prisma.syncItem.count({ where: { groupId: group.id } });
    const links = await prisma.syncLink.count({ where: { groupId: group.id } });
    expect(items).toBe(120);

    // Shopify freezes the subscription (unpaid bill): Free limits, the group pauses, nothing deleted
    h.standin.control.freezeSubscriptions({ shop: NORTH });
    await h.settle();
    expect(await limits.planLimits(NORTH)).toMatchObject({ plan: { id: "free" }, frozen: true });
    expect((await prisma.syncGroup.findUniqueOrThrow({ where: { id: group.id } })).status).toBe("paused");
    expect(await prisma.syncItem.count({ where: { groupId: group.id } })).toBe(items);
    expect(await prisma.syncLink.count({ where: { groupId: group.id } })).toBe(links);
    await expect(enable.enableGroup(deps, group.id, NORTH)).rejects.toMatchObject({ limit: { frozen: true } });

    // thawed: Growth again, sync resumes on enable
    h.standin.control.freezeSubscriptions({ shop: NORTH, frozen: false });
    await h.settle();
    expect((await limits.planLimits(NORTH)).plan.id).toBe("growth");
    expect((await enable.enableGroup(deps, group.id, NORTH)).status).toBe("enabled");

    // the merchant switches to Free: the library cancels the subscription; the webhook confirms
    const res = (await choose(NORTH, "free")) as unknown as { ok: boolean; message: string };
    expect(res).toMatchObject({ ok: true });
    expect(h.standin.control.subscriptions({ shop: NORTH }).map((s) => s.status)).toEqual(["CANCELLED"]);
    await h.settle();
    expect((await limits.planLimits(NORTH)).plan.id).toBe("free");
    expect((await prisma.syncGroup.findUniqueOrThrow({ where: { id: group.id } })).status).toBe("paused");
    expect(await prisma.syncItem.count({ where: { groupId: group.id } })).toBe(items);
    expect(await prisma.stockEvent.count({ where: { groupId: group.id } })).toBeGreaterThan(0);
  });

  it("every billing document the library sent validates against the committed 2026-10 schema", () => {
    const ops = new Set(h.graphql.map((g) => /(?:query|mutation)\s+(\w+)/.exec(g.query)?.[1]));
    for (const op of ["AppSubscriptionCreate", "appSubscription", "appSubscriptionCancel"]) expect(ops).toContain(op);
    const invalid = h.graphql.map((g) => ({ q: g.query.trim().slice(0, 60), errors: documentErrors(adminSchema(), g.query) })).filter((x) => x.errors.length);
    expect(invalid).toEqual([]);
  });
});
