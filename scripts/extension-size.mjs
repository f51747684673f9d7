// Prints raw and gzipped sizes of the built UI extensions and exits 1 when one is above the
// budget (DESIGN.md §8: 20 KB gzipped each; Shopify's own limit is 64 KB compressed, checked at
// deploy, which the CLI never checks locally). Run scripts/build-extensions.mjs first.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { parse } from "smol-toml";
import { UI_EXTENSIONS } from "./build-extensions.mjs";

// import.meta.dirname: also right under Vitest (whose import.meta.url may be an http URL).
const ROOT = resolve(import.meta.dirname, "..");
const BUDGET_GZIP = 20 * 1024;
let failed = false;
for (const name of UI_EXTENSIONS) {
  const dir = join(ROOT, "extensions", name);
  const handle = parse(readFileSync(join(dir, "shopify.extension.toml"), "utf8")).extensions[0].handle;
  const file = join(dir, "dist", `${handle}.js`);
  if (!existsSync(file)) {
    console.error(`${name}: ${file} missing; run node scripts/build-extensions.mjs`);
    failed = true;
    continue;
  }
  const raw = readFileSync(file);
  const gz = gzipSync(raw, { level: 9 }).length;
  const ok = gz <= BUDGET_GZIP;
  if (!ok) failed = true;
  console.log(
    `${name.padEnd(18)} raw ${(raw.length / 1024).toFixed(1).padStart(6)} KB  gzip ${(gz / 1024).toFixed(1).padStart(5)} KB  budget ${BUDGET_GZIP / 1024} KB gz  ${ok ? "ok" : "OVER BUDGET"}`,
  );
}
process.exit(failed ? 1 : 0);
