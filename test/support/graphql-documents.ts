import { readFileSync } from "node:fs";
import { globSync } from "node:fs";
import { gqlPluckFromCodeStringSync } from "@graphql-tools/graphql-tag-pluck";
import { pluckConfig } from "@shopify/graphql-codegen";
import { parse, validate, type GraphQLSchema } from "graphql";

export interface FoundDocument {
  file: string;
  body: string;
}

/** Every `#graphql` document in the given files, plucked the way Shopify's codegen plucks them. */
export function pluckDocuments(files: string[]): FoundDocument[] {
  const found: FoundDocument[] = [];
  for (const file of files) {
    const code = readFileSync(file, "utf8");
    if (!code.includes("#graphql")) continue;
    for (const source of gqlPluckFromCodeStringSync(file, code, pluckConfig as never)) {
      found.push({ file, body: source.body });
    }
  }
  return found;
}

export function appSourceFiles(): string[] {
  return globSync("app/**/*.{ts,tsx}").filter((f) => !f.startsWith("app/types/"));
}

/** Validation errors of a document against the schema ([] when valid). */
export function documentErrors(schema: GraphQLSchema, body: string): string[] {
  try {
    return validate(schema, parse(body)).map((e) => e.message);
  } catch (error) {
    return [String(error)];
  }
}
