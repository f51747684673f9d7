import { ApiType, shopifyApiProject } from "@shopify/api-codegen-preset";

// Types for every Admin document in the app, generated from the local 2026-10 schema file
// (scripts/extract-admin-schema.mjs writes it), never from the network.
export default {
  schema: "app/types/admin-2026-10.schema.json",
  documents: ["./app/**/*.{js,ts,jsx,tsx}"],
  projects: {
    default: shopifyApiProject({
      apiType: ApiType.Admin,
      apiVersion: "2026-10",
      documents: ["./app/**/*.{js,ts,jsx,tsx}", "!./app/types/**"],
      outputDir: "./app/types",
    }),
  },
};
