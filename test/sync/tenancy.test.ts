import { afterEach, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { actOnException, exceptionsCsv, getException, listExceptions, shopFeed, shopLedger, skuTimeline } from "../../app/sync/admin.server";
import { syncOverview } from "../../app/sync/overview.server";
import { previewMatching as previewGroup } from "../../app/sync/enable.server";
import { setItemPaused, updateMember } from "../../app/sync/settings.server";
import { openException } from "../../app/sync/exceptions.server";
import { createGroup, createShareKey, joinGroup, revokeShareKey } from "../../app/sync/membership.server";
import { Harness, resetSyncTables } from "./harness";

let h: Harness;
const A = "north-shop.myshopify.com";
const B = "south-shop.myshopify.com";
const C = "rival-shop.myshopify.com";

beforeEach(async () => {
  await resetSyncTables();
  h = new Harness();
  for (const name of ["north-shop", "south-shop", "rival-shop"]) {
    await h.addShop(name);
    await h.addProduct(`${name}.myshopify.com`, [{ sku: "HAT-1", stock: 5 }, { sku: "HAT-2", stock: 5 }]);
  }
});
afterEach(() => h.dispose());

describe("multi-tenant safety of sync groups", () => {
  it("a shop cannot see or change a group, its ledger or its exceptions without joining", async () => {
    const { group, shareKey } = await createGroup(h.deps, A, { name: "Hats", locationId: h.shops.get(A)!.locationGid });
    await joinGroup(h.deps, B, shareKey, { locationId: h.shops.get(B)!.locationGid });
    await prisma.inventoryLevel.create({ data: { shop: A, inventoryItemId: "gid://shopify/InventoryItem/1", locationId: "gid://shopify/Location/1", available: 3, seenAt: new Date() } });
    const { exception } = await openException({ class: "drift", groupId: group.id, shop: A, sku: "HAT-1", subject: "HAT-1", title: "drift", amount: 9 });
    await prisma.stockEvent.create({ data: { groupId: group.id, sku: "HAT-1", shop: A, cause: "external", delta: -1, result: "applied" } });

    // The rival shop sees nothing and can do nothing.
    expect((await syncOverview(C)).groups).toHaveLength(0);
    await expect(previewGroup(group.id, C)).rejects.toThrow(/not found/);
    await expect(skuTimeline(C, group.id, "HAT-1")).rejects.toThrow(/not found/);
    await expect(getException(C, exception.id)).rejects.toThrow(/not found/);
    await expect(actOnException(h.deps, C, exception.id, { action: "accept_pool", note: "mine now" })).rejects.toThrow(/not found/);
    await expect(setItemPaused(h.deps, group.id, C, "HAT-1", true, "x")).rejects.toThrow(/not found/);
    await expect(updateMember(h.deps, group.id, C, { buffer: 3 })).rejects.toThrow(/not found/);
    await expect(createShareKey(group.id, C)).rejects.toThrow(/not found/);
    expect((await listExceptions(C, { status: "all" })).rows).toHaveLength(0);
    expect(await exceptionsCsv(C)).not.toContain(exception.id);
    expect((await shopFeed(C)).rows).toHaveLength(0);
    expect(await shopLedger(C)).toHaveLength(0);
    // Members see it; the ledger stays per shop even for members.
    expect((await listExceptions(B)).rows.map((r) => r.id)).toEqual([exception.id]);
    expect((await skuTimeline(B, group.id, "HAT-1")).events).toHaveLength(1);
    expect(await shopLedger(B)).toHaveLength(0);
    expect(await shopLedger(A)).toHaveLength(1);
  });

  it("share keys are single-use, revocable and scoped", async () => {
    const { group, shareKey } = await createGroup(h.deps, A, { name: "Hats", locationId: h.shops.get(A)!.locationGid });
    await expect(joinGroup(h.deps, C, "SRK-WRONG-KEY00-00000", { locationId: h.shops.get(C)!.locationGid })).rejects.toThrow(/not valid/);
    await joinGroup(h.deps, B, shareKey, { locationId: h.shops.get(B)!.locationGid });
    await expect(joinGroup(h.deps, C, shareKey, { locationId: h.shops.get(C)!.locationGid })).rejects.toThrow(/not valid/);
    const { key, row } = await createShareKey(group.id, A);
    await revokeShareKey(group.id, A, row.id);
    await expect(joinGroup(h.deps, C, key, { locationId: h.shops.get(C)!.locationGid })).rejects.toThrow(/not valid/);
    // An uninstalled shop cannot join.
    const fresh = await createShareKey(group.id, A);
    await prisma.shop.update({ where: { domain: C }, data: { uninstalledAt: new Date() } });
    await expect(joinGroup(h.deps, C, fresh.key, { locationId: h.shops.get(C)!.locationGid })).rejects.toThrow(/Install/);
  });

  it("preview shows matched, unmatched, conflicting and missing keys", async () => {
    await h.addProduct(B, [{ sku: "HAT-1", stock: 1 }]); // a duplicate SKU in B
    await h.addProduct(A, [{ sku: "ONLY-A", stock: 1 }]);
    const { group, shareKey } = await createGroup(h.deps, A, { name: "Hats", locationId: h.shops.get(A)!.locationGid });
    await joinGroup(h.deps, B, shareKey, { locationId: h.shops.get(B)!.locationGid });
    await prisma.catalogVariant.create({ data: { shop: A, variantId: "gid://shopify/ProductVariant/999999", productId: "gid://shopify/Product/1", title: "No sku", sku: null } });
    const p = await previewGroup(group.id, B);
    expect(p.matched.map((r) => r.key)).toEqual(["HAT-2"]);
    expect(p.unmatched.map((r) => r.key)).toEqual(["ONLY-A"]);
    expect(p.conflicting.map((c) => [c.key, c.shop])).toEqual([["HAT-1", B]]);
    expect(p.missingKey).toHaveLength(1);
  });
});
