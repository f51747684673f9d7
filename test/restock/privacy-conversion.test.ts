// Back in stock in the privacy registry (data request, customer redact, shop redact) and
// recovered revenue from orders/create within 7 days of an alert.
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import "../../app/restock/index.server";
import { eraseCustomerData, eraseShopData, exportCustomerData } from "../../app/privacy/compliance.server";
import { restockAdminData } from "../../app/restock/admin.server";
import { recordConversions } from "../../app/restock/conversions.server";
import { signUp, unsubscribe } from "../../app/restock/subscribe.server";
import { seedProduct, seedShop, SHOP } from "./helpers";

beforeEach(async () => {
  await prisma.$transaction([
    prisma.restockConversion.deleteMany(),
    prisma.restockDelivery.deleteMany(),
    prisma.restockSubscription.deleteMany(),
    prisma.restockSuppressedAddress.deleteMany(),
    prisma.catalogVariant.deleteMany(),
    prisma.catalogProduct.deleteMany(),
    prisma.inventoryLevel.deleteMany(),
  ]);
  await seedShop();
});

describe("back in stock: privacy and conversion", () => {
  it("exports and erases a customer's subscriptions by address; shop/redact sweeps everything", async () => {
    const p = await seedProduct({ title: "Kettle", available: 0 });
    await signUp(SHOP, { variant: p.numericVariant, email: "Rita@Example.test", consent: "1" });
    await signUp(SHOP, { variant: p.numericVariant, email: "other@example.test", consent: "1" });
    const exported = (await exportCustomerData(SHOP, "123", { orderIds: [], email: "rita@example.test" })) as Record<string, unknown[]>;
    expect(exported.restock).toHaveLength(1);
    expect(exported.restock[0]).toMatchObject({ email: "rita@example.test", status: "active" });
    expect((await exportCustomerData(SHOP, "123", { orderIds: [] })).restock).toEqual([]);
    const erased = await eraseCustomerData(SHOP, "123", { orderIds: [], email: "RITA@example.test" });
    expect(erased.restock).toBe(1);
    expect(await prisma.restockSubscription.count()).toBe(1);
    // unsubscribed addresses stay suppressed by hash only; shop/redact removes every row
    await unsubscribe((await prisma.restockSubscription.findFirstOrThrow()).id);
    expect(await prisma.restockSubscription.count({ where: { email: { not: null } } })).toBe(0);
    await eraseShopData(SHOP);
    expect(await prisma.restockSubscription.count()).toBe(0);
    expect(await prisma.restockSuppressedAddress.count()).toBe(0);
  });

  it("counts an order by a notified address for that variant within 7 days as recovered revenue", async () => {
    const p = await seedProduct({ title: "Teapot", available: 0, price: "30.00" });
    await signUp(SHOP, { variant: p.numericVariant, email: "buyer@example.test", consent: "1" });
    const sub = await prisma.restockSubscription.findFirstOrThrow();
    const notifiedAt = new Date("2026-12-01T10:00:00Z");
    await prisma.restockSubscription.update({ where: { id: sub.id }, data: { status: "notified", notifiedAt } });
    const order = (id: number, at: string, email = "BUYER@example.test") => ({ id, email, currency: "USD", created_at: at, line_items: [{ variant_id: Number(p.numericVariant), quantity: 2, price: "30.00" }] });
    expect(await recordConversions(SHOP, order(1, "2026-12-03T10:00:00Z"))).toBe(1);
    expect(await recordConversions(SHOP, order(1, "2026-12-03T10:00:00Z"))).toBe(1); // redelivery: same row
    expect(await recordConversions(SHOP, order(2, "2026-12-09T10:00:01Z"))).toBe(0); // past 7 days
    expect(await recordConversions(SHOP, order(3, "2026-12-02T10:00:00Z", "someone@example.test"))).toBe(0);
    const data = await restockAdminData(SHOP);
    expect(data.totals.recovered).toBe(60);
    expect(data.products[0]).toMatchObject({ title: "Teapot", recovered: 60 });
  });
});
