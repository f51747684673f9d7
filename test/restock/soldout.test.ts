// Sold-out automation against the stand-in's Admin API (real 2026-10 schema): unpublish and
// republish follow stock, a manual publish in between is respected, tags work the same way.
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { AdminClient } from "../../app/admin/client.server";
import { applySoldOutRule } from "../../app/restock/soldout.server";
import { saveRestockSettings, DEFAULT_RESTOCK_SETTINGS } from "../../app/restock/settings.server";
import { createAdminApi } from "../../dev/admin/index.ts";
import { gid, isPublished, onlineStorePublication, setPublished, Store } from "../../dev/store/index.ts";
import { seedShop, setLevel, SHOP } from "./helpers";

const TOKEN = "shpat_soldout";
const SCOPES = ["read_products", "write_products", "read_inventory", "write_inventory", "read_locations", "read_orders", "write_publications"];

function standin(scopes = SCOPES) {
  const store = new Store({ seed: 3 });
  store.createShop({ domain: SHOP, name: "North Shop" });
  store.registerAccessToken({ token: TOKEN, shop: SHOP, apiKey: "test-api-key", scopes, kind: "offline", expiresAt: null });
  const api = createAdminApi(store, { publicOrigin: "http://127.0.0.1:9", sleep: async () => {} });
  const calls: string[] = [];
  const admin = new AdminClient({
    shop: SHOP,
    getToken: async () => ({ token: TOKEN, expiresAt: null }),
    endpoint: `http://standin.test/store/north-shop/admin/api/2026-10/graphql.json`,
    sleep: async () => {},
    fetch: (async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body));
      calls.push(/mutation (\w+)/.exec(body.query)?.[1] ?? /query (\w+)/.exec(body.query)?.[1] ?? "?");
      const r = await api.execute({ shop: SHOP, token: TOKEN, body });
      return new Response(JSON.stringify(r.json), { status: r.status, headers: { "content-type": "application/json" } });
    }) as typeof fetch,
  });
  return { store, api, admin, calls };
}

async function mirror(store: Store, title: string, stock: number[]) {
  const { product, variants } = store.createProduct(SHOP, {
    title,
    options: [{ name: "Size", values: stock.map((_, i) => `S${i}`) }],
    variants: stock.map((q, i) => ({ sku: `${title}-${i}`, stock: q, options: [`S${i}`] })),
  });
  const productId = gid("Product", product.id);
  await prisma.catalogProduct.create({ data: { shop: SHOP, productId, title, handle: product.handle } });
  for (const [i, v] of variants.entries()) {
    const itemId = gid("InventoryItem", v.inventoryItemId);
    await prisma.catalogVariant.create({ data: { shop: SHOP, variantId: gid("ProductVariant", v.id), productId, inventoryItemId: itemId, title: v.title, sku: v.sku } });
    await setLevel(SHOP, itemId, stock[i]);
  }
  return { product, productId, items: variants.map((v) => gid("InventoryItem", v.inventoryItemId)) };
}

beforeEach(async () => {
  await prisma.$transaction([prisma.soldOutProduct.deleteMany(), prisma.soldOutActivity.deleteMany(), prisma.restockSettings.deleteMany(), prisma.inventoryLevel.deleteMany(), prisma.catalogVariant.deleteMany(), prisma.catalogProduct.deleteMany()]);
  await seedShop();
});

describe("sold-out automation", () => {
  it("does nothing while off (the default)", async () => {
    const { store, admin, calls } = standin();
    const p = await mirror(store, "Tote", [0]);
    expect(await applySoldOutRule(SHOP, p.productId, admin)).toBe("off");
    expect(calls).toEqual([]);
  });

  it("unpublishes when every variant is sold out and republishes when stock returns", async () => {
    const { store, admin, calls } = standin();
    await saveRestockSettings(SHOP, { ...DEFAULT_RESTOCK_SETTINGS, soldOutAction: "unpublish" });
    const p = await mirror(store, "Tote", [0, 2]);
    const st = store.state(SHOP);
    const online = onlineStorePublication(st).id;
    expect(await applySoldOutRule(SHOP, p.productId, admin)).toBe("in_stock");
    await setLevel(SHOP, p.items[1], 0);
    expect(await applySoldOutRule(SHOP, p.productId, admin)).toBe("unpublished");
    expect(isPublished(st, p.product.id, online)).toBe(false);
    expect(calls).toContain("RestockUnpublish");
    // Running again while still sold out changes nothing.
    expect(await applySoldOutRule(SHOP, p.productId, admin)).toBe("unchanged");
    await setLevel(SHOP, p.items[0], 5);
    expect(await applySoldOutRule(SHOP, p.productId, admin)).toBe("republished");
    expect(isPublished(st, p.product.id, online)).toBe(true);
    const trail = await prisma.soldOutActivity.findMany({ orderBy: { createdAt: "asc" } });
    expect(trail.map((t) => t.action)).toEqual(["unpublished", "republished"]);
  });

  it("respects a manual publish in between: never unpublishes it again while sold out, never touches it on restock", async () => {
    const { store, admin, calls } = standin();
    await saveRestockSettings(SHOP, { ...DEFAULT_RESTOCK_SETTINGS, soldOutAction: "unpublish" });
    const p = await mirror(store, "Cap", [0]);
    const st = store.state(SHOP);
    const online = onlineStorePublication(st).id;
    expect(await applySoldOutRule(SHOP, p.productId, admin)).toBe("unpublished");
    // The merchant publishes it again by hand (Shopify admin), though it is still sold out.
    setPublished(st, p.product.id, online, true, Date.now());
    expect(await applySoldOutRule(SHOP, p.productId, admin)).toBe("manual");
    expect(await applySoldOutRule(SHOP, p.productId, admin)).toBe("manual");
    expect(isPublished(st, p.product.id, online)).toBe(true);
    expect(calls.filter((c) => c === "RestockUnpublish")).toHaveLength(1);
    // Stock returns: nothing to undo, the merchant's choice stands.
    await setLevel(SHOP, p.items[0], 3);
    expect(await applySoldOutRule(SHOP, p.productId, admin)).toBe("released");
    expect(calls).not.toContain("RestockPublish");
    expect(isPublished(st, p.product.id, online)).toBe(true);
    const trail = await prisma.soldOutActivity.findMany({ orderBy: { createdAt: "asc" } });
    expect(trail.map((t) => t.action)).toEqual(["unpublished", "left_alone", "released"]);
  });

  it("leaves a product the merchant had unpublished alone, both ways", async () => {
    const { store, admin, calls } = standin();
    await saveRestockSettings(SHOP, { ...DEFAULT_RESTOCK_SETTINGS, soldOutAction: "unpublish" });
    const p = await mirror(store, "Scarf", [0]);
    const st = store.state(SHOP);
    setPublished(st, p.product.id, onlineStorePublication(st).id, false, Date.now());
    expect(await applySoldOutRule(SHOP, p.productId, admin)).toBe("already_hidden");
    await setLevel(SHOP, p.items[0], 4);
    expect(await applySoldOutRule(SHOP, p.productId, admin)).toBe("in_stock");
    expect(isPublished(st, p.product.id, onlineStorePublication(st).id)).toBe(false);
    expect(calls.filter((c) => c === "RestockPublish" || c === "RestockUnpublish")).toEqual([]);
  });

  it("tags and untags instead when the shop chose tagging", async () => {
    const { store, admin } = standin();
    await saveRestockSettings(SHOP, { ...DEFAULT_RESTOCK_SETTINGS, soldOutAction: "tag", soldOutTag: "sold-out" });
    const p = await mirror(store, "Belt", [0]);
    expect(await applySoldOutRule(SHOP, p.productId, admin)).toBe("tagged");
    expect(store.getProduct(SHOP, p.product.id).tags).toContain("sold-out");
    await setLevel(SHOP, p.items[0], 1);
    expect(await applySoldOutRule(SHOP, p.productId, admin)).toBe("untagged");
    expect(store.getProduct(SHOP, p.product.id).tags).not.toContain("sold-out");
  });

  it("the stand-in refuses the mutations without write_publications, like Shopify", async () => {
    const { store, api } = standin(SCOPES.filter((s) => s !== "write_publications"));
    const { product } = store.createProduct(SHOP, { title: "Sock", variants: [{ stock: 0 }] });
    const pub = gid("Publication", onlineStorePublication(store.state(SHOP)).id);
    const r = await api.execute({
      shop: SHOP,
      token: TOKEN,
      body: { query: `mutation { publishableUnpublish(id: "${gid("Product", product.id)}", input: [{ publicationId: "${pub}" }]) { userErrors { field message } } }` },
    });
    expect(JSON.stringify(r.json)).toContain("ACCESS_DENIED");
    expect(isPublished(store.state(SHOP), product.id, onlineStorePublication(store.state(SHOP)).id)).toBe(true);
    const bad = await api.execute({ shop: SHOP, token: TOKEN, body: { query: `query { publications(first: 5) { nodes { id } } }` } });
    expect(JSON.stringify(bad.json)).toContain("read_publications");
  });
});
