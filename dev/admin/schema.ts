import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

/** Shopify's real Admin API 2026-10 introspection, committed by the lead. */
export const SCHEMA_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../app/graphql/admin-2026-10.schema.json.gz");
export const API_VERSION = "2026-10";

let cached: GraphQLSchema | null = null;

/** Build (once per process) the executable-by-field-resolver schema from the introspection. */
export function adminSchema(): GraphQLSchema {
  if (cached) return cached;
  const raw = JSON.parse(gunzipSync(readFileSync(SCHEMA_PATH)).toString("utf8"));
  const intro: IntrospectionQuery = raw.data ?? raw;
  // assumeValid: the introspection is Shopify's own; skipping the schema self-check saves ~1s.
  cached = buildClientSchema(intro, { assumeValid: true });
  return cached;
}
