import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema } from "graphql";

let schema: GraphQLSchema | null = null;

/** Shopify's real Admin 2026-10 schema, from the committed introspection file. */
export function adminSchema(): GraphQLSchema {
  if (!schema) {
    const json = JSON.parse(gunzipSync(readFileSync("app/graphql/admin-2026-10.schema.json.gz")).toString("utf8"));
    schema = buildClientSchema(json.data ?? json);
  }
  return schema;
}
