// The install lifecycle round trip through the stand-in, with the real app: install → link →
// sync → uninstall (sessions gone, jobs stop, nothing more written to the store) → reinstall
// within 48 h (starts clean, the old group comes back only when the merchant confirms, no stale
// token) → shop/redact erases everything; scopes taken away say so as a missing_scope exception.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBillingHarness, type BillingHarness } from "./harness";
import { seedShops } from "./seed";

let h: BillingHarness;
let prisma: typeof import("../../app/db.server").default;
let deps: typeof import("../../app/sync/production.server").productionSyncDeps;
let membership: typeof import("../../app/sync/membership.server");
let enable: typeof import("../../app/sync/enable.server");

const NORTH = "north-shop.myshopify.com";
const SOUTH = "south-shop.myshopify.com";
const SKU = "SKU-007";
/** Admin API calls the stand-in saw, with the token's validity at that moment */
const calls: { shop: string; token: string; valid: boolean; at: number }[] = [];
let groupId = "";
let oldSouthToken = "";
let uninstalledAt = 0;

beforeAll(async () => {
  h = await startBillingHarness(seedShops);
  prisma = (await import("../../app/db.server")).default;
  deps = (await import("../../app/sync/production.server")).productionSyncDeps;
  membership = await import("../../app/sync/membership.server");
  enable = await import("../../app/sync/enable.server");
  const store = h.standin.store;
  const validate = store.validateAccessToken.bind(store);
  store.validateAccessToken = ((shop: string, token: string) => {
    const r = validate(shop, token);
    calls.push({ shop: shop.includes(".") ? shop : `${shop}.myshopify.com`, token, valid: r !== null, at: Date.now() });
    return r;
  }) as typeof store.validateAccessToken;
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

const level = (shop: string, sku = SKU) => h.standin.control.stock({ shop, sku }).levels[0].available as number;
const location = (shop: string) => `gid://shopify/Location/${h.standin.store.listLocations(shop)[0].id}`;
const offlineToken = async (shop: string) => (await prisma.session.findFirst({ where: { shop, isOnline: false } }))?.accessToken ?? null;

describe("install → link → sync → uninstall → reinstall → shop/redact", () => {
  it("install, link and sync (north on Growth: 120 SKUs)", async () => {
    await h.standin.control.installApp({ shop: NORTH });
    await h.standin.control.installApp({ shop: SOUTH });
    h.standin.control.subscribe({ shop: NORTH, name: "Growth" });
    await h.settle();
    const { group, shareKey } = await membership.createGroup(deps, NORTH, { name: "N+S", locationId: location(NORTH), protection: "off" });
    groupId = group.id;
    await h.settle();
    await membership.joinGroup(deps, SOUTH, shareKey, { locationId: location(SOUTH) });
    await h.settle();
    expect((await enable.enableGroup(deps, group.id, NORTH)).status).toBe("enabled");
    await h.settle();
    const before = level(NORTH);
    h.standin.control.placeOrder({ shop: SOUTH, lines: [{ sku: SKU, quantity: 1 }] });
    await h.settle();
    expect(level(NORTH)).toBe(before - 1);
    oldSouthToken = (await offlineToken(SOUTH))!;
    expect(oldSouthToken).toBeTruthy();
  });

  it("uninstall: sessions gone, jobs stop, the membership is set aside, nothing more is written to the store", async () => {
    await prisma.job.create({ data: { name: "shop.refreshInfo", payload: JSON.stringify({ shop: SOUTH }), shop: SOUTH, runAt: new Date(Date.now() + 60_000) } });
    h.standin.control.uninstallApp({ shop: SOUTH });
    uninstalledAt = Date.now();
    await h.settle();
    expect(await prisma.session.count({ where: { shop: SOUTH } })).toBe(0);
    expect(await prisma.job.count({ where: { shop: SOUTH, status: { in: ["queued", "running"] } } })).toBe(0);
    expect(await prisma.syncMember.findFirstOrThrow({ where: { shop: SOUTH } })).toMatchObject({ status: "left" });
    expect(await prisma.suspendedMembership.findFirstOrThrow({ where: { shop: SOUTH } })).toMatchObject({ groupId, groupName: "N+S" });
    expect(await prisma.shopPlan.count({ where: { shop: SOUTH } })).toBe(0);
    // north keeps selling; south's stock is never touched again
    const southBefore = h.standin.control.levels({ shop: SOUTH });
    const northBefore = level(NORTH);
    h.standin.control.placeOrder({ shop: NORTH, lines: [{ sku: SKU, quantity: 2 }] });
    h.standin.control.setStock({ shop: NORTH, sku: "SKU-008", available: 3 });
    await h.settle();
    await new Promise((r) => setTimeout(r, 300));
    await h.settle();
    expect(level(NORTH)).toBe(northBefore - 2);
    expect(h.standin.control.levels({ shop: SOUTH })).toEqual(southBefore);
    expect(calls.filter((c) => c.shop === SOUTH && c.at >= uninstalledAt)).toEqual([]);
  });

  it("reinstall within 48 h starts clean: new token, the plan page, the old group only on confirmation", async () => {
    const reinstall = (await h.standin.control.installApp({ shop: SOUTH })) as { status: number };
    expect(reinstall.status).toBe(302); // lands on the plan page again
    const fresh = await offlineToken(SOUTH);
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(oldSouthToken);
    expect(h.standin.store.validateAccessToken(SOUTH, oldSouthToken)).toBeNull();
    await h.settle();
    // not back in the group on its own
    expect(await prisma.syncMember.findFirstOrThrow({ where: { shop: SOUTH } })).toMatchObject({ status: "left" });
    const syncPage = await import("../../app/routes/app.sync");
    const data = (await h.call(syncPage, "loader", SOUTH, "/app/sync")) as { rejoin: { groupId: string; groupName: string }[]; groups: unknown[] };
    expect(data.rejoin).toEqual([expect.objectContaining({ groupId, groupName: "N+S" })]);
    expect(data.groups).toEqual([]);
    // the merchant confirms
    const rejoin = await import("../../app/routes/app.rejoin");
    expect(await h.call(rejoin, "action", SOUTH, "/app/rejoin", { intent: "rejoin", groupId })).toMatchObject({ ok: true, value: { message: "Rejoined N+S" } });
    expect(await prisma.syncMember.findFirstOrThrow({ where: { shop: SOUTH } })).toMatchObject({ status: "active" });
    expect(await prisma.suspendedMembership.count({ where: { shop: SOUTH } })).toBe(0);
    await h.settle();
    // syncing again, with the new token only
    const since = Date.now();
    h.standin.control.placeOrder({ shop: NORTH, lines: [{ sku: SKU, quantity: 1 }] });
    await h.settle();
    await expect.poll(async () => { await h.settle(); return level(SOUTH); }, { timeout: 20_000 }).toBe(level(NORTH));
    const southCalls = calls.filter((c) => c.shop === SOUTH && c.at >= since);
    expect(southCalls.length).toBeGreaterThan(0);
    expect(southCalls.filter((c) => !c.valid || c.token === oldSouthToken)).toEqual([]);
  });

  it("scopes taken away say so: one missing_scope exception, resolved when granted again", async () => {
    h.standin.control.updateScopes({ shop: SOUTH, scopes: ["read_products", "read_inventory", "read_orders", "read_locations"] });
    await h.settle();
    const open = await prisma.syncException.findFirstOrThrow({ where: { shop: SOUTH, class: "missing_scope", status: "open" } });
    expect(open.title).toMatch(/lacks write_inventory/);
    h.standin.control.updateScopes({ shop: SOUTH, scopes: h.standin.toml.scopes });
    await h.settle();
    expect(await prisma.syncException.findUniqueOrThrow({ where: { id: open.id } })).toMatchObject({ status: "resolved", resolution: "scope_granted" });
  });

  it("shop/redact 48 h after uninstall erases every row of the shop and nothing of the others", async () => {
    h.standin.control.uninstallApp({ shop: SOUTH });
    await h.settle();
    const { Prisma } = await import("@prisma/client");
    const models = Prisma.dmmf.datamodel.models.filter((m) => m.name === "Shop" || m.fields.some((f) => f.name === "shop" && f.kind === "scalar"));
    const count = async (shop: string) => {
      const left: Record<string, number> = {};
      for (const m of models) {
        const delegate = (prisma as any)[m.name.charAt(0).toLowerCase() + m.name.slice(1)];
        const n = await delegate.count({ where: m.name === "Shop" ? { domain: shop } : m.name === "WebhookInbox" ? { shop, topic: { not: "shop/redact" } } : { shop } });
        if (n > 0) left[m.name] = n;
      }
      return left;
    };
    const south = await count(SOUTH);
    expect(Object.keys(south)).toEqual(expect.arrayContaining(["Shop", "SyncMember", "SyncLink", "CatalogVariant", "StockEvent"]));
    const northBefore = await count(NORTH);
    h.standin.control.shopRedact({ shop: SOUTH });
    await h.settle();
    expect(await count(SOUTH)).toEqual({});
    expect(await prisma.webhookInbox.findFirst({ where: { shop: SOUTH, topic: "shop/redact" } })).toMatchObject({ status: "processed" });
    const northAfter = await count(NORTH);
    for (const [m, n] of Object.entries(northBefore)) expect(northAfter[m] ?? 0, m).toBeGreaterThanOrEqual(m === "Job" || m === "WebhookInbox" ? 0 : n);
  });
});
