import { afterEach, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { RECONCILE_ALL_JOB, RECONCILE_SCHEDULE } from "../../app/sync/jobs";
import { Harness, resetSyncTables } from "./harness";

let h: Harness;
const SRC = "source-shop.myshopify.com";
const DST = "dest-shop.myshopify.com";

beforeEach(async () => {
  await resetSyncTables();
  h = new Harness();
  await h.addShop("source-shop");
  await h.addProduct(SRC, [{ sku: "BAG-1", stock: 20 }]);
  await h.addShop("dest-shop");
  await h.addProduct(DST, [{ sku: "BAG-1", stock: 3 }]);
});
afterEach(() => h.dispose());

describe("source → destinations mode", () => {
  it("the source is the truth: sales in a destination reach the source, manual edits there are overwritten", async () => {
    const g = await h.link({ mode: "source" });
    await h.settle();
    expect(h.available(DST, "BAG-1")).toBe(20);
    // a paid order in the destination decrements the source
    const v = h.store.findVariantBySku(DST, "BAG-1")!;
    h.store.placeOrder(DST, { lineItems: [{ variantId: v.id, quantity: 2 }] });
    await h.settle();
    expect(h.available(SRC, "BAG-1")).toBe(18);
    expect(h.available(DST, "BAG-1")).toBe(18);
    // a manual edit in the destination is overwritten with the source's number
    h.store.setAvailable(DST, v.inventoryItemId, h.shops.get(DST)!.locationId, 50);
    await h.settle();
    expect(h.available(DST, "BAG-1")).toBe(18);
    expect(h.available(SRC, "BAG-1")).toBe(18);
    const ev = await prisma.stockEvent.findFirst({ where: { groupId: g.id, shop: DST, result: "overwritten" } });
    expect(ev?.delta).toBe(32);
    // a restock in the source flows to the destination
    h.store.setAvailable(SRC, h.itemOf(SRC, "BAG-1"), h.shops.get(SRC)!.locationId, 40);
    await h.settle();
    expect(h.available(DST, "BAG-1")).toBe(40);
  });

  it("enabling a group schedules reconciliation", async () => {
    await h.link();
    const s = await prisma.jobSchedule.findUniqueOrThrow({ where: { name: RECONCILE_SCHEDULE } });
    expect(s.jobName).toBe(RECONCILE_ALL_JOB);
  });
});
