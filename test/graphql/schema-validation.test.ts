import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { adminSchema } from "../support/admin-schema";
import { appSourceFiles, documentErrors, pluckDocuments } from "../support/graphql-documents";

describe("every Admin GraphQL document in the app validates against Shopify's 2026-10 schema", () => {
  const documents = pluckDocuments(appSourceFiles());

  it("finds the app's documents", () => {
    expect(documents.length).toBeGreaterThan(0);
    expect(documents.map((d) => d.file)).toContain("app/shop-info.server.ts");
  });

  it("has no invalid document", () => {
    const invalid = documents
      .map((d) => ({ file: d.file, errors: documentErrors(adminSchema(), d.body), body: d.body.trim().split("\n")[0] }))
      .filter((d) => d.errors.length > 0);
    expect(invalid).toEqual([]);
  });

  it("catches an invalid document (the check can fail)", () => {
    // The same pluck + validate path, over a file holding documents the schema rejects.
    const dir = mkdtempSync(join(tmpdir(), "gql-neg-"));
    const file = join(dir, "broken.ts");
    copyFileSync("test/fixtures/invalid-admin-document.ts.txt", file);
    const broken = pluckDocuments([file]);
    expect(broken).toHaveLength(2);
    const [query, mutation] = broken.map((d) => documentErrors(adminSchema(), d.body));
    expect(query.join("\n")).toMatch(/Cannot query field "stockLevel" on type "ProductVariant"/);
    expect(mutation.join("\n")).toMatch(/Unknown argument "quantities"|argument "input" of type/);
  });

  it("accepts the mandatory @idempotent directive on inventory mutations", () => {
    const errors = documentErrors(
      adminSchema(),
      `mutation Set($input: InventorySetQuantitiesInput!, $key: String!) {
        inventorySetQuantities(input: $input) @idempotent(key: $key) { userErrors { code field message } }
      }`,
    );
    expect(errors).toEqual([]);
  });
});
