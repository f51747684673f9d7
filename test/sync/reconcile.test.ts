import { afterEach, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { actOnException, exceptionTrail, listExceptions } from "../../app/sync/admin.server";
import { RECONCILE_GROUP_JOB } from "../../app/sync/jobs";
import { reconcileDueGroups, reconcileGroup } from "../../app/sync/reconcile.server";
import { Harness, resetSyncTables } from "./harness";

let h: Harness;
const N = "north-shop.myshopify.com";
const S = "south-shop.myshopify.com";

beforeEach(async () => {
  await resetSyncTables();
  h = new Harness();
  for (const name of ["north-shop", "south-shop"]) {
    await h.addShop(name);
    await h.addProduct(`${name}.myshopify.com`, [{ sku: "MUG-1", stock: 10 }]);
  }
});
afterEach(() => h.dispose());

function editBehindTheAppsBack(shop: string, value: number) {
  h.store.setAvailable(shop, h.itemOf(shop, "MUG-1"), h.shops.get(shop)!.locationId, value);
  h.outbox = []; // the webhook is dropped
}

describe("reconciliation", () => {
  it("folds small unexplained drift and converges", async () => {
    const g = await h.link({ driftThreshold: 5 });
    await h.settle();
    editBehindTheAppsBack(S, 12);
    await reconcileGroup(h.deps, g.id);
    await h.settle();
    expect(h.available(N, "MUG-1")).toBe(12);
    expect(h.available(S, "MUG-1")).toBe(12);
    const ev = await prisma.stockEvent.findFirst({ where: { cause: "reconciliation", result: "applied" } });
    expect(ev?.delta).toBe(2);
    expect((await listExceptions(N)).rows).toHaveLength(0);
  });

  it("explains differences by in-flight work instead of calling them drift", async () => {
    const g = await h.link({ driftThreshold: 1 });
    await h.settle();
    const v = h.store.findVariantBySku(N, "MUG-1")!;
    h.store.placeOrder(N, { lineItems: [{ variantId: v.id, quantity: 4 }] });
    const pending = [...h.outbox];
    h.outbox = [];
    for (const w of pending) await h.deliver(w); // stored, not processed yet
    await reconcileGroup(h.deps, g.id);
    await h.settle();
    expect((await listExceptions(N)).rows).toHaveLength(0);
    expect(h.available(S, "MUG-1")).toBe(6);
  });

  it("opens one drift exception above the threshold, pauses the SKU, and resolves with a note", async () => {
    const g = await h.link({ driftThreshold: 5 });
    await h.settle();
    editBehindTheAppsBack(S, 30);
    await reconcileGroup(h.deps, g.id);
    await h.settle();
    await reconcileGroup(h.deps, g.id); // a second pass does not open a second exception
    await h.settle();
    // The suspect number did not spread.
    expect(h.available(N, "MUG-1")).toBe(10);
    const { rows, counts } = await listExceptions(N);
    expect(rows).toHaveLength(1);
    expect(counts.drift.open).toBe(1);
    const ex = rows[0];
    expect(ex.class).toBe("drift");
    expect(ex.amount).toBe(20);
    const item = await prisma.syncItem.findFirstOrThrow({ where: { groupId: g.id, sku: "MUG-1" } });
    expect(item.paused).toBe(true);
    // A sale in the north store still counts while paused, but does not spread.
    const v = h.store.findVariantBySku(N, "MUG-1")!;
    h.store.placeOrder(N, { lineItems: [{ variantId: v.id, quantity: 1 }] });
    await h.settle();
    expect(h.available(S, "MUG-1")).toBe(30);

    await expect(actOnException(h.deps, S, ex.id, { action: "accept_store", note: "" })).rejects.toThrow(/note/);
    await actOnException(h.deps, S, ex.id, { action: "accept_store", note: "Cycle count in the south warehouse was right" });
    await h.settle();
    // Pool: 10 − 1 (sale) + 20 (accepted drift) = 29 everywhere.
    expect(h.available(N, "MUG-1")).toBe(29);
    expect(h.available(S, "MUG-1")).toBe(29);
    const { exception, trail, events } = await exceptionTrail(N, ex.id);
    expect(exception.status).toBe("resolved");
    expect(exception.resolutionNote).toMatch(/Cycle count/);
    expect(trail.map((t) => t.action)).toEqual(["opened", "requested:accept_store", "resolved:accept_store"]);
    expect(events.some((e) => e.result === "drift" && e.delta === 20)).toBe(true);
  });

  it("accept pool value overwrites the store", async () => {
    const g = await h.link({ driftThreshold: 5 });
    await h.settle();
    editBehindTheAppsBack(S, 0);
    await reconcileGroup(h.deps, g.id);
    await h.settle();
    const [ex] = (await listExceptions(S)).rows;
    expect(ex.amount).toBe(-10);
    await actOnException(h.deps, N, ex.id, { action: "accept_pool", note: "Mis-scan, the shelf has 10" });
    await h.settle();
    expect(h.available(S, "MUG-1")).toBe(10);
    expect(h.available(N, "MUG-1")).toBe(10);
  });

  it("the schedule reconciles each group once per its interval, the first one interval after enabling", async () => {
    const g = await h.link();
    await h.settle();
    const queued = () => prisma.job.count({ where: { name: RECONCILE_GROUP_JOB, status: "queued" } });
    // Enabling read every member: nothing is due yet.
    await reconcileDueGroups(h.deps);
    expect(await queued()).toBe(0);
    // Early in a later interval slot, so a minute on is the same slot.
    const { reconcileIntervalMs: interval } = await prisma.syncGroup.findUniqueOrThrow({ where: { id: g.id } });
    const due = new Date((Math.floor(Date.now() / interval) + 2) * interval + 1_000);
    await reconcileDueGroups(h.deps, due);
    // Still due a minute later (the run waits behind a backlog): no second full read is queued.
    await reconcileDueGroups(h.deps, new Date(due.getTime() + 60_000));
    expect(await queued()).toBe(1);
    const before = (await prisma.syncGroup.findUniqueOrThrow({ where: { id: g.id } })).lastReconciledAt!;
    await h.settle();
    expect((await prisma.syncGroup.findUniqueOrThrow({ where: { id: g.id } })).lastReconciledAt!.getTime()).toBeGreaterThan(before.getTime());
    await reconcileDueGroups(h.deps);
    expect(await queued()).toBe(0);
    await reconcileDueGroups(h.deps, new Date(Date.now() + 16 * 60_000));
    expect(await queued()).toBe(1);
  });
});
