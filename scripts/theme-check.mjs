#!/usr/bin/env node
// Runs Shopify's theme-check (the same checks `shopify app build` runs) on the theme app
// extension with its own "theme-app-extension" defaults (no config file: nothing is relaxed).
// Prints every offense; exits 1 on any error-severity offense, 2 when the check cannot run.
// The widget must be built first (`npm run build:widget`): the block's schema names the
// built loader, and AssetSizeAppBlockJavaScript measures that file.
import { existsSync } from "node:fs";
import { resolve, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { themeCheckRun, Severity } from "@shopify/theme-check-node";

const root = resolve(process.argv[2] ?? "extensions/stock-widget");
if (!existsSync(resolve(root, "assets/stockroom-loader.js"))) {
  console.error(`theme-check: ${relative(process.cwd(), root)}/assets/stockroom-loader.js is missing; run \`npm run build:widget\` first`);
  process.exit(2);
}

const names = { [Severity.ERROR]: "error", [Severity.WARNING]: "warning", [Severity.INFO]: "info" };
const { offenses, theme } = await themeCheckRun(root, undefined, () => {});
for (const o of offenses) {
  const file = relative(process.cwd(), fileURLToPath(o.uri));
  const where = o.start ? `${file}:${o.start.line + 1}:${o.start.character + 1}` : file;
  console.log(`${names[o.severity] ?? o.severity} ${o.check} ${where} ${o.message}`);
}
const errors = offenses.filter((o) => o.severity === Severity.ERROR).length;
console.log(`theme-check: ${theme.length} files, ${offenses.length} offenses, ${errors} errors (${relative(process.cwd(), root) || "."})`);
process.exit(errors > 0 ? 1 : 0);
