// Contract 3 (sync ↔ channels): a feed's stock enters a group SKU's pool once per idempotency key,
// folded by the SKU's serialized job (cause "feed"), then propagated or rebalanced.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { submitPoolInput, type PoolInput } from "../../app/sync/pool-input.server";
import { Harness, resetSyncTables } from "./harness";

let h: Harness;
const A = "north-shop.myshopify.com";
const B = "south-shop.myshopify.com";

beforeEach(async () => {
  await resetSyncTables();
  h = new Harness();
  for (const name of ["north-shop", "south-shop"]) {
    await h.addShop(name);
    await h.addProduct(`${name}.myshopify.com`, [{ sku: "FEED-1", stock: 10 }]);
  }
});
afterEach(() => h.dispose());

const input = (groupId: string, o: Partial<PoolInput>): PoolInput => ({ groupId, sku: "FEED-1", kind: "set", quantity: 0, cause: "feed", source: { feedId: "feed-1", runId: "run-1", row: 1 }, idempotencyKey: "feed-1:run-1:1", ...o });

describe("submitPoolInput", () => {
  it("sets the pool once per idempotency key, records a 'feed' stock event and propagates", async () => {
    const g = await h.link({ protection: "off" });
    await h.settle();
    expect(await submitPoolInput(input(g.id, { quantity: 25 }), { queue: h.deps.queue })).toMatchObject({ status: "accepted" });
    await h.settle();
    expect([h.available(A, "FEED-1"), h.available(B, "FEED-1")]).toEqual([25, 25]);
    const ev = await prisma.stockEvent.findFirstOrThrow({ where: { groupId: g.id, sku: "FEED-1", cause: "feed" } });
    expect([ev.delta, ev.poolAfter, ev.result]).toEqual([15, 25, "applied"]);
    // A resumed feed run sends the same row again: nothing changes.
    expect(await submitPoolInput(input(g.id, { quantity: 25 }))).toMatchObject({ status: "duplicate" });
    await h.settle();
    expect((await prisma.syncItem.findFirstOrThrow({ where: { groupId: g.id, sku: "FEED-1" } })).pool).toBe(25);
    expect(await prisma.stockEvent.count({ where: { groupId: g.id, cause: "feed" } })).toBe(1);
    // A delta moves the pool by its amount.
    await submitPoolInput(input(g.id, { kind: "delta", quantity: -5, idempotencyKey: "feed-1:run-2:1" }));
    await h.settle();
    expect([h.available(A, "FEED-1"), h.available(B, "FEED-1")]).toEqual([20, 20]);
  });

  it("under Guaranteed the stores' allocations add up to the new pool", async () => {
    const g = await h.link({ protection: "guaranteed", rule: { kind: "sum" } });
    await h.settle();
    expect(h.available(A, "FEED-1") + h.available(B, "FEED-1")).toBe(20);
    await submitPoolInput(input(g.id, { quantity: 7 }));
    await h.settle();
    expect(h.available(A, "FEED-1") + h.available(B, "FEED-1")).toBe(7);
    expect((await prisma.syncItem.findFirstOrThrow({ where: { groupId: g.id, sku: "FEED-1" } })).pool).toBe(7);
  });

  it("a SKU the group does not sync is recorded once and opens an unknown_sku exception", async () => {
    const g = await h.link();
    await h.settle();
    expect(await submitPoolInput(input(g.id, { sku: "NOPE", quantity: 3 }))).toMatchObject({ status: "unknown_sku" });
    expect(await submitPoolInput(input(g.id, { sku: "NOPE", quantity: 3 }))).toMatchObject({ status: "duplicate" });
    expect(await prisma.syncException.count({ where: { groupId: g.id, class: "unknown_sku", status: "open" } })).toBe(1);
  });

  it("commits with the caller's transaction: a rolled-back feed row leaves nothing", async () => {
    const g = await h.link();
    await h.settle();
    await expect(
      prisma.$transaction(async (tx) => {
        await submitPoolInput(input(g.id, { quantity: 3 }), { tx });
        throw new Error("feed row failed");
      }),
    ).rejects.toThrow(/feed row failed/);
    expect(await prisma.syncPoolInput.count()).toBe(0);
    expect(await prisma.job.count({ where: { name: "sync.item", status: "queued" } })).toBe(0);
    await expect(submitPoolInput(input(g.id, { quantity: -1 }))).rejects.toThrow(/Invalid set quantity/);
  });
});
