import { afterEach, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { acceptDelivery } from "../../app/webhooks/intake.server";
import { Harness, resetSyncTables } from "./harness";

let h: Harness;
beforeEach(async () => {
  await resetSyncTables();
  h = new Harness();
});
afterEach(() => h.dispose());

async function threeShops(stock = 10) {
  for (const name of ["north-shop", "south-shop", "east-shop"]) {
    await h.addShop(name);
    await h.addProduct(`${name}.myshopify.com`, [{ sku: "TEE-1", stock }, { sku: "CAP-1", stock: stock * 2 }]);
  }
}

describe("sync engine", () => {
  it("propagates a sale in one store to the others and does not echo", async () => {
    await threeShops();
    const group = await h.link();
    await h.settle();
    const n = "north-shop.myshopify.com";
    const v = h.store.findVariantBySku(n, "TEE-1")!;
    h.store.placeOrder(n, { lineItems: [{ variantId: v.id, quantity: 3 }] });
    const writesBefore = h.appWrites;
    await h.settle();
    for (const s of h.shops.keys()) expect(h.available(s, "TEE-1")).toBe(7);
    expect(h.appWrites - writesBefore).toBe(2);
    const item = await prisma.syncItem.findUniqueOrThrow({ where: { groupId_sku: { groupId: group.id, sku: "TEE-1" } } });
    expect(item.pool).toBe(7);
    // Echo webhooks of the two writes came back and changed nothing.
    const echoes = await prisma.syncObservation.count({ where: { result: "echo" } });
    expect(echoes).toBeGreaterThanOrEqual(2);
    // Redelivering everything changes nothing (P4).
    const again = [...h.delivered];
    for (const w of again) await h.deliver({ ...w });
    await h.settle();
    for (const s of h.shops.keys()) expect(h.available(s, "TEE-1")).toBe(7);
  });

  it("folds a concurrent edit that races a write (CHANGE_FROM_QUANTITY_STALE)", async () => {
    await threeShops();
    const group = await h.link();
    await h.settle();
    const n = "north-shop.myshopify.com";
    const s = "south-shop.myshopify.com";
    let raced = false;
    h.hook.beforeRequest = ({ shop, isMutation }) => {
      if (isMutation && shop === s && !raced) {
        raced = true;
        const v = h.store.findVariantBySku(s, "TEE-1")!;
        h.store.placeOrder(s, { lineItems: [{ variantId: v.id, quantity: 2 }] });
      }
    };
    const v = h.store.findVariantBySku(n, "TEE-1")!;
    h.store.placeOrder(n, { lineItems: [{ variantId: v.id, quantity: 1 }] });
    await h.settle();
    expect(raced).toBe(true);
    for (const sh of h.shops.keys()) expect(h.available(sh, "TEE-1")).toBe(7);
    const item = await prisma.syncItem.findUniqueOrThrow({ where: { groupId_sku: { groupId: group.id, sku: "TEE-1" } } });
    expect(item.pool).toBe(7);
    expect(await prisma.syncPendingWrite.count({ where: { status: "stale" } })).toBeGreaterThanOrEqual(1);
  });

  it("applies buffers per member", async () => {
    await threeShops();
    await h.link({ buffers: [0, 2, 20] });
    await h.settle();
    expect(h.available("north-shop.myshopify.com", "TEE-1")).toBe(10);
    expect(h.available("south-shop.myshopify.com", "TEE-1")).toBe(8);
    expect(h.available("east-shop.myshopify.com", "TEE-1")).toBe(0);
  });

  it("records why a store's number moved: an order webhook naming the variant makes the cause 'order'", async () => {
    await threeShops();
    const group = await h.link();
    await h.settle();
    const n = "north-shop.myshopify.com";
    const v = h.store.findVariantBySku(n, "TEE-1")!;
    const order = h.store.placeOrder(n, { lineItems: [{ variantId: v.id, quantity: 1 }] });
    await acceptDelivery({
      shop: n,
      topic: "orders/create",
      eventId: `order-${order.id}`,
      webhookId: `order-${order.id}`,
      apiVersion: "2026-10",
      triggeredAt: new Date(),
      headers: {},
      rawBody: JSON.stringify({ id: order.id, name: order.name, created_at: new Date().toISOString(), line_items: [{ id: 1, variant_id: v.id, quantity: 1 }] }),
    });
    await h.settle();
    const ev = await prisma.stockEvent.findFirst({ where: { groupId: group.id, sku: "TEE-1", shop: n, result: "applied" }, orderBy: { id: "desc" } });
    expect(ev?.cause).toBe("order");
    expect(ev?.delta).toBe(-1);
    // a manual edit stays "external"
    h.store.setAvailable(n, v.inventoryItemId, h.shops.get(n)!.locationId, 4);
    await h.settle();
    const ev2 = await prisma.stockEvent.findFirst({ where: { groupId: group.id, sku: "TEE-1", shop: n, result: "applied" }, orderBy: { id: "desc" } });
    expect(ev2?.cause).toBe("external");
  });
});
