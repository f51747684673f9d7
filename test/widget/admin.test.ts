import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { getStock, flushStorefrontInvalidations, invalidateStorefrontCache, loadWidgetSettings, DEFAULT_WIDGET_SETTINGS } from "../../app/storefront/stock.server";
import { addPick, parseSettingsForm, removePick, saveWidgetSettings, themeEditorLink, widgetAdminData } from "../../app/storefront/widget-admin.server";

const SHOP = "admin-shop.myshopify.com";

beforeEach(async () => {
  invalidateStorefrontCache();
  await flushStorefrontInvalidations();
  await prisma.$transaction([
    prisma.storefrontVersion.deleteMany(),
    prisma.widgetAlternativePick.deleteMany(),
    prisma.widgetSettings.deleteMany(),
    prisma.inventoryLevel.deleteMany(),
    prisma.catalogVariant.deleteMany(),
    prisma.catalogProduct.deleteMany(),
  ]);
  for (const [id, title, available] of [[1, "Alpha", 2], [2, "Beta", 9], [3, "Gamma", 9]] as const) {
    await prisma.catalogProduct.create({ data: { shop: SHOP, productId: `gid://shopify/Product/${id}`, title, handle: title.toLowerCase(), vendor: "V" } });
    await prisma.catalogVariant.create({ data: { shop: SHOP, variantId: `gid://shopify/ProductVariant/${id}`, productId: `gid://shopify/Product/${id}`, inventoryItemId: `gid://shopify/InventoryItem/${id}`, title: "Default Title", price: "12.00" } });
    await prisma.inventoryLevel.create({ data: { shop: SHOP, inventoryItemId: `gid://shopify/InventoryItem/${id}`, locationId: "gid://shopify/Location/1", available, seenAt: new Date() } });
  }
});

describe("widget settings form", () => {
  it("validates and normalizes", () => {
    expect(parseSettingsForm({ threshold: "0", alternativesLimit: "9", style: "x" })).toEqual({
      errors: { threshold: expect.any(String), alternativesLimit: expect.any(String), style: expect.any(String) },
    });
    const ok = parseSettingsForm({ threshold: "7", showCount: "false", style: "bar", alternativesEnabled: "true", alternativesLimit: "3", rules: "vendor,manual,bogus", msg_low: "  Hurry {{ count }} ", msg_in_stock: "" });
    expect(ok).toEqual({
      value: { threshold: 7, showCount: false, style: "bar", messages: { low: "Hurry {{ count }}" }, alternativesEnabled: true, alternativesLimit: 3, rules: ["manual", "vendor"] },
    });
  });

  it("saves settings and the stock endpoint follows at once", async () => {
    expect(await loadWidgetSettings(SHOP)).toEqual(DEFAULT_WIDGET_SETTINGS);
    const before = await getStock({ shop: SHOP, variant: "1", wantCount: true, limit: 0 });
    expect(JSON.parse(before!.body)).toMatchObject({ state: "low", count: 2 });
    const parsed = parseSettingsForm({ threshold: "1", showCount: "false", style: "inline", alternativesEnabled: "true", alternativesLimit: "4", rules: "manual,vendor" });
    if (!("value" in parsed)) throw new Error("invalid");
    await saveWidgetSettings(SHOP, parsed.value);
    const after = await getStock({ shop: SHOP, variant: "1", wantCount: true, limit: 0 });
    expect(JSON.parse(after!.body)).toMatchObject({ state: "in_stock", count: null });
  });
});

describe("manual picks", () => {
  it("adds in order, refuses nonsense, removes, and changes the alternatives served", async () => {
    const p1 = "gid://shopify/Product/1";
    expect(await addPick(SHOP, p1, p1)).toMatch(/own alternative/);
    expect(await addPick(SHOP, p1, "gid://shopify/Product/999")).toMatch(/Unknown/);
    expect(await addPick("other-shop.myshopify.com", p1, "gid://shopify/Product/2")).toMatch(/Unknown/);
    expect(await addPick(SHOP, p1, "gid://shopify/Product/3")).toBeNull();
    expect(await addPick(SHOP, p1, "gid://shopify/Product/2")).toBeNull();
    const served = await getStock({ shop: SHOP, variant: "1", wantCount: false, limit: 4 });
    expect(JSON.parse(served!.body).alternatives.map((a: { title: string }) => a.title)).toEqual(["Gamma", "Beta"]);

    const data = await widgetAdminData(SHOP, "");
    expect(data.picks.map((p) => [p.productTitle, p.altTitle, p.position])).toEqual([["Alpha", "Gamma", 0], ["Alpha", "Beta", 1]]);
    expect(data.products.map((p) => p.title)).toEqual(["Alpha", "Beta", "Gamma"]);
    // A search narrows the pick list, not the catalog the page knows it has (the empty state's test).
    const searched = await widgetAdminData(SHOP, "Gam");
    expect(searched.products.map((p) => p.title)).toEqual(["Gamma"]);
    expect([data.catalogProducts, searched.catalogProducts, (await widgetAdminData("other-shop.myshopify.com", "")).catalogProducts]).toEqual([3, 3, 0]);

    await removePick(SHOP, p1, "gid://shopify/Product/3");
    await prisma.widgetSettings.create({ data: { shop: SHOP, rules: "manual" } });
    invalidateStorefrontCache(SHOP);
    const after = await getStock({ shop: SHOP, variant: "1", wantCount: false, limit: 4 });
    expect(JSON.parse(after!.body).alternatives.map((a: { title: string }) => a.title)).toEqual(["Beta"]);
  });
});

it("links to the theme editor with the app block preselected", () => {
  expect(themeEditorLink("north-shop.myshopify.com", "abc123")).toBe(
    "https://north-shop.myshopify.com/admin/themes/current/editor?template=product&addAppBlockId=abc123/stock&target=mainSection",
  );
});
