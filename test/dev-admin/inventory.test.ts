import { describe, expect, it } from "vitest";
import type { InventoryEvent } from "../../dev/store/index.ts";
import { SHOP, setup } from "./helpers.ts";

const SET = `mutation Set($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id reason referenceDocumentUri changes { name delta quantityAfterChange item { id } location { id } } }
    userErrors { field message code }
  }
}`;
const ADJUST = `mutation Adj($input: InventoryAdjustQuantitiesInput!, $key: String!) {
  inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id changes { name delta quantityAfterChange } }
    userErrors { field message code }
  }
}`;

function ids(s: ReturnType<typeof setup>, p = 0, v = 0) {
  const item = s.products[p].items[v];
  return { itemId: item.id, item: `gid://shopify/InventoryItem/${item.id}`, loc1: `gid://shopify/Location/${s.loc1.id}`, loc2: `gid://shopify/Location/${s.loc2.id}` };
}

describe("inventorySetQuantities (2026-10 rules)", () => {
  it("compare-and-set: matching changeFromQuantity writes, keeps on_hand in step and emits one event per level", async () => {
    const s = setup();
    const { item, itemId, loc1 } = ids(s);
    const events: InventoryEvent[] = [];
    s.store.on("inventory", (e) => events.push(e));
    const r = await s.gql(SET, { key: "k1", input: { name: "available", reason: "correction", referenceDocumentUri: "stockroom://sync/1", quantities: [{ inventoryItemId: item, locationId: loc1, quantity: 8, changeFromQuantity: 5 }] } });
    const p = r.json.data.inventorySetQuantities;
    expect(p.userErrors).toEqual([]);
    expect(p.inventoryAdjustmentGroup.changes).toEqual([
      { name: "available", delta: 3, quantityAfterChange: 8, item: { id: item }, location: { id: loc1 } },
      { name: "on_hand", delta: 3, quantityAfterChange: 8, item: { id: item }, location: { id: loc1 } },
    ]);
    expect(s.store.getLevel(SHOP, itemId, s.loc1.id)!.quantities).toMatchObject({ available: 8, on_hand: 8 });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ shop: SHOP, inventoryItemId: itemId, locationId: s.loc1.id, available: 8, cause: "api_set", reference: "stockroom://sync/1", appKey: "test-api-key" });
  });

  it("stale changeFromQuantity → CHANGE_FROM_QUANTITY_STALE and nothing is written (whole input)", async () => {
    const s = setup();
    const { item, itemId, loc1, loc2 } = ids(s);
    let events = 0;
    s.store.on("inventory", () => events++);
    const r = await s.gql(SET, {
      key: "k2",
      input: {
        name: "available",
        reason: "correction",
        quantities: [
          { inventoryItemId: item, locationId: loc2, quantity: 1, changeFromQuantity: 2 }, // correct
          { inventoryItemId: item, locationId: loc1, quantity: 1, changeFromQuantity: 4 }, // stale (is 5)
        ],
      },
    });
    const p = r.json.data.inventorySetQuantities;
    expect(p.inventoryAdjustmentGroup).toBeNull();
    expect(p.userErrors).toEqual([{ field: ["input", "quantities", "1", "changeFromQuantity"], message: "The changeFromQuantity value does not match persisted value.", code: "CHANGE_FROM_QUANTITY_STALE" }]);
    expect(s.store.getQuantity(SHOP, itemId, s.loc1.id)).toBe(5);
    expect(s.store.getQuantity(SHOP, itemId, s.loc2.id)).toBe(2);
    expect(events).toBe(0);
  });

  it("explicit null opts out of the check", async () => {
    const s = setup();
    const { item, itemId, loc1 } = ids(s);
    s.store.setAvailable(SHOP, itemId, s.loc1.id, 40); // changed behind the app's back
    const r = await s.gql(SET, { key: "k3", input: { name: "available", reason: "correction", quantities: [{ inventoryItemId: item, locationId: loc1, quantity: 3, changeFromQuantity: null }] } });
    expect(r.json.data.inventorySetQuantities.userErrors).toEqual([]);
    expect(s.store.getQuantity(SHOP, itemId, s.loc1.id)).toBe(3);
  });

  it("a missing changeFromQuantity is an error, even in a literal, and nothing is written", async () => {
    const s = setup();
    const { item, itemId, loc1 } = ids(s);
    const viaVar = await s.gql(SET, { key: "k4", input: { name: "available", reason: "correction", quantities: [{ inventoryItemId: item, locationId: loc1, quantity: 3 }] } });
    expect(viaVar.json.data.inventorySetQuantities.userErrors[0]).toMatchObject({ field: ["input", "quantities", "0", "changeFromQuantity"], code: "COMPARE_QUANTITY_REQUIRED" });
    const literal = await s.gql(
      `mutation { inventorySetQuantities(input: {name: "available", reason: "correction", quantities: [{inventoryItemId: "${item}", locationId: "${loc1}", quantity: 3}]}) @idempotent(key: "k5") { userErrors { code } } }`,
    );
    expect(literal.json.data.inventorySetQuantities.userErrors).toEqual([{ code: "COMPARE_QUANTITY_REQUIRED" }]);
    expect(s.store.getQuantity(SHOP, itemId, s.loc1.id)).toBe(5);
  });

  it("setting on_hand moves available by the same delta; committed is untouched", async () => {
    const s = setup();
    const { item, itemId, loc1 } = ids(s);
    s.store.placeOrder(SHOP, { lineItems: [{ variantId: s.products[0].variants[0].id, quantity: 2 }], locationId: s.loc1.id });
    expect(s.store.getLevel(SHOP, itemId, s.loc1.id)!.quantities).toMatchObject({ available: 3, committed: 2, on_hand: 5 });
    const r = await s.gql(SET, { key: "k6", input: { name: "on_hand", reason: "cycle_count_available", quantities: [{ inventoryItemId: item, locationId: loc1, quantity: 10, changeFromQuantity: 5 }] } });
    expect(r.json.data.inventorySetQuantities.userErrors).toEqual([]);
    expect(s.store.getLevel(SHOP, itemId, s.loc1.id)!.quantities).toMatchObject({ available: 8, committed: 2, on_hand: 10 });
  });

  it("@idempotent is mandatory", async () => {
    const s = setup();
    const { item, itemId, loc1 } = ids(s);
    const r = await s.gql(
      `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { code } } }`,
      { input: { name: "available", reason: "correction", quantities: [{ inventoryItemId: item, locationId: loc1, quantity: 1, changeFromQuantity: 5 }] } },
    );
    expect(r.json.data).toEqual({ inventorySetQuantities: null });
    expect(r.json.errors[0]).toMatchObject({ path: ["inventorySetQuantities"], extensions: { code: "IDEMPOTENCY_KEY_REQUIRED" } });
    expect(s.store.getQuantity(SHOP, itemId, s.loc1.id)).toBe(5);
  });

  it("reusing a key returns the first result without applying twice; other parameters → mismatch", async () => {
    const s = setup();
    const { item, itemId, loc1 } = ids(s);
    let events = 0;
    s.store.on("inventory", () => events++);
    const input = { name: "available", reason: "correction", quantities: [{ inventoryItemId: item, locationId: loc1, quantity: 9, changeFromQuantity: 5 }] };
    const first = await s.gql(SET, { key: "same", input });
    // someone else changes the level; a naive retry would now be stale or write again
    s.store.setAvailable(SHOP, itemId, s.loc1.id, 4);
    const again = await s.gql(SET, { key: "same", input });
    expect(again.json.data).toEqual(first.json.data);
    expect(again.json.data.inventorySetQuantities.userErrors).toEqual([]);
    expect(s.store.getQuantity(SHOP, itemId, s.loc1.id)).toBe(4);
    expect(events).toBe(2); // the first write + the manual edit, no second write
    const other = await s.gql(SET, { key: "same", input: { ...input, quantities: [{ ...input.quantities[0], quantity: 10 }] } });
    expect(other.json.data.inventorySetQuantities).toEqual({
      inventoryAdjustmentGroup: null,
      userErrors: [{ field: null, message: "The same idempotency key cannot be used with different operation parameters.", code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH" }],
    });
    expect(s.store.getQuantity(SHOP, itemId, s.loc1.id)).toBe(4);
    // a stale first attempt is also what a retry with the same key gets back
    const stale1 = await s.gql(SET, { key: "stale", input: { ...input, quantities: [{ ...input.quantities[0], changeFromQuantity: 99 }] } });
    const stale2 = await s.gql(SET, { key: "stale", input: { ...input, quantities: [{ ...input.quantities[0], changeFromQuantity: 99 }] } });
    expect(stale2.json.data).toEqual(stale1.json.data);
  });

  it("at most 250 quantities per input", async () => {
    const s = setup();
    const { item, loc1 } = ids(s);
    const quantities = Array.from({ length: 251 }, () => ({ inventoryItemId: item, locationId: loc1, quantity: 1, changeFromQuantity: null }));
    const r = await s.gql(SET, { key: "big", input: { name: "available", reason: "correction", quantities } });
    expect(r.json.errors[0]).toMatchObject({ message: "The input array size of 251 is greater than the maximum allowed of 250.", extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" } });
    expect(r.json.data.inventorySetQuantities).toBeNull();
  });

  it("validates names, reasons, items, locations and duplicates", async () => {
    const s = setup();
    const { item, loc1 } = ids(s);
    const r = await s.gql(SET, {
      key: "v",
      input: {
        name: "committed",
        reason: "because",
        referenceDocumentUri: "not a uri",
        quantities: [
          { inventoryItemId: "gid://shopify/InventoryItem/1", locationId: loc1, quantity: 1, changeFromQuantity: null },
          { inventoryItemId: item, locationId: "gid://shopify/Location/1", quantity: 1, changeFromQuantity: null },
          { inventoryItemId: item, locationId: loc1, quantity: 1, changeFromQuantity: null },
          { inventoryItemId: item, locationId: loc1, quantity: 2, changeFromQuantity: null },
        ],
      },
    });
    expect(r.json.data.inventorySetQuantities.userErrors.map((e: { code: string }) => e.code)).toEqual([
      "INVALID_NAME",
      "INVALID_REASON",
      "INVALID_REFERENCE_DOCUMENT",
      "INVALID_INVENTORY_ITEM",
      "INVALID_LOCATION",
      "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR",
    ]);
  });
});

describe("inventoryAdjustQuantities", () => {
  it("applies deltas with idempotency; checks changeFromQuantity when given", async () => {
    const s = setup();
    const { item, itemId, loc1 } = ids(s);
    const input = { name: "available", reason: "received", changes: [{ inventoryItemId: item, locationId: loc1, delta: 3 }] };
    const a = await s.gql(ADJUST, { key: "a1", input });
    expect(a.json.data.inventoryAdjustQuantities.inventoryAdjustmentGroup.changes).toEqual([
      { name: "available", delta: 3, quantityAfterChange: 8 },
      { name: "on_hand", delta: 3, quantityAfterChange: 8 },
    ]);
    await s.gql(ADJUST, { key: "a1", input });
    expect(s.store.getQuantity(SHOP, itemId, s.loc1.id)).toBe(8);
    const stale = await s.gql(ADJUST, { key: "a2", input: { ...input, changes: [{ ...input.changes[0], changeFromQuantity: 5 }] } });
    expect(stale.json.data.inventoryAdjustQuantities.userErrors[0].code).toBe("CHANGE_FROM_QUANTITY_STALE");
    const noKey = await s.gql(`mutation($input: InventoryAdjustQuantitiesInput!) { inventoryAdjustQuantities(input: $input) { userErrors { code } } }`, { input });
    expect(noKey.json.errors[0].extensions.code).toBe("IDEMPOTENCY_KEY_REQUIRED");
    expect(s.store.getQuantity(SHOP, itemId, s.loc1.id)).toBe(8);
  });
});

describe("store: orders keep Shopify's quantity relations", () => {
  it("order → committed, refund with restock → available, cancel without restock → leaves on_hand, fulfil", () => {
    const s = setup();
    const v = s.products[0].variants[0];
    const itemId = s.products[0].items[0].id;
    const q = () => s.store.getLevel(SHOP, itemId, s.loc1.id)!.quantities;
    const causes: string[] = [];
    s.store.on("inventory", (e) => causes.push(`${e.cause}:${e.available}`));
    const o = s.store.placeOrder(SHOP, { lineItems: [{ variantId: v.id, quantity: 3 }], locationId: s.loc1.id });
    expect(q()).toMatchObject({ available: 2, committed: 3, on_hand: 5 });
    s.store.refundOrder(SHOP, o.id, { lineItems: [{ lineItemId: o.lineItems[0].id, quantity: 1 }], restock: true });
    expect(q()).toMatchObject({ available: 3, committed: 2, on_hand: 5 });
    s.store.cancelOrder(SHOP, o.id, { restock: false });
    expect(q()).toMatchObject({ available: 3, committed: 0, on_hand: 3 });
    const o2 = s.store.placeOrder(SHOP, { lineItems: [{ variantId: v.id, quantity: 2 }], locationId: s.loc1.id });
    s.store.fulfillOrder(SHOP, o2.id);
    expect(q()).toMatchObject({ available: 1, committed: 0, on_hand: 1 });
    expect(() => s.store.placeOrder(SHOP, { lineItems: [{ variantId: v.id, quantity: 2 }], locationId: s.loc1.id })).toThrow(/not enough stock/);
    expect(q()).toMatchObject({ available: 1, on_hand: 1 });
    expect(causes).toEqual(["order:2", "refund:3", "cancel:3", "order:1", "fulfillment:1"]);
  });
});

describe("no-op writes", () => {
  it("setting a level to its current value writes nothing, lists no change and emits no event", async () => {
    const s = setup();
    const { item, loc1, loc2 } = ids(s);
    let events = 0;
    s.store.on("inventory", () => events++);
    const r = await s.gql(SET, {
      key: "noop",
      input: { name: "available", reason: "correction", quantities: [{ inventoryItemId: item, locationId: loc1, quantity: 5, changeFromQuantity: 5 }, { inventoryItemId: item, locationId: loc2, quantity: 3, changeFromQuantity: 2 }] },
    });
    expect(r.json.data.inventorySetQuantities.inventoryAdjustmentGroup.changes.map((c: { name: string; location: { id: string } }) => `${c.name}@${c.location.id}`)).toEqual([`available@${loc2}`, `on_hand@${loc2}`]);
    expect(events).toBe(1);
  });
});
