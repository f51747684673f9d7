import { describe, expect, it } from "vitest";
import { setup } from "./helpers.ts";

// Shapes follow Shopify's Admin API (graphql-ruby): {message, locations, path, extensions: {code, ...}}.
describe("Admin API rejects what the real 2026-10 schema rejects, shaped like Shopify", () => {
  it("unknown field → undefinedField with path and location", async () => {
    const { gql } = setup();
    const r = await gql(`{ shop { name nope } }`);
    expect(r.status).toBe(200);
    expect(r.json.data).toBeUndefined();
    expect(r.json.errors).toEqual([
      {
        message: "Field 'nope' doesn't exist on type 'Shop'",
        locations: [{ line: 1, column: 15 }],
        path: ["query", "shop", "nope"],
        extensions: { code: "undefinedField", typeName: "Shop", fieldName: "nope" },
      },
    ]);
  });

  it("named operations appear in the path", async () => {
    const { gql } = setup();
    const r = await gql(`query Stock { productVariants(first: 1) { nodes { sku quantity } } }`);
    expect(r.json.errors[0].path).toEqual(["query Stock", "productVariants", "nodes", "quantity"]);
    expect(r.json.errors[0].extensions.code).toBe("undefinedField");
  });

  it("wrong literal type → argumentLiteralsIncompatible", async () => {
    const { gql } = setup();
    const r = await gql(`{ products(first: "ten") { nodes { id } } }`);
    expect(r.json.errors).toEqual([
      {
        message: `Argument 'first' on Field 'products' has an invalid value ("ten"). Expected type 'Int'.`,
        locations: [{ line: 1, column: 19 }],
        path: ["query", "products", "first"],
        extensions: { code: "argumentLiteralsIncompatible", typeName: "Field", argumentName: "first" },
      },
    ]);
  });

  it("wrong type inside an input object names the InputObject", async () => {
    const { gql } = setup();
    const r = await gql(
      `mutation { inventorySetQuantities(input: {name: "available", reason: "correction", quantities: [{inventoryItemId: "gid://shopify/InventoryItem/1", locationId: "gid://shopify/Location/1", quantity: "many", changeFromQuantity: null}]}) @idempotent(key: "a") { userErrors { code } } }`,
    );
    expect(r.json.errors[0].extensions).toEqual({ code: "argumentLiteralsIncompatible", typeName: "InputObject", argumentName: "quantity" });
    expect(r.json.errors[0].message).toBe(`Argument 'quantity' on InputObject 'InventoryQuantityInput' has an invalid value ("many"). Expected type 'Int!'.`);
  });

  it("unknown argument, missing required argument, selections", async () => {
    const { gql } = setup();
    const a = await gql(`{ shop { name(format: 1) } }`);
    expect(a.json.errors[0]).toMatchObject({ message: "Field 'name' doesn't accept argument 'format'", extensions: { code: "argumentNotAccepted", name: "name", typeName: "Field", argumentName: "format" } });
    const b = await gql(`{ product { id } }`);
    expect(b.json.errors[0]).toMatchObject({ message: "Field 'product' is missing required arguments: id", path: ["query", "product"], extensions: { code: "missingRequiredArguments", className: "Field", name: "product", arguments: "id" } });
    const c = await gql(`{ shop }`);
    expect(c.json.errors[0]).toMatchObject({ message: "Field must have selections (field 'shop' returns Shop but has no selections. Did you mean 'shop { ... }'?)", extensions: { code: "selectionMismatch" } });
    const d = await gql(`{ shop { name { x } } }`);
    expect(d.json.errors[0]).toMatchObject({ message: "Selections can't be made on scalars (field 'name' returns String but has selections [x])", extensions: { code: "selectionMismatch" } });
  });

  it("variables that do not coerce → INVALID_VARIABLE with problems", async () => {
    const { gql } = setup();
    const r = await gql(`query($n: Int!) { products(first: $n) { nodes { id } } }`, { n: "x" });
    expect(r.json.errors).toEqual([
      {
        message: "Variable $n of type Int! was provided invalid value",
        locations: [{ line: 1, column: 7 }],
        extensions: { code: "INVALID_VARIABLE", value: "x", problems: [{ path: [], explanation: 'Could not coerce value "x" to Int' }] },
      },
    ]);
    const missing = await gql(`query($id: ID!) { product(id: $id) { id } }`, {});
    expect(missing.json.errors[0]).toMatchObject({ message: "Variable $id of type ID! was provided invalid value", extensions: { code: "INVALID_VARIABLE", value: null, problems: [{ path: [], explanation: "Expected value to not be null" }] } });
    const nested = await gql(`mutation($i: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $i) @idempotent(key: "k") { userErrors { code } } }`, {
      i: { name: "available", reason: "correction", quantities: [{ inventoryItemId: "gid://shopify/InventoryItem/1", locationId: "gid://shopify/Location/1", quantity: 1, bogus: 1 }] },
    });
    expect(nested.json.errors[0].message).toBe("Variable $i of type InventorySetQuantitiesInput! was provided invalid value for quantities.0.bogus (Field is not defined on InventoryQuantityInput)");
    expect(nested.json.errors[0].extensions.problems).toEqual([{ path: ["quantities", 0, "bogus"], explanation: "Field is not defined on InventoryQuantityInput" }]);
  });

  it("unused / undeclared variables", async () => {
    const { gql } = setup();
    const a = await gql(`query Q($a: Int) { shop { name } }`);
    expect(a.json.errors[0]).toMatchObject({ message: "Variable $a is declared by Q but not used", extensions: { code: "variableNotUsed", variableName: "a" } });
    const b = await gql(`{ products(first: $n) { nodes { id } } }`);
    expect(b.json.errors[0]).toMatchObject({ message: "Variable $n is used by anonymous query but not declared", extensions: { code: "variableNotDefined", variableName: "n" } });
  });

  it("syntax errors carry a location and no data", async () => {
    const { gql } = setup();
    const r = await gql(`{ shop { name }`);
    expect(r.json.errors[0].message).toBe("Unexpected end of document");
    expect(r.json.errors[0].locations).toEqual([{ line: 1, column: 16 }]);
    expect(r.json.data).toBeUndefined();
  });

  it("bad or missing token → 401 with Shopify's body", async () => {
    const { gql, store } = setup();
    const bad = await gql(`{ shop { name } }`, undefined, "shpat_wrong");
    expect(bad.status).toBe(401);
    expect(bad.json).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    expect((await gql(`{ shop { name } }`, undefined, null)).status).toBe(401);
    store.revokeAccessToken("shpat_test_north");
    expect((await gql(`{ shop { name } }`)).status).toBe(401);
  });

  it("an expired token is refused", async () => {
    const { gql, store, clock } = setup();
    store.registerAccessToken({ token: "shpat_exp", shop: "north-shop", apiKey: "k", scopes: [], kind: "offline", expiresAt: clock.t + 1000 });
    expect((await gql(`{ shop { name } }`, undefined, "shpat_exp")).status).toBe(200);
    clock.t += 1001;
    expect((await gql(`{ shop { name } }`, undefined, "shpat_exp")).status).toBe(401);
  });

  it("missing query parameter → 400", async () => {
    const { api } = setup();
    const r = await api.execute({ shop: "north-shop.myshopify.com", token: "shpat_test_north", body: { variables: {} } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ errors: { query: "Required parameter missing or invalid" } });
  });

  it("valid but unimplemented fields say so instead of inventing data", async () => {
    const { gql, products } = setup();
    const id = `gid://shopify/Product/${products[0].product.id}`;
    const r = await gql(`query($id: ID!) { product(id: $id) { title templateSuffix } }`, { id });
    expect(r.json.data.product).toEqual({ title: "Product 1", templateSuffix: null });
    expect(r.json.errors[0].extensions).toMatchObject({ code: "NOT_IMPLEMENTED_BY_STANDIN", typeName: "Product", fieldName: "templateSuffix" });
    expect(r.json.errors[0].message).toMatch(/not implemented by the Stockroom Shopify stand-in/);
    expect(r.json.errors[0].path).toEqual(["product", "templateSuffix"]);
    // a non-null unimplemented field nulls its parent, as GraphQL requires
    const nn = await gql(`query($id: ID!) { product(id: $id) { title seo { title } } }`, { id });
    expect(nn.json.data.product).toBeNull();
    expect(nn.json.errors[0].extensions.fieldName).toBe("seo");
  });

  it("malformed global ids are rejected; ids of another type give null", async () => {
    const { gql, products } = setup();
    const bad = await gql(`{ product(id: "123") { id } }`);
    expect(bad.json.errors[0]).toMatchObject({ message: "Invalid global id '123'", extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" } });
    const other = await gql(`query($id: ID!) { product(id: $id) { id } }`, { id: `gid://shopify/ProductVariant/${products[0].variants[0].id}` });
    expect(other.json.data.product).toBeNull();
    expect(other.json.errors).toBeUndefined();
  });

  it("connections need first or last", async () => {
    const { gql } = setup();
    const r = await gql(`{ products { nodes { id } } }`);
    expect(r.json.errors[0]).toMatchObject({ message: "you must provide one of first or last", path: ["products"] });
    expect(r.json.data).toBeNull();
    const big = await gql(`{ products(first: 251) { nodes { id } } }`);
    expect(big.json.errors[0].path).toEqual(["products"]);
  });
});

describe("access scopes", () => {
  it("root fields need their scope (write implies read); node() checks the resolved type", async () => {
    const s = setup({ products: 1 });
    s.store.registerAccessToken({ token: "limited", shop: "north-shop", apiKey: "test-api-key", scopes: ["read_products", "write_inventory"], kind: "offline", expiresAt: null });
    const r = await s.gql(`{ orders(first: 1) { nodes { id } } inventoryItems(first: 1) { nodes { id } } }`, undefined, "limited");
    expect(r.json.data).toBeNull();
    expect(r.json.errors[0]).toEqual({
      message: "Access denied for orders field. Required access: `read_orders` access scope.",
      locations: [{ line: 1, column: 3 }],
      path: ["orders"],
      extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: "`read_orders` access scope." },
    });
    expect(r.json.errors).toHaveLength(1); // inventoryItems is allowed through write_inventory
    const o = s.store.placeOrder("north-shop", { lineItems: [{ variantId: s.products[0].variants[0].id, quantity: 1 }] });
    const n = await s.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: `gid://shopify/Order/${o.id}` }, "limited");
    expect(n.json.errors[0].extensions.code).toBe("ACCESS_DENIED");
  });
});
