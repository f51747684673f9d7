import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { invalidateStorefrontCache } from "../../app/storefront/stock.server";
import { action, loader } from "../../app/routes/api.stock-notes";
import { apiRequest, call, checkoutToken, installShop, resetCheckoutTables } from "./helpers";

const SHOP = "north-shop.myshopify.com";
const OTHER = "south-shop.myshopify.com";

async function product(
  shop: string,
  n: number,
  title: string,
  productType: string,
  variants: Array<{ id: number; available: number | null; policy?: string }>,
) {
  await prisma.catalogProduct.create({
    data: {
      shop,
      productId: `gid://shopify/Product/${n}`,
      title,
      handle: title.toLowerCase().replace(/ /g, "-"),
      productType,
      vendor: productType === "Plate" ? "PlateCo" : "Acme",
    },
  });
  for (const v of variants) {
    await prisma.catalogVariant.create({
      data: {
        shop,
        variantId: `gid://shopify/ProductVariant/${v.id}`,
        productId: `gid://shopify/Product/${n}`,
        inventoryItemId: `gid://shopify/InventoryItem/${v.id}`,
        title: "Default",
        tracked: v.available !== null,
        inventoryPolicy: v.policy ?? "DENY",
      },
    });
    if (v.available !== null)
      await prisma.inventoryLevel.create({
        data: {
          shop,
          inventoryItemId: `gid://shopify/InventoryItem/${v.id}`,
          locationId: "gid://shopify/Location/1",
          available: v.available,
          seenAt: new Date(),
        },
      });
  }
}

const notes = async (shop: string, lines: unknown) => {
  const res = await call(action, apiRequest("/api/stock-notes", { token: await checkoutToken({ shop }), body: { lines } }));
  return { status: res.status, body: await res.json(), res };
};

beforeEach(async () => {
  await resetCheckoutTables();
  invalidateStorefrontCache();
  await installShop(SHOP);
  await installShop(OTHER);
  await product(SHOP, 1, "Blue Mug", "Mug", [{ id: 11, available: 3 }]);
  await product(SHOP, 2, "Green Mug", "Mug", [{ id: 21, available: 50 }]);
  await product(SHOP, 3, "Big Plate", "Plate", [{ id: 31, available: 10 }]);
  await product(SHOP, 4, "Red Mug", "Mug", [{ id: 41, available: 0 }]);
  await product(SHOP, 5, "Gift Card", "Card", [{ id: 51, available: null }]);
  await product(SHOP, 6, "Preorder Mug", "Mug", [{ id: 61, available: 0, policy: "CONTINUE" }]);
});

describe("api.stock-notes", () => {
  it("notes low, short and sold-out lines with an in-stock alternative, and nothing when all is well", async () => {
    const { status, body, res } = await notes(SHOP, [
      { variantId: "gid://shopify/ProductVariant/11", quantity: 1 },
      { variantId: "gid://shopify/ProductVariant/31", quantity: 12 },
      { variantId: "gid://shopify/ProductVariant/21", quantity: 2 },
      { variantId: "gid://shopify/ProductVariant/41", quantity: 1 },
      { variantId: "gid://shopify/ProductVariant/51", quantity: 1 },
      { variantId: "gid://shopify/ProductVariant/61", quantity: 4 },
    ]);
    expect(status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const by = Object.fromEntries(body.notes.map((n: { variantId: string }) => [n.variantId.split("/").pop(), n]));
    expect(by["11"]).toMatchObject({
      status: "low",
      available: 3,
      requested: 1,
      alternative: { title: "Green Mug", url: "/products/green-mug" },
    });
    expect(by["31"]).toMatchObject({ status: "short", available: 10, requested: 12 });
    expect(by["31"].alternative).toBeUndefined(); // no other in-stock plate (nor the same vendor)
    expect(by["21"]).toEqual({ variantId: "gid://shopify/ProductVariant/21", status: "ok", available: 50, requested: 2 });
    expect(by["41"]).toMatchObject({ status: "sold_out", available: 0, alternative: { title: "Green Mug" } });
    expect(by["51"].status).toBe("untracked");
    expect(by["61"].status).toBe("ok"); // continue selling: no warning
  });

  it("adds up lines of the same variant", async () => {
    const { body } = await notes(SHOP, [
      { variantId: "gid://shopify/ProductVariant/11", quantity: 2 },
      { variantId: "gid://shopify/ProductVariant/11", quantity: 2 },
    ]);
    expect(body.notes).toEqual([expect.objectContaining({ status: "short", available: 3, requested: 4 })]);
  });

  it("follows the shop's settings: threshold, hidden counts, alternatives off", async () => {
    await prisma.widgetSettings.create({ data: { shop: SHOP, threshold: 2, showCount: false, alternativesEnabled: false } });
    invalidateStorefrontCache(SHOP);
    const { body } = await notes(SHOP, [
      { variantId: "gid://shopify/ProductVariant/11", quantity: 1 },
      { variantId: "gid://shopify/ProductVariant/41", quantity: 1 },
    ]);
    expect(body.notes[0]).toEqual({ variantId: "gid://shopify/ProductVariant/11", status: "ok", available: null, requested: 1 });
    expect(body.notes[1]).toEqual({
      variantId: "gid://shopify/ProductVariant/41",
      status: "sold_out",
      available: null,
      requested: 1,
    });
  });

  it("never reads another shop's catalog", async () => {
    const { body } = await notes(OTHER, [{ variantId: "gid://shopify/ProductVariant/11", quantity: 1 }]);
    expect(body.notes).toEqual([expect.objectContaining({ status: "untracked", available: null })]);
  });

  it("rejects missing, expired and foreign tokens and bad bodies", async () => {
    const lines = [{ variantId: "gid://shopify/ProductVariant/11", quantity: 1 }];
    expect((await call(action, apiRequest("/api/stock-notes", { body: { lines } }))).status).toBe(401);
    const expired = await checkoutToken({ shop: SHOP, expIn: -30, nbfIn: -90 });
    expect((await call(action, apiRequest("/api/stock-notes", { token: expired, body: { lines } }))).status).toBe(401);
    const foreign = await checkoutToken({ shop: SHOP, aud: "other-app" });
    expect((await call(action, apiRequest("/api/stock-notes", { token: foreign, body: { lines } }))).status).toBe(401);
    expect((await notes("ghost.myshopify.com", lines)).status).toBe(403);
    const bad = await notes(SHOP, [{ variantId: "x", quantity: 1 }]);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/variantId/);
    expect((await notes(SHOP, [{ variantId: "gid://shopify/ProductVariant/11", quantity: 0 }])).status).toBe(400);
    const get = await call(loader, apiRequest("/api/stock-notes", { token: await checkoutToken({ shop: SHOP }) }));
    expect(get.status).toBe(405);
  });
});
