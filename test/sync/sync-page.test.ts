// What the Sync page shows for an allocating group (issue 9 item 5): the mode, per SKU the pool
// and each store's allocation, and the rebalance history, each move with its cause — taken from
// one store before it is given to another.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { groupSkus, syncOverview } from "../../app/sync/overview.server";
import { Harness, resetSyncTables } from "./harness";

const A = "north-shop.myshopify.com";
const B = "south-shop.myshopify.com";
const SKU = "HAT-1";
let h: Harness;

beforeEach(async () => {
  await resetSyncTables();
  h = new Harness();
  for (const name of ["north-shop", "south-shop"]) {
    await h.addShop(name);
    await h.addProduct(`${name}.myshopify.com`, [{ sku: SKU, stock: 6 }]);
  }
});
afterEach(() => h.dispose());

describe("Sync page of a Guaranteed group", () => {
  it("shows the mode, each store's allocation and the rebalances that moved units to the selling store", async () => {
    const group = await h.link({ protection: "guaranteed", rule: { kind: "sum" } });
    await h.settle();
    const before = await groupSkus(A, group.id);
    expect(before.rows[0].pool).toBe(12);
    expect(before.rows[0].allocating).toBe(true);
    expect(before.rows[0].members.map((m) => m?.shows)).toEqual([6, 6]);

    // North sells its whole allocation, one order at a time: units must move from south.
    const v = h.store.findVariantBySku(A, SKU)!;
    for (let i = 0; i < 8; i++) {
      if (h.available(A, SKU) <= 0) break;
      h.store.placeOrder(A, { lineItems: [{ variantId: v.id, quantity: 1 }] });
      await h.settle();
    }
    const after = await groupSkus(A, group.id);
    const shows = after.rows[0].members.map((m) => m!.shows);
    expect(after.rows[0].pool).toBeLessThan(12);
    expect(shows[0] + shows[1]).toBe(after.rows[0].pool);
    expect(shows[0]).toBeGreaterThan(0);
    expect(shows[1]).toBeLessThan(6);

    for (const shop of [A, B]) {
      const { groups } = await syncOverview(shop);
      const g = groups[0];
      expect(g.protection).toBe("guaranteed");
      const moves = g.rebalances;
      const taken = moves.filter((e) => e.shop === B && e.result === "taken");
      const given = moves.filter((e) => e.shop === A && e.result === "given");
      expect(taken.length).toBeGreaterThan(0);
      expect(given.length).toBeGreaterThan(0);
      // Each move names its cause, and a take from south comes before the give to north.
      for (const e of moves) expect(e.detail ?? "").not.toBe("");
      expect(Math.min(...taken.map((e) => e.id))).toBeLessThan(Math.min(...given.map((e) => e.id)));
    }
  });
});
