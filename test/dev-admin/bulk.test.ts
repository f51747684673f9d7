import { describe, expect, it } from "vitest";
import type { BulkOperationEvent } from "../../dev/store/index.ts";
import { SHOP, setup } from "./helpers.ts";

const RUN = `mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id status url } userErrors { field message code } } }`;
const LEVELS = `{ productVariants { edges { node { id sku inventoryItem { id inventoryLevels { edges { node { id location { id } quantities(names: ["available", "on_hand"]) { name quantity } } } } } } } } }`;

describe("bulk operations", () => {
  it("CREATED → RUNNING → COMPLETED, JSONL with __parentId, file served, finish event", async () => {
    const s = setup({ products: 2 });
    const finished: BulkOperationEvent[] = [];
    s.store.on("bulk_operation", (e) => finished.push(e));
    const r = await s.gql(RUN, { q: LEVELS });
    const op = r.json.data.bulkOperationRunQuery;
    expect(op.userErrors).toEqual([]);
    expect(op.bulkOperation.status).toBe("CREATED");
    expect(op.bulkOperation.url).toBeNull();
    await s.api.idle();
    const cur = await s.gql(`{ currentBulkOperation { id status objectCount rootObjectCount fileSize url completedAt } }`);
    const c = cur.json.data.currentBulkOperation;
    expect(c).toMatchObject({ id: op.bulkOperation.id, status: "COMPLETED", objectCount: "12", rootObjectCount: "4" });
    expect(c.url).toBe(`http://127.0.0.1:9/bulk/${op.bulkOperation.id.split("/").pop()}.jsonl`);
    const rec = s.store.getBulkOperation(SHOP, Number(op.bulkOperation.id.split("/").pop()))!;
    expect(Number(c.fileSize)).toBe(Buffer.byteLength(rec.data!));
    const lines = rec.data!.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(12);
    const v = s.products[0].variants[0];
    const item = s.products[0].items[0];
    expect(lines[0]).toEqual({ id: `gid://shopify/ProductVariant/${v.id}`, sku: "SKU-1-S", inventoryItem: { id: `gid://shopify/InventoryItem/${item.id}` } });
    expect(lines[1]).toEqual({
      id: expect.stringMatching(new RegExp(`^gid://shopify/InventoryLevel/\\d+\\?inventory_item_id=${item.id}$`)),
      location: { id: `gid://shopify/Location/${s.loc1.id}` },
      quantities: [{ name: "available", quantity: 5 }, { name: "on_hand", quantity: 5 }],
      __parentId: `gid://shopify/ProductVariant/${v.id}`,
    });
    // every child refers to a parent that came before it
    const seen = new Set<string>();
    for (const l of lines) {
      if (l.__parentId) expect(seen.has(l.__parentId)).toBe(true);
      seen.add(l.id);
    }
    expect(finished).toHaveLength(1);
    expect(finished[0].bulkOperation.status).toBe("COMPLETED");
    // the same query through bulkOperation(id)
    const byId = await s.gql(`query($id: ID!) { bulkOperation(id: $id) { status objectCount } }`, { id: op.bulkOperation.id });
    expect(byId.json.data.bulkOperation).toEqual({ status: "COMPLETED", objectCount: "12" });
  });

  it("reads in chunks: a catalog larger than one chunk comes out whole and in order", async () => {
    const s = setup({ products: 0 });
    const { createAdminApi } = await import("../../dev/admin/index.ts");
    for (let i = 0; i < 30; i++) s.store.createProduct(SHOP, { title: `P${i}`, variants: [{ sku: `S${i}`, stock: i }] });
    const api = createAdminApi(s.store, { publicOrigin: "http://x", bulkChunkSize: 7 });
    await api.execute({ shop: SHOP, token: "shpat_test_north", body: { query: RUN, variables: { q: `{ productVariants { edges { node { id sku } } } }` } } });
    await api.idle();
    const op = [...s.store.state(SHOP).bulkOperations.values()].pop()!;
    const skus = op.data!.trimEnd().split("\n").map((l) => JSON.parse(l).sku);
    expect(skus).toEqual(Array.from({ length: 30 }, (_, i) => `S${i}`));
    expect(op.rootObjectCount).toBe(30);
  });

  it("query filters apply to the bulk root connection", async () => {
    const s = setup({ products: 3 });
    await s.gql(RUN, { q: `{ productVariants(query: "sku:SKU-2-*") { edges { node { sku } } } }` });
    await s.api.idle();
    const op = [...s.store.state(SHOP).bulkOperations.values()].pop()!;
    expect(op.data).toBe(`{"sku":"SKU-2-S"}\n{"sku":"SKU-2-M"}\n`);
  });

  it("rejects invalid bulk queries and a second concurrent one", async () => {
    const s = setup();
    const noConn = await s.gql(RUN, { q: `{ shop { name } }` });
    expect(noConn.json.data.bulkOperationRunQuery).toEqual({ bulkOperation: null, userErrors: [{ field: ["query"], message: "Bulk queries must contain at least one connection.", code: "INVALID" }] });
    const noId = await s.gql(RUN, { q: `{ products { edges { node { title variants { edges { node { id } } } } } } }` });
    expect(noId.json.data.bulkOperationRunQuery.userErrors[0].message).toMatch(/must select the 'id' field/);
    const deep = await s.gql(RUN, { q: `{ products { edges { node { id variants { edges { node { id inventoryItem { inventoryLevels { edges { node { id } } } } } } } } } } }` });
    expect(deep.json.data.bulkOperationRunQuery.userErrors[0].message).toMatch(/nesting depth greater than 2/);
    const two = await s.gql(RUN, { q: `{ products { edges { node { id variants { edges { node { id } } } } } } }` });
    expect(two.json.data.bulkOperationRunQuery.userErrors).toEqual([]);
    await s.api.idle();
    const bad = await s.gql(RUN, { q: `{ products { edges { node { nope } } } }` });
    expect(bad.json.data.bulkOperationRunQuery.userErrors[0]).toMatchObject({ field: ["query"], code: "INVALID", message: "Invalid bulk query: Field 'nope' doesn't exist on type 'Product'" });
    const first = await s.gql(RUN, { q: LEVELS });
    const second = await s.gql(RUN, { q: LEVELS });
    expect(second.json.data.bulkOperationRunQuery.userErrors[0]).toMatchObject({ code: "OPERATION_IN_PROGRESS", message: `A bulk query operation for this app and shop is already in progress: ${first.json.data.bulkOperationRunQuery.bulkOperation.id}.` });
    await s.api.idle();
  });

  it("an empty result completes with no url", async () => {
    const s = setup({ products: 1 });
    await s.gql(RUN, { q: `{ productVariants(query: "sku:none") { edges { node { id } } } }` });
    await s.api.idle();
    const c = (await s.gql(`{ currentBulkOperation { status objectCount url } }`)).json.data.currentBulkOperation;
    expect(c).toEqual({ status: "COMPLETED", objectCount: "0", url: null });
  });
});

describe("the app's own Admin operations run against the stand-in", () => {
  // Copies of the documents in app/import/bulk-import.server.ts and app/sync/admin-ops.server.ts (2026-11-26).
  const CATALOG = `{ productVariants { edges { node { id sku barcode title price inventoryPolicy product { id title handle vendor productType status }
    inventoryItem { id tracked inventoryLevels { edges { node { id location { id } quantities(names: ["available", "on_hand", "committed"]) { name quantity } } } } } } } } }`;
  it("catalog bulk query, bulk status via node(), level read via nodes()", async () => {
    const s = setup({ products: 1 });
    const run = await s.gql(`mutation SyncBulkRun($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id status createdAt } userErrors { field message code } } }`, { query: CATALOG });
    expect(run.json.data.bulkOperationRunQuery.userErrors).toEqual([]);
    await s.api.idle();
    const st = await s.gql(`query SyncBulkStatus($id: ID!) { node(id: $id) { ... on BulkOperation { id status url objectCount completedAt } } }`, { id: run.json.data.bulkOperationRunQuery.bulkOperation.id });
    expect(st.json.data.node).toMatchObject({ status: "COMPLETED", objectCount: "6" });
    const rec = [...s.store.state(SHOP).bulkOperations.values()].pop()!;
    const first = JSON.parse(rec.data!.split("\n")[0]);
    expect(first).toMatchObject({ sku: "SKU-1-S", barcode: "BC10", price: "10.00", inventoryPolicy: "DENY", product: { title: "Product 1", handle: "product-1", vendor: "Acme", status: "ACTIVE" }, inventoryItem: { tracked: true } });
    expect(first.inventoryItem.inventoryLevels).toBeUndefined();
    const read = await s.gql(
      `query SyncReadLevels($ids: [ID!]!, $locationId: ID!) { nodes(ids: $ids) { ... on InventoryItem { id sku inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } } } } }`,
      { ids: s.products[0].items.map((i) => `gid://shopify/InventoryItem/${i.id}`), locationId: `gid://shopify/Location/${s.loc2.id}` },
    );
    expect(read.json.data.nodes.map((n: { sku: string; inventoryLevel: { quantities: { quantity: number }[] } }) => [n.sku, n.inventoryLevel.quantities[0].quantity])).toEqual([["SKU-1-S", 2], ["SKU-1-M", 7]]);
  });
});
