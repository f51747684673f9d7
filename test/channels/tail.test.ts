// The outbound tail: recorded stock events and exceptions become normalized events once each.
import { afterAll, beforeEach, expect, it } from "vitest";
import prisma from "../../app/db.server";
import type { ChannelDeps } from "../../app/channels/deps";
import { createEndpoint } from "../../app/channels/endpoints.server";
import { stockEventsFor, tailOnce } from "../../app/channels/tail.server";
import { RecordingQueue } from "./helpers";

const SHOP = "tail-shop.myshopify.com";
let deps: ChannelDeps;
beforeEach(async () => {
  await prisma.$transaction([prisma.channelDelivery.deleteMany(), prisma.channelEvent.deleteMany(), prisma.channelEndpoint.deleteMany(), prisma.channelCursor.deleteMany(), prisma.stockEvent.deleteMany(), prisma.syncException.deleteMany(), prisma.webhookInbox.deleteMany({ where: { shop: SHOP } }), prisma.syncLink.deleteMany({ where: { shop: SHOP } })]);
  deps = { queue: new RecordingQueue(), outbound: () => ({}) };
});
afterAll(() => prisma.$disconnect());

it("classifies crossings: sold out, back in stock, low", () => {
  const e = (valueAfter: number, delta: number) => stockEventsFor({ shop: SHOP, sku: "A", locationId: null, delta, valueAfter, cause: "order" }).map((x) => x.type);
  expect(e(0, -2)).toEqual(["stock.changed", "stock.sold_out"]);
  expect(e(3, 3)).toEqual(["stock.changed", "stock.back_in_stock"]);
  expect(e(4, -3)).toEqual(["stock.changed", "stock.low"]);
  expect(e(20, -1)).toEqual(["stock.changed"]);
  expect(stockEventsFor({ shop: SHOP, sku: null, locationId: null, delta: 1, valueAfter: 1, cause: "x" })).toEqual([]);
});

it("emits each recorded stock event and exception once, from the first endpoint's registration on", async () => {
  // History from before the first endpoint is not replayed …
  await prisma.stockEvent.create({ data: { shop: SHOP, sku: "OLD", cause: "order", delta: -1, valueAfter: 4, result: "applied" } });
  await new Promise((r) => setTimeout(r, 5));
  await createEndpoint(SHOP, { name: "ERP", url: "https://erp.example.com/hook" });
  // … but what happens before the tail's first pass (it runs every few seconds) is not skipped.
  await prisma.stockEvent.create({ data: { shop: SHOP, sku: "A", cause: "order", delta: -1, valueAfter: 0, result: "applied" } });
  await prisma.stockEvent.create({ data: { shop: SHOP, sku: "B", cause: "order", delta: -1, valueAfter: 9, result: "echo" } });
  await new Promise((r) => setTimeout(r, 5));
  await prisma.syncException.create({ data: { class: "drift", shop: SHOP, sku: "A", title: "Drift on A", slaDueAt: new Date(Date.now() + 3_600_000), trail: "[]", members: "[]" } });
  expect(await tailOnce(deps)).toBe(3);
  const types = (await prisma.channelEvent.findMany({ orderBy: { createdAt: "asc" } })).map((e) => `${e.type}:${e.sku}`).sort();
  expect(types).toEqual(["exception.opened:A", "stock.changed:A", "stock.sold_out:A"]);
  expect(await tailOnce(deps)).toBe(0);
});

it("emits order.synced once, at the stock event that completes the order's linked SKUs, with its lines; SKU filters match any line", async () => {
  const all = await createEndpoint(SHOP, { name: "ERP", url: "https://erp.example.com/hook" });
  const onlyB = await createEndpoint(SHOP, { name: "B only", url: "https://b.example.com/hook", events: ["order.synced"], skus: ["B"] });
  const onlyZ = await createEndpoint(SHOP, { name: "Z only", url: "https://z.example.com/hook", skus: ["Z"] });
  expect(await tailOnce(deps)).toBe(0); // cursor at the newest fact
  // An order of A ×2, B ×1 and an unlinked variant; A and B sync in this shop.
  const payload = { id: 4401, admin_graphql_api_id: "gid://shopify/Order/4401", line_items: [{ variant_id: 11, quantity: 2 }, { variant_id: 12, quantity: 1 }, { variant_id: 99, quantity: 5 }] };
  const inbox = await prisma.webhookInbox.create({ data: { shop: SHOP, topic: "orders/create", eventId: "ev-4401", webhookId: "wh-4401", apiVersion: "2026-10", headers: "{}", payload: JSON.stringify(payload), variantIds: " 11 12 99 " } });
  for (const [sku, v] of [["A", 11], ["B", 12]] as const)
    await prisma.syncLink.create({ data: { groupId: "g1", itemId: `item-${sku}`, memberId: "m1", shop: SHOP, sku, inventoryItemId: `gid://shopify/InventoryItem/${v}`, variantId: `gid://shopify/ProductVariant/${v}`, locationId: "gid://shopify/Location/1", lastSeen: 10, lastSeenAt: new Date() } });
  const ref = `inbox:${inbox.id}`;
  // A's job runs first: the order is not synced yet.
  await prisma.stockEvent.create({ data: { shop: SHOP, sku: "A", cause: "order", delta: -2, valueAfter: 8, result: "applied", detail: ref } });
  await tailOnce(deps);
  expect(await prisma.channelEvent.count({ where: { type: "order.synced" } })).toBe(0);
  // B's job applies the rest (and a sync write elsewhere in the group is no order fact).
  await prisma.stockEvent.create({ data: { shop: SHOP, sku: "B", cause: "order", delta: -1, valueAfter: 9, result: "applied", detail: ref } });
  await prisma.stockEvent.create({ data: { shop: SHOP, sku: "B", cause: "sync_write", delta: -1, valueAfter: 9, result: "written" } });
  await tailOnce(deps);
  const synced = await prisma.channelEvent.findMany({ where: { type: "order.synced" } });
  expect(synced).toHaveLength(1);
  const body = JSON.parse(synced[0].body);
  expect(body.data).toEqual({ orderId: "gid://shopify/Order/4401", shop: SHOP, lines: [{ sku: "A", quantity: 2 }, { sku: "B", quantity: 1 }] });
  const to = (await prisma.channelDelivery.findMany({ where: { eventId: synced[0].id } })).map((d) => d.endpointId).sort();
  expect(to).toEqual([all.id, onlyB.id].sort());
  expect(to).not.toContain(onlyZ.id);
  // Nothing more on later passes.
  await tailOnce(deps);
  expect(await prisma.channelEvent.count({ where: { type: "order.synced" } })).toBe(1);
});
