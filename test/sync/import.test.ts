import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { latestImport, startBulkLevelsRun as startRun, CATALOG_LEVELS_BULK_QUERY } from "../../app/import/bulk-import.server";
import { acceptDelivery } from "../../app/webhooks/intake.server";
import { bulkFinishPayload } from "../../dev/webhooks/payloads.ts";
import { parseGid, type BulkOperationEvent } from "../../dev/store/index.ts";
import { adminSchema } from "../../dev/admin/schema.ts";
import { parse, validate } from "graphql";
import { Harness, resetSyncTables } from "./harness";

let h: Harness;
beforeEach(async () => {
  await resetSyncTables();
  h = new Harness();
});
afterEach(() => h.dispose());

const startBulkLevelsRun = (shop: string) => startRun(h.deps.admin(shop), shop);

function finishDelivery(shop: string, e: BulkOperationEvent) {
  return acceptDelivery({ shop, topic: "bulk_operations/finish", eventId: randomUUID(), webhookId: randomUUID(), apiVersion: "2026-10", triggeredAt: new Date(), headers: {}, rawBody: JSON.stringify(bulkFinishPayload(h.store, shop, e.bulkOperation)) });
}

describe("bulk import", () => {
  it("the bulk query is valid against the 2026-10 schema", () => {
    expect(validate(adminSchema(), parse(CATALOG_LEVELS_BULK_QUERY)).map((e) => e.message)).toEqual([]);
  });

  it("streams a bulk operation's JSONL into the catalog and the ledger when bulk_operations/finish arrives", async () => {
    const shop = (await h.addShop("north-shop")).domain;
    h.store.createLocation(shop, { name: "Warehouse" });
    for (let p = 0; p < 30; p++) h.store.createProduct(shop, { title: `P${p}`, options: [{ name: "S", values: ["a", "b", "c"] }], variants: ["a", "b", "c"].map((x, i) => ({ title: x, sku: `S-${p}-${x}`, stock: p + i, options: [x] })) });
    await prisma.catalogVariant.deleteMany({ where: { shop } });
    const finished = new Promise<BulkOperationEvent>((resolve) => {
      const off = h.store.on("bulk_operation", (e) => {
        off();
        resolve(e);
      });
    });
    const run = await startBulkLevelsRun(shop);
    expect(run.status).toBe("running");
    expect((await latestImport(shop))?.status).toBe("running");
    const e = await finished;
    await acceptDelivery({
      shop,
      topic: "bulk_operations/finish",
      eventId: randomUUID(),
      webhookId: randomUUID(),
      apiVersion: "2026-10",
      triggeredAt: new Date(),
      headers: {},
      rawBody: JSON.stringify(bulkFinishPayload(h.store, shop, e.bulkOperation)),
    });
    await h.settle();
    const done = await latestImport(shop);
    expect(done?.status).toBe("completed");
    expect(done?.variants).toBe(90);
    expect(done?.levels).toBe(180);
    expect(await prisma.catalogVariant.count({ where: { shop } })).toBe(90);
    expect(await prisma.catalogProduct.count({ where: { shop } })).toBe(30);
    const v = h.store.findVariantBySku(shop, "S-7-b")!;
    const rows = await prisma.inventoryLevel.findMany({ where: { shop, inventoryItemId: `gid://shopify/InventoryItem/${v.inventoryItemId}` } });
    expect(rows.map((r) => r.available)).toEqual([8, 8]); // the stock number applies to every location
    const variant = await prisma.catalogVariant.findFirstOrThrow({ where: { shop, sku: "S-7-b" } });
    expect(parseGid(variant.inventoryItemId!)?.id).toBe(v.inventoryItemId);

    // A second import (not fresh) keeps ledger rows a webhook made newer than the operation.
    const newer = new Date(Date.now() + 60_000);
    await prisma.inventoryLevel.updateMany({ where: { shop, inventoryItemId: rows[0].inventoryItemId }, data: { available: 99, seenAt: newer } });
    const finished2 = new Promise<BulkOperationEvent>((resolve) => {
      const off = h.store.on("bulk_operation", (ev) => {
        off();
        resolve(ev);
      });
    });
    await startBulkLevelsRun(shop);
    const e2 = await finished2;
    await finishDelivery(shop, e2);
    await h.settle();
    expect(await prisma.catalogVariant.count({ where: { shop } })).toBe(90);
    expect(await prisma.inventoryLevel.count({ where: { shop } })).toBe(180);
    expect((await prisma.inventoryLevel.findMany({ where: { shop, inventoryItemId: rows[0].inventoryItemId } })).map((r) => r.available)).toEqual([99, 99]);
  });

  it("a shop joining an active group with no catalog yet is imported, then linked and synced", async () => {
    const north = await h.addShop("north-shop");
    await h.addProduct(north.domain, [{ sku: "JOIN-1", stock: 9 }]);
    const south = await h.addShop("south-shop");
    h.store.createProduct(south.domain, { title: "J", variants: [{ title: "J", sku: "JOIN-1", stock: 2 }] });
    const { createGroup, joinGroup } = await import("../../app/sync/membership.server");
    const { enableGroup } = await import("../../app/sync/enable.server");
    const { group, shareKey } = await createGroup(h.deps, north.domain, { name: "G", locationId: north.locationGid });
    await enableGroup(h.deps, group.id, north.domain);
    await h.settle();
    const finished = new Promise<BulkOperationEvent>((resolve) => {
      const off = h.store.on("bulk_operation", (ev) => {
        off();
        resolve(ev);
      });
    });
    await joinGroup(h.deps, south.domain, shareKey, { locationId: south.locationGid });
    expect((await latestImport(south.domain))?.status).toBe("running");
    const e = await finished;
    await acceptDelivery({ shop: south.domain, topic: "bulk_operations/finish", eventId: randomUUID(), webhookId: randomUUID(), apiVersion: "2026-10", triggeredAt: new Date(), headers: {}, rawBody: JSON.stringify(bulkFinishPayload(h.store, south.domain, e.bulkOperation)) });
    await h.settle();
    // Nobody has bought JOIN-1 yet, so Automatic allocates north's 9 units over both stores.
    const shown = [h.available(north.domain, "JOIN-1"), h.available(south.domain, "JOIN-1")];
    expect(shown[0] + shown[1]).toBe(9);
    expect(Math.min(...shown)).toBeGreaterThan(0);
  });
});
