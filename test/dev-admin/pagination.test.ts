import { describe, expect, it } from "vitest";
import { SHOP, setup } from "./helpers.ts";

const PAGE = `query($first: Int, $last: Int, $after: String, $before: String, $q: String, $rev: Boolean) {
  productVariants(first: $first, last: $last, after: $after, before: $before, query: $q, reverse: $rev) {
    edges { cursor node { sku } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

describe("cursor pagination", () => {
  it("walks forward with first/after and back with last/before, with correct pageInfo", async () => {
    const s = setup({ products: 5 }); // 10 variants
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const r = await s.gql(PAGE, { first: 4, after });
      const c = r.json.data.productVariants;
      seen.push(...c.edges.map((e: { node: { sku: string } }) => e.node.sku));
      expect(c.pageInfo.hasPreviousPage).toBe(pages > 0);
      expect(c.pageInfo.endCursor).toBe(c.edges[c.edges.length - 1].cursor);
      pages++;
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(s.products.flatMap((p) => p.variants.map((v) => v.sku)));
    const last = await s.gql(PAGE, { last: 3 });
    expect(last.json.data.productVariants.edges.map((e: { node: { sku: string } }) => e.node.sku)).toEqual(seen.slice(7));
    expect(last.json.data.productVariants.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = await s.gql(PAGE, { last: 2, before: last.json.data.productVariants.pageInfo.startCursor });
    expect(before.json.data.productVariants.edges.map((e: { node: { sku: string } }) => e.node.sku)).toEqual(seen.slice(5, 7));
    const rev = await s.gql(PAGE, { first: 2, rev: true });
    expect(rev.json.data.productVariants.edges.map((e: { node: { sku: string } }) => e.node.sku)).toEqual([seen[9], seen[8]]);
  });

  it("a cursor keeps its place when earlier items are deleted", async () => {
    const s = setup({ products: 3 });
    const r = await s.gql(PAGE, { first: 3 });
    s.store.deleteProduct(SHOP, s.products[0].product.id);
    const next = await s.gql(PAGE, { first: 10, after: r.json.data.productVariants.pageInfo.endCursor });
    expect(next.json.data.productVariants.edges.map((e: { node: { sku: string } }) => e.node.sku)).toEqual(["SKU-2-M", "SKU-3-S", "SKU-3-M"]);
  });

  it("garbage cursors are refused", async () => {
    const s = setup();
    const r = await s.gql(PAGE, { first: 2, after: "not-a-cursor" });
    expect(r.json.errors[0].message).toBe("Invalid cursor for current pagination sort.");
  });
});

describe("search query filters", () => {
  const skus = (r: { json: any }, field = "productVariants") => r.json.data[field].edges.map((e: { node: { sku: string } }) => e.node.sku);

  it("sku:, barcode:, OR, negation, prefix", async () => {
    const s = setup({ products: 3 });
    expect(skus(await s.gql(PAGE, { first: 10, q: "sku:SKU-2-M" }))).toEqual(["SKU-2-M"]);
    expect(skus(await s.gql(PAGE, { first: 10, q: "barcode:BC30" }))).toEqual(["SKU-3-S"]);
    expect(skus(await s.gql(PAGE, { first: 10, q: "sku:SKU-1-S OR sku:'SKU-3-M'" }))).toEqual(["SKU-1-S", "SKU-3-M"]);
    expect(skus(await s.gql(PAGE, { first: 10, q: "sku:SKU-1* -sku:SKU-1-M" }))).toEqual(["SKU-1-S"]);
  });

  it("updated_at:> and id:> select what changed since a checkpoint", async () => {
    const s = setup({ products: 3 });
    const checkpoint = new Date(s.clock.t).toISOString();
    s.clock.t += 5000;
    s.store.setAvailable(SHOP, s.products[1].items[1].id, s.loc1.id, 42);
    expect(skus(await s.gql(PAGE, { first: 10, q: `updated_at:>'${checkpoint}'` }))).toEqual(["SKU-2-M"]);
    const items = await s.gql(`query($q: String) { inventoryItems(first: 10, query: $q) { edges { node { sku } } } }`, { q: `updated_at:>${checkpoint}` });
    expect(skus(items, "inventoryItems")).toEqual(["SKU-2-M"]);
    const v = s.products[1].variants[0].id;
    expect(skus(await s.gql(PAGE, { first: 10, q: `id:>${v}` }))).toEqual(["SKU-2-M", "SKU-3-S", "SKU-3-M"]);
    expect(skus(await s.gql(PAGE, { first: 10, q: `id:>=${v} AND id:<gid://shopify/ProductVariant/${v + 2}` }))).toEqual(["SKU-2-S", "SKU-2-M"]);
  });

  it("unknown search fields are ignored with a search warning, like Shopify", async () => {
    const s = setup({ products: 1 });
    const r = await s.gql(PAGE, { first: 10, q: "colour:red" });
    expect(skus(r)).toHaveLength(2);
    expect(r.json.extensions.search[0]).toMatchObject({ path: ["productVariants"], query: "colour:red", warnings: [{ field: "colour", message: "Invalid search field for this query." }] });
  });

  it("node/nodes, inventoryLevel by id, locations and orders", async () => {
    const s = setup({ products: 1 });
    const v = s.products[0].variants[0];
    const o = s.store.placeOrder(SHOP, { lineItems: [{ variantId: v.id, quantity: 2 }], locationId: s.loc1.id, email: "a@b.c" });
    const r = await s.gql(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on ProductVariant { sku inventoryQuantity } ... on Order { name displayFinancialStatus lineItems(first: 5) { nodes { sku quantity unfulfilledQuantity } } } } locations(first: 5) { nodes { name isActive } } orders(first: 5, query: "sku:SKU-1-S") { nodes { name } } }`,
      { ids: [`gid://shopify/ProductVariant/${v.id}`, `gid://shopify/Order/${o.id}`, "gid://shopify/Product/1"] },
    );
    expect(r.json.errors).toBeUndefined();
    expect(r.json.data.nodes).toEqual([
      { __typename: "ProductVariant", id: `gid://shopify/ProductVariant/${v.id}`, sku: "SKU-1-S", inventoryQuantity: 5 }, // 3 + 2
      { __typename: "Order", id: `gid://shopify/Order/${o.id}`, name: "#1001", displayFinancialStatus: "PAID", lineItems: { nodes: [{ sku: "SKU-1-S", quantity: 2, unfulfilledQuantity: 2 }] } },
      null,
    ]);
    expect(r.json.data.locations.nodes).toEqual([{ name: "Shop location", isActive: true }, { name: "Warehouse", isActive: true }]);
    expect(r.json.data.orders.nodes).toEqual([{ name: "#1001" }]);
    const lvl = await s.gql(`query($id: ID!, $loc: ID!) { inventoryItem(id: $id) { inventoryLevel(locationId: $loc) { id quantities(names: ["available", "committed", "on_hand"]) { name quantity } } } }`, {
      id: `gid://shopify/InventoryItem/${s.products[0].items[0].id}`,
      loc: `gid://shopify/Location/${s.loc1.id}`,
    });
    const level = lvl.json.data.inventoryItem.inventoryLevel;
    expect(level.quantities).toEqual([{ name: "available", quantity: 3 }, { name: "committed", quantity: 2 }, { name: "on_hand", quantity: 5 }]);
    const again = await s.gql(`query($id: ID!) { inventoryLevel(id: $id) { item { sku } location { name } } }`, { id: level.id });
    expect(again.json.data.inventoryLevel).toEqual({ item: { sku: "SKU-1-S" }, location: { name: "Shop location" } });
  });

  it("webhook subscriptions created through the API are listed and deleted", async () => {
    const s = setup({ products: 0 });
    const c = await s.gql(`mutation { webhookSubscriptionCreate(topic: INVENTORY_LEVELS_UPDATE, webhookSubscription: {uri: "https://app.example/webhooks"}) { webhookSubscription { id topic uri format apiVersion { handle } } userErrors { field message } } }`);
    const w = c.json.data.webhookSubscriptionCreate.webhookSubscription;
    expect(w).toMatchObject({ topic: "INVENTORY_LEVELS_UPDATE", uri: "https://app.example/webhooks", format: "JSON", apiVersion: { handle: "2026-10" } });
    expect(s.store.listWebhookSubscriptions(SHOP)).toHaveLength(1);
    const dup = await s.gql(`mutation { webhookSubscriptionCreate(topic: INVENTORY_LEVELS_UPDATE, webhookSubscription: {uri: "https://app.example/webhooks"}) { userErrors { field message } } }`);
    expect(dup.json.data.webhookSubscriptionCreate.userErrors).toEqual([{ field: ["webhookSubscription", "callbackUrl"], message: "Address for this topic has already been taken" }]);
    const list = await s.gql(`{ webhookSubscriptions(first: 10, topics: [INVENTORY_LEVELS_UPDATE]) { nodes { id } } }`);
    expect(list.json.data.webhookSubscriptions.nodes).toEqual([{ id: w.id }]);
    const d = await s.gql(`mutation($id: ID!) { webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { message } } }`, { id: w.id });
    expect(d.json.data.webhookSubscriptionDelete).toEqual({ deletedWebhookSubscriptionId: w.id, userErrors: [] });
    expect(s.store.listWebhookSubscriptions(SHOP)).toHaveLength(0);
  });
});
