import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import "../../app/jobs.server";
import { dbQueue } from "../../app/queue/index.server";
import { Worker } from "../../app/queue/worker.server";
import { registerCustomerData } from "../../app/privacy/registry.server";
import { action } from "../../app/routes/webhooks";
import { COMPLIANCE_TOPICS, SUBSCRIBED_TOPICS } from "../../app/webhooks/topics";
import { resetDb } from "../support/db";
import { signedDelivery } from "../support/webhooks";

const SHOP = "life-shop.myshopify.com";
const OTHER = "other-shop.myshopify.com";
const deliver = async (topic: string, body: unknown, shop = SHOP) => {
  const res = (await action({ request: signedDelivery({ topic, shop, body }), params: {}, context: {} } as never)) as Response;
  expect(res.status).toBe(200);
  await new Worker(prisma, dbQueue).drain();
};

async function seedShop(shop: string) {
  await prisma.shop.create({ data: { domain: shop, scopes: "read_products" } });
  await prisma.session.create({ data: { id: `offline_${shop}`, shop, state: "s", accessToken: "tok", isOnline: false } });
  await prisma.shopOrder.create({ data: { shop, orderId: "gid://shopify/Order/1", customerId: "42", email: "ada@example.com", createdAt: new Date() } });
  await prisma.catalogProduct.create({ data: { shop, productId: "gid://shopify/Product/1", title: "Tee", handle: "tee" } });
}

// A feature's customer data, registered the way feature modules do (surveys use the same hook).
const notes = new Map<string, string>();
registerCustomerData({
  name: "test-notes",
  exportCustomer: async (shop, customerId) => notes.get(`${shop}/${customerId}`) ?? null,
  eraseCustomer: async (shop, customerId) => (notes.delete(`${shop}/${customerId}`) ? 1 : 0),
});

beforeEach(async () => {
  await resetDb();
  await seedShop(SHOP);
  await seedShop(OTHER);
});

describe("uninstall, scopes and privacy webhooks", () => {
  it("app/uninstalled deletes the shop's sessions, marks it uninstalled and cancels its queued jobs", async () => {
    await dbQueue.enqueue({ name: "shop.refreshInfo", payload: { shop: SHOP }, shop: SHOP, runAt: new Date(Date.now() + 60_000) });
    await deliver("app/uninstalled", { id: 1, name: "Life", domain: SHOP, myshopify_domain: SHOP });
    expect(await prisma.session.count({ where: { shop: SHOP } })).toBe(0);
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).uninstalledAt).not.toBeNull();
    expect(await prisma.job.findFirst({ where: { name: "shop.refreshInfo" } })).toMatchObject({ status: "cancelled" });
    expect(await prisma.session.count({ where: { shop: OTHER } })).toBe(1);
  });

  it("app/scopes_update stores the granted scopes", async () => {
    await deliver("app/scopes_update", { id: 1, shop_id: "gid://shopify/Shop/1", previous: ["read_products"], current: ["read_products", "write_inventory"], updated_at: new Date().toISOString() });
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).scopes).toBe("read_products,write_inventory");
    expect((await prisma.session.findFirstOrThrow({ where: { shop: SHOP } })).scope).toBe("read_products,write_inventory");
  });

  it("customers/data_request exports what every feature holds about the customer", async () => {
    notes.set(`${SHOP}/42`, "prefers email");
    await deliver("customers/data_request", { shop_id: 1, shop_domain: SHOP, orders_requested: [1], customer: { id: 42, email: "ada@example.com" }, data_request: { id: 9999 } });
    const req = await prisma.privacyRequest.findFirstOrThrow({ where: { shop: SHOP, topic: "customers/data_request" } });
    const result = JSON.parse(req.result);
    expect(result.request).toBe(9999);
    expect(result.data["test-notes"]).toBe("prefers email");
    expect(result.data.orders).toHaveLength(1);
  });

  it("customers/redact erases that customer only, in that shop only", async () => {
    notes.set(`${SHOP}/42`, "x");
    notes.set(`${OTHER}/42`, "y");
    await deliver("customers/redact", { shop_id: 1, shop_domain: SHOP, customer: { id: 42, email: "ada@example.com" }, orders_to_redact: [1] });
    expect(notes.has(`${SHOP}/42`)).toBe(false);
    expect(notes.has(`${OTHER}/42`)).toBe(true);
    expect(await prisma.shopOrder.findFirstOrThrow({ where: { shop: SHOP } })).toMatchObject({ customerId: null, email: null });
    expect(await prisma.shopOrder.findFirstOrThrow({ where: { shop: OTHER } })).toMatchObject({ customerId: "42" });
  });

  it("shop/redact erases everything of that shop and nothing of others", async () => {
    await deliver("shop/redact", { shop_id: 1, shop_domain: SHOP });
    for (const count of [
      prisma.shop.count({ where: { domain: SHOP } }),
      prisma.session.count({ where: { shop: SHOP } }),
      prisma.shopOrder.count({ where: { shop: SHOP } }),
      prisma.catalogProduct.count({ where: { shop: SHOP } }),
    ])
      expect(await count).toBe(0);
    expect(await prisma.catalogProduct.count({ where: { shop: OTHER } })).toBe(1);
    // The redaction request itself remains as proof it was honoured.
    expect(await prisma.webhookInbox.findFirst({ where: { shop: SHOP, topic: "shop/redact" } })).toMatchObject({ status: "processed" });
  });

  it("declares every handled topic in shopify.app.toml with api_version 2026-10", () => {
    const toml = readFileSync("shopify.app.toml", "utf8");
    expect(toml).toMatch(/\[webhooks\]\s*\napi_version = "2026-10"/);
    for (const t of [...SUBSCRIBED_TOPICS, ...COMPLIANCE_TOPICS]) expect(toml).toContain(`"${t}"`);
    expect(toml).toMatch(/compliance_topics = \["customers\/data_request", "customers\/redact", "shop\/redact"\]/);
  });
});

describe("shop/redact reaches every table", () => {
  it("leaves no row of the shop in any model that has a shop column", async () => {
    const { Prisma } = await import("@prisma/client");
    const { eraseShopData } = await import("../../app/privacy/compliance.server");
    // Every model keyed by shop, whoever added it: a new feature table must register its
    // eraser (app/privacy/registry.server.ts) or this test names it.
    const models = Prisma.dmmf.datamodel.models.filter((m) => m.name === "Shop" || m.fields.some((f) => f.name === "shop"));
    await prisma.job.create({ data: { name: "x", payload: "{}", shop: SHOP, status: "dead" } });
    await prisma.inventoryLevel.create({ data: { shop: SHOP, inventoryItemId: "i", locationId: "l", available: 1, seenAt: new Date() } });
    expect(models.length).toBeGreaterThan(5);
    await eraseShopData(SHOP);
    const left: string[] = [];
    for (const m of models) {
      const delegate = (prisma as any)[m.name.charAt(0).toLowerCase() + m.name.slice(1)];
      const where = m.name === "Shop" ? { domain: SHOP } : { shop: SHOP };
      const n = await delegate.count({ where });
      if (n > 0 && !(m.name === "WebhookInbox")) left.push(`${m.name}: ${n}`);
    }
    expect(left).toEqual([]);
  });
});
