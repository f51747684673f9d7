// Issue 9 item 4: the starting pool is shown before anything is written. North has 11 units of a
// SKU and south 22 (two separate stockrooms). The preview shows both values and what every rule
// would give; "Sum" pools them to 33; nothing reaches a store (or the app's sync tables) until the
// merchant confirms, and enabling writes exactly what the preview showed, naming the rule.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { enableGroup, previewStart } from "../../app/sync/enable.server";
import { createGroup, joinGroup } from "../../app/sync/membership.server";
import { syncOverview } from "../../app/sync/overview.server";
import type { StartRule } from "../../app/sync/start-rules";
import type { Protection } from "../../app/sync/targets";
import { Harness, resetSyncTables } from "./harness";

const A = "north-shop.myshopify.com";
const B = "south-shop.myshopify.com";
const SKU = "SR-BAC-008-FOR";
let h: Harness;
let mutations: string[];

beforeEach(async () => {
  await resetSyncTables();
  h = new Harness();
  await h.addShop("north-shop");
  await h.addShop("south-shop");
  await h.addProduct(A, [{ sku: SKU, stock: 11 }]);
  await h.addProduct(B, [{ sku: SKU, stock: 22 }]);
  mutations = [];
  h.hook.beforeRequest = (info) => {
    if (info.isMutation) mutations.push(`${info.shop}: ${info.body.query.slice(0, 60)}`);
  };
});
afterEach(() => h.dispose());

/** A draft group of north (owner) and south, not enabled. */
async function draftGroup(protection: Protection) {
  const { group, shareKey } = await createGroup(h.deps, A, { name: "Stockrooms", protection, locationId: h.shops.get(A)!.locationGid, buffer: 0 });
  await joinGroup(h.deps, B, shareKey, { locationId: h.shops.get(B)!.locationGid, buffer: 0 });
  await h.settle();
  return group;
}

async function nothingWritten() {
  expect(mutations).toEqual([]);
  expect([h.available(A, SKU), h.available(B, SKU)]).toEqual([11, 22]);
  expect(await prisma.syncItem.count()).toBe(0);
  expect(await prisma.syncLink.count()).toBe(0);
  expect(await prisma.stockEvent.count({ where: { sku: SKU } })).toBe(0);
}

describe("starting pool with 11 (north) and 22 (south)", () => {
  it("the preview shows both values and the outcome of every rule; nothing is written", async () => {
    const group = await draftGroup("off");
    const rules: [StartRule, number][] = [
      [{ kind: "store", shop: A }, 11],
      [{ kind: "store", shop: B }, 22],
      [{ kind: "sum" }, 33],
      [{ kind: "lowest" }, 11],
    ];
    for (const [rule, pool] of rules) {
      const plan = await previewStart(h.deps, group.id, A, rule);
      expect(plan.rows).toHaveLength(1);
      const row = plan.rows[0];
      expect(row.key).toBe(SKU);
      expect(row.members.map((m) => [m.shop, m.current])).toEqual([
        [A, 11],
        [B, 22],
      ]);
      expect(row.pool).toBe(pool);
      // Off mirrors: every store will show the pool.
      expect(row.members.map((m) => m.target)).toEqual([pool, pool]);
      expect(row.outcomes).toEqual([
        { label: "north-shop", pool: 11 },
        { label: "south-shop", pool: 22 },
        { label: "Sum", pool: 33 },
        { label: "Lowest", pool: 11 },
      ]);
    }
    expect(await prisma.syncStartPlan.count({ where: { groupId: group.id } })).toBe(4);
    await nothingWritten();

    // The Sync page shows the latest preview (Sum was not last: lowest was).
    const { groups } = await syncOverview(A);
    expect(groups[0].group.status).toBe("draft");
    expect(groups[0].plan?.rows[0].members.map((m) => m.current)).toEqual([11, 22]);
  });

  it("Sum, confirmed: the pool is 33, the stores get exactly the previewed values, and the trail names the rule", async () => {
    const group = await draftGroup("off");
    const plan = await previewStart(h.deps, group.id, A, { kind: "sum" });
    expect(plan.rows[0].pool).toBe(33);
    expect(plan.rows[0].words).toBe("sum of the stores' counts (11 + 22 = 33)");
    await h.settle();
    await nothingWritten();

    const r = await enableGroup(h.deps, group.id, A, { planId: plan.id });
    expect(r.status).toBe("enabled");
    await h.settle();
    const item = await prisma.syncItem.findFirstOrThrow({ where: { groupId: group.id, sku: SKU } });
    expect(item.pool).toBe(33);
    expect([h.available(A, SKU), h.available(B, SKU)]).toEqual(plan.rows[0].members.map((m) => m.target));
    expect([h.available(A, SKU), h.available(B, SKU)]).toEqual([33, 33]);
    const trail = await prisma.stockEvent.findMany({ where: { groupId: group.id, sku: SKU, detail: { contains: "starting pool" } } });
    expect(trail.map((e) => e.shop).sort()).toEqual([A, B]);
    for (const e of trail) expect(e.detail).toContain("Sum (separate stock pooled)");
  });

  it("Sum under Guaranteed: the two allocations add up to 33, exactly as previewed", async () => {
    const group = await draftGroup("guaranteed");
    const plan = await previewStart(h.deps, group.id, A, { kind: "sum" });
    const targets = plan.rows[0].members.map((m) => m.target);
    expect(plan.rows[0].allocating).toBe(true);
    expect(targets.reduce((a, b) => a + b, 0)).toBe(33);
    expect(Math.abs(targets[0] - targets[1])).toBeLessThanOrEqual(1);
    await nothingWritten();

    expect((await enableGroup(h.deps, group.id, A, { planId: plan.id })).status).toBe("enabled");
    await h.settle();
    expect([h.available(A, SKU), h.available(B, SKU)]).toEqual(targets);
    expect((await prisma.syncItem.findFirstOrThrow({ where: { groupId: group.id } })).pool).toBe(33);
  });

  it("a store's number moves after the preview: enabling writes nothing and shows a fresh preview", async () => {
    const group = await draftGroup("off");
    const plan = await previewStart(h.deps, group.id, A, { kind: "sum" });
    h.store.setAvailable(B, h.itemOf(B, SKU), h.shops.get(B)!.locationId, 20);
    await h.settle();
    mutations = [];
    const r = await enableGroup(h.deps, group.id, A, { planId: plan.id });
    expect(r.status).toBe("changed");
    if (r.status !== "changed") return;
    expect(r.changed).toEqual([SKU]);
    expect(r.plan.rows[0].pool).toBe(31);
    expect(mutations).toEqual([]);
    expect([h.available(A, SKU), h.available(B, SKU)]).toEqual([11, 20]);
    expect(await prisma.syncLink.count()).toBe(0);
    expect((await prisma.syncGroup.findUniqueOrThrow({ where: { id: group.id } })).status).toBe("draft");
  });
});
