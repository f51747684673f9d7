import { describe, expect, it } from "vitest";
import { parse } from "graphql";
import { adminSchema } from "../../dev/admin/index.ts";
import { requestedCost } from "../../dev/admin/cost.ts";
import { API_KEY, SHOP, setup } from "./helpers.ts";

const cost = (q: string, vars: Record<string, unknown> = {}) => {
  const doc = parse(q);
  const op = doc.definitions.find((d) => d.kind === "OperationDefinition") as import("graphql").OperationDefinitionNode;
  return requestedCost(adminSchema(), doc, op, vars);
};

// Shopify's documented cost rules (shopify.dev "GraphQL Admin API rate limits"): scalar and enum 0,
// object 1, connection 2 + (first|last) × the cost of each returned object, mutation 10.
describe("requested query cost", () => {
  it("the documented examples", () => {
    // An object costs 1; its scalar and enum fields cost 0.
    expect(cost(`{ shop { id name currencyCode } }`)).toBe(1);
    // A connection of 50 products with scalar fields: 2 + 50 × 1 = 52 (the cost Shopify reports for this query).
    expect(cost(`{ products(first: 50) { edges { node { id title } } } }`)).toBe(52);
    // Mutations cost 10.
    expect(cost(`mutation { webhookSubscriptionDelete(id: "gid://shopify/WebhookSubscription/1") { deletedWebhookSubscriptionId userErrors { field message } } }`)).toBe(10);
  });

  it("nested connections multiply; pageInfo and edges are part of the connection", () => {
    // 2 + 10 × (1 product + (2 + 5 × 1 variant)) = 82
    expect(cost(`{ products(first: 10) { pageInfo { hasNextPage } edges { cursor node { title variants(first: 5) { edges { node { sku } } } } } } }`)).toBe(82);
    // nodes {} is priced like edges { node {} }
    expect(cost(`{ products(first: 10) { nodes { title variants(first: 5) { nodes { sku } } } } }`)).toBe(82);
    // last: is priced like first:, variables are read
    expect(cost(`query($n: Int) { productVariants(last: $n) { nodes { id inventoryItem { id } } } }`, { n: 100 })).toBe(2 + 100 * 2);
    // the app's level read: 2 + 250 × (1 item + 2 + 2 × (1 level + 1 location + 1 quantities list))
    expect(cost(`{ inventoryItems(first: 250) { nodes { sku inventoryLevels(first: 2) { nodes { location { id } quantities(names: ["available"]) { quantity } } } } } }`)).toBe(2 + 250 * (1 + 2 + 2 * 3));
  });

  it("nodes(ids:) costs one object per id; @skip removes a selection", () => {
    expect(cost(`{ nodes(ids: ["gid://shopify/Product/1", "gid://shopify/Product/2"]) { id } }`)).toBe(2);
    expect(cost(`query($s: Boolean!) { shop { name } products(first: 50) @skip(if: $s) { nodes { id } } }`, { s: true })).toBe(1);
  });

  it("mutation payloads are covered by the 10, except connections inside them", () => {
    expect(cost(`mutation { inventorySetQuantities(input: {name: "available", reason: "correction", quantities: []}) @idempotent(key: "x") { inventoryAdjustmentGroup { id changes { name delta item { id } } } userErrors { code } } }`)).toBe(10);
  });
});

describe("cost in responses and throttling (leaky bucket per app and shop)", () => {
  it("extensions.cost reports requested, actual (by returned objects) and the bucket", async () => {
    const s = setup({ products: 3 });
    const r = await s.gql(`{ products(first: 50) { edges { node { id title } } } }`);
    expect(r.json.extensions.cost).toEqual({
      requestedQueryCost: 52,
      actualQueryCost: 5, // 2 + 3 returned products
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1995, restoreRate: 100 },
    });
  });

  it("plans set the restore rate (standard 100/s, Advanced 200, Plus 1000) with a bucket of 20 s of restore", async () => {
    const s = setup();
    s.store.setPlan(SHOP, "plus");
    const r = await s.gql(`{ shop { name } }`);
    expect(r.json.extensions.cost.throttleStatus).toEqual({ maximumAvailable: 20000, currentlyAvailable: 19999, restoreRate: 1000 });
    s.store.setPlan(SHOP, "advanced");
    expect(s.api.throttleStatus(SHOP, API_KEY)).toMatchObject({ maximumAvailable: 4000, restoreRate: 200 });
  });

  it("THROTTLED when the bucket cannot pay, recovery at the restore rate", async () => {
    const s = setup();
    s.store.setThrottle(SHOP, { maximumAvailable: 100, restoreRate: 10 });
    s.api.drainBucket(SHOP, API_KEY);
    const q = `{ products(first: 50) { nodes { id } } }`; // requested 52
    const t = await s.gql(q);
    expect(t.status).toBe(200);
    expect(t.json).toEqual({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/limits#rate-limits" } }],
      extensions: { cost: { requestedQueryCost: 52, actualQueryCost: null, throttleStatus: { maximumAvailable: 100, currentlyAvailable: 0, restoreRate: 10 } } },
    });
    s.clock.t += 5_000; // +50 points
    const still = await s.gql(q);
    expect(still.json.errors[0].extensions.code).toBe("THROTTLED");
    expect(still.json.extensions.cost.throttleStatus.currentlyAvailable).toBe(50);
    s.clock.t += 200; // +2 → 52
    const ok = await s.gql(q);
    expect(ok.json.errors).toBeUndefined();
    expect(ok.json.extensions.cost).toMatchObject({ requestedQueryCost: 52, actualQueryCost: 5 });
    expect(ok.json.extensions.cost.throttleStatus.currentlyAvailable).toBe(47); // 52 − 52 + refund of 47
    s.clock.t += 60_000;
    expect(s.api.throttleStatus(SHOP, API_KEY).currentlyAvailable).toBe(100); // never above the bucket size
  });

  it("buckets are per app and per shop", async () => {
    const s = setup();
    s.store.setThrottle(SHOP, { maximumAvailable: 100, restoreRate: 10 });
    s.store.registerAccessToken({ token: "other-app", shop: SHOP, apiKey: "other-key", scopes: [], kind: "offline", expiresAt: null });
    s.api.drainBucket(SHOP, API_KEY);
    expect((await s.gql(`{ shop { name } }`)).json.errors[0].extensions.code).toBe("THROTTLED");
    expect((await s.gql(`{ shop { name } }`, undefined, "other-app")).json.data.shop.name).toBe("North Shop");
  });

  it("a single query above 1000 points is refused with MAX_COST_EXCEEDED, whatever the bucket", async () => {
    const s = setup();
    const r = await s.gql(`{ products(first: 250) { nodes { variants(first: 10) { nodes { id } } } } }`);
    expect(r.json.errors[0].extensions).toEqual({ code: "MAX_COST_EXCEEDED", cost: 2 + 250 * (1 + 2 + 10), maxCost: 1000 });
    expect(r.json.errors[0].message).toMatch(/^Query cost is 3252, which exceeds the single query max cost limit \(1000\)\./);
    expect(r.json.extensions.cost.throttleStatus.currentlyAvailable).toBe(2000);
  });

  it("batched writes: 250 quantities in one mutation cost 10 points", async () => {
    const s = setup({ products: 3 });
    const quantities = s.products.flatMap((p) => p.items).map((i) => ({ inventoryItemId: `gid://shopify/InventoryItem/${i.id}`, locationId: `gid://shopify/Location/${s.loc2.id}`, quantity: 1, changeFromQuantity: null }));
    const r = await s.gql(`mutation($i: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $i) @idempotent(key: "b") { userErrors { code } } }`, { i: { name: "available", reason: "correction", quantities } });
    expect(r.json.extensions.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10 });
  });
});
