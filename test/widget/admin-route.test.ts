// The "Storefront widget" admin page through the real authenticate.admin (bearer session token
// as App Bridge's fetch sends it): loader data, settings save, picks, shop isolation.
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { mintAdminSessionToken } from "../../dev/oauth/session-token";
import * as page from "../../app/routes/app.widget";
import { flushStorefrontInvalidations, invalidateStorefrontCache } from "../../app/storefront/stock.server";

const SHOP = "north-shop.myshopify.com";
const OTHER = "south-shop.myshopify.com";
const UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

async function adminRequest(path: string, form?: Record<string, string>, shop = SHOP) {
  const token = await mintAdminSessionToken({ apiKey: process.env.SHOPIFY_API_KEY!, apiSecret: process.env.SHOPIFY_API_SECRET!, shop, userId: 1 });
  return new Request(`${process.env.SHOPIFY_APP_URL}${path}`, {
    method: form ? "POST" : "GET",
    headers: { Authorization: `Bearer ${token}`, "User-Agent": UA, ...(form ? { "Content-Type": "application/x-www-form-urlencoded" } : {}) },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
}

async function run(fn: (args: never) => unknown, request: Request): Promise<any> {
  try {
    const r = await fn({ request, params: {}, context: {} } as never);
    return r;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

beforeEach(async () => {
  invalidateStorefrontCache();
  await flushStorefrontInvalidations();
  await prisma.$transaction([
    prisma.storefrontVersion.deleteMany(),
    prisma.widgetAlternativePick.deleteMany(),
    prisma.widgetSettings.deleteMany(),
    prisma.catalogVariant.deleteMany(),
    prisma.catalogProduct.deleteMany(),
    prisma.session.deleteMany(),
    prisma.shop.deleteMany(),
  ]);
  const scope = process.env.SCOPES!;
  for (const shop of [SHOP, OTHER]) {
    await prisma.shop.create({ data: { domain: shop, currencyCode: "EUR" } });
    await prisma.session.create({ data: { id: `offline_${shop}`, shop, state: "", isOnline: false, scope, accessToken: "shpat_test" } });
    await prisma.session.create({ data: { id: `${shop}_1`, shop, state: "", isOnline: true, scope, expires: new Date(Date.now() + 3600_000), accessToken: "shpua_test", userId: 1n } });
  }
  for (const [shop, id, title] of [[SHOP, 1, "Alpha"], [SHOP, 2, "Beta"], [OTHER, 9, "Secret"]] as const) {
    await prisma.catalogProduct.create({ data: { shop, productId: `gid://shopify/Product/${id}`, title, handle: title.toLowerCase() } });
    await prisma.catalogVariant.create({ data: { shop, variantId: `gid://shopify/ProductVariant/${id}`, productId: `gid://shopify/Product/${id}`, title: "Default Title", price: "9.90" } });
  }
});

describe("app.widget route", () => {
  it("rejects requests without a session token", async () => {
    const res = await run(page.loader, new Request(`${process.env.SHOPIFY_APP_URL}/app/widget`, { headers: { "User-Agent": UA } }));
    expect(res).toBeInstanceOf(Response);
    expect([302, 401, 410]).toContain((res as Response).status);
  });

  it("loads the shop's defaults, its catalog only, and the theme editor link", async () => {
    const data = await run(page.loader, await adminRequest("/app/widget"));
    expect(data.settings).toMatchObject({ threshold: 5, showCount: true, style: "inline", alternativesEnabled: true, rules: ["manual", "collection", "type", "tags", "vendor"] });
    expect(data.products.map((p: { title: string }) => p.title)).toEqual(["Alpha", "Beta"]);
    expect(data.previewAlternatives[0]).toMatchObject({ title: "Alpha", price: "€9.90" });
    expect(data.editorUrl).toBe(
      `https://${SHOP}/admin/themes/current/editor?template=product&addAppBlockId=${process.env.SHOPIFY_API_KEY}/stock&target=mainSection`,
    );
  });

  it("saves settings (with validation) and manual picks for the signed-in shop only", async () => {
    const bad = await run(page.action, await adminRequest("/app/widget", { intent: "settings", threshold: "0", alternativesLimit: "4", style: "inline" }));
    expect(bad).toMatchObject({ ok: false, errors: { threshold: expect.any(String) } });
    const ok = await run(page.action, await adminRequest("/app/widget", { intent: "settings", threshold: "8", showCount: "false", style: "badge", alternativesEnabled: "true", alternativesLimit: "3", rules: "manual,type", msg_low: "Hurry" }));
    expect(ok).toMatchObject({ ok: true });
    expect(await prisma.widgetSettings.findUnique({ where: { shop: SHOP } })).toMatchObject({ threshold: 8, showCount: false, style: "badge", rules: "manual,type", messages: '{"low":"Hurry"}' });
    expect(await prisma.widgetSettings.findUnique({ where: { shop: OTHER } })).toBeNull();

    const foreign = await run(page.action, await adminRequest("/app/widget", { intent: "add-pick", productId: "gid://shopify/Product/1", altProductId: "gid://shopify/Product/9" }));
    expect(foreign).toMatchObject({ ok: false, errors: { pick: "Unknown product." } });
    const added = await run(page.action, await adminRequest("/app/widget", { intent: "add-pick", productId: "gid://shopify/Product/1", altProductId: "gid://shopify/Product/2" }));
    expect(added).toMatchObject({ ok: true });
    const data = await run(page.loader, await adminRequest("/app/widget"));
    expect(data.picks).toEqual([{ productId: "gid://shopify/Product/1", productTitle: "Alpha", altProductId: "gid://shopify/Product/2", altTitle: "Beta", position: 0 }]);
    await run(page.action, await adminRequest("/app/widget", { intent: "remove-pick", productId: "gid://shopify/Product/1", altProductId: "gid://shopify/Product/2" }));
    expect(await prisma.widgetAlternativePick.count()).toBe(0);
  });
});
