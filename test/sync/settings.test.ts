// Issue 11 items 3 and 4: the Sync page's settings save while sync is active, and members are
// shown with their location names (the app reads them from the Admin API when mapping).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { syncOverview } from "../../app/sync/overview.server";
import { setGroupStatus, updateGroupSettings } from "../../app/sync/settings.server";
import { Harness, resetSyncTables } from "./harness";

let h: Harness;
const A = "north-shop.myshopify.com";
const B = "south-shop.myshopify.com";

beforeEach(async () => {
  await resetSyncTables();
  h = new Harness();
  for (const name of ["north-shop", "south-shop"]) {
    await h.addShop(name);
    await h.addProduct(`${name}.myshopify.com`, [{ sku: "HAT-1", stock: 5 }]);
  }
});
afterEach(() => h.dispose());

describe("updateGroupSettings", () => {
  it("saves the drift threshold and reconcile interval of an active group when the form posts its unchanged mode and matching", async () => {
    const group = await h.link();
    await h.settle();
    expect((await prisma.syncGroup.findUniqueOrThrow({ where: { id: group.id } })).status).toBe("active");
    // What the Sync page's "Save settings" form posts: every field, mode and matchBy unchanged.
    await updateGroupSettings(group.id, A, { mode: "shared", matchBy: "sku", sourceShop: null, driftThreshold: 9, reconcileIntervalMs: 20 * 60_000 });
    const saved = await prisma.syncGroup.findUniqueOrThrow({ where: { id: group.id } });
    expect(saved.driftThreshold).toBe(9);
    expect(saved.reconcileIntervalMs).toBe(20 * 60_000);
    expect(saved.mode).toBe("shared");
  });

  it("refuses to change mode or matching while active, and allows it once paused", async () => {
    const group = await h.link();
    await h.settle();
    await expect(updateGroupSettings(group.id, A, { mode: "source", sourceShop: A })).rejects.toThrow(/Pause the group/);
    await expect(updateGroupSettings(group.id, A, { matchBy: "barcode" })).rejects.toThrow(/Pause the group/);
    expect((await prisma.syncGroup.findUniqueOrThrow({ where: { id: group.id } })).mode).toBe("shared");
    await setGroupStatus(h.deps, group.id, A, "paused");
    await updateGroupSettings(group.id, A, { mode: "source", sourceShop: B, matchBy: "barcode" });
    const saved = await prisma.syncGroup.findUniqueOrThrow({ where: { id: group.id } });
    expect([saved.mode, saved.sourceShop, saved.matchBy]).toEqual(["source", B, "barcode"]);
  });

  it("only a member can change settings; the source must be a member", async () => {
    const group = await h.link();
    await expect(updateGroupSettings(group.id, "rival.myshopify.com", { driftThreshold: 1 })).rejects.toThrow(/not found/);
    await setGroupStatus(h.deps, group.id, A, "paused");
    await expect(updateGroupSettings(group.id, A, { mode: "source", sourceShop: "rival.myshopify.com" })).rejects.toThrow(/member/);
  });
});

describe("Sync page members", () => {
  it("are shown with their location names, for this store and the other members", async () => {
    await h.link();
    const names = [A, B].map((s) => h.store.listLocations(s)[0].name);
    for (const shop of [A, B]) {
      const { groups } = await syncOverview(shop);
      const members = groups[0].members as unknown as { shop: string; locationName?: string | null }[];
      expect(members.map((m) => [m.shop, m.locationName])).toEqual([
        [A, names[0]],
        [B, names[1]],
      ]);
    }
  });
});
