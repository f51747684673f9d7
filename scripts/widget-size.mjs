#!/usr/bin/env node
// Budgets of the storefront widget (DESIGN §8), checked on the built files:
//  - the app block's own script (schema "javascript", stockroom-loader.js) ≤ 10,000 bytes raw
//    (theme-check's AssetSizeAppBlockJavaScript threshold);
//  - everything the widget ever loads (loader + Preact UI chunk + sign-up form + its styles: the
//    rules inlined in the block and the non-blocking stylesheet) ≤ 10 KB gzipped.
// Prints both; exits 1 above a budget. A size is not a timing, so CI enforces it.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const dir = "extensions/stock-widget/assets";
// stockroom-notify.js (the back-in-stock form) loads only on sold-out variants; it is counted anyway.
const files = ["stockroom-loader.js", "stockroom-ui.js", "stockroom-notify.js", "stockroom.css"];
// The <style> the block inlines (snippets/stockroom-style.liquid) travels in the page's HTML.
const inlineCss = Buffer.from(/<style>([\s\S]*?)<\/style>/.exec(readFileSync("extensions/stock-widget/snippets/stockroom-style.liquid", "utf8"))[1]);
const LOADER_RAW_MAX = 10_000;
const TOTAL_GZ_MAX = 10 * 1024;

let totalRaw = 0;
let totalGz = 0;
const sizes = {};
for (const f of files) {
  const buf = readFileSync(`${dir}/${f}`);
  const gz = gzipSync(buf, { level: 9 }).length;
  sizes[f] = { raw: buf.length, gzip: gz };
  totalRaw += buf.length;
  totalGz += gz;
  console.log(`widget-size: ${f.padEnd(20)} ${String(buf.length).padStart(6)} B raw  ${String(gz).padStart(6)} B gzip`);
}
{
  const gz = gzipSync(inlineCss, { level: 9 }).length;
  totalRaw += inlineCss.length;
  totalGz += gz;
  console.log(`widget-size: ${"inline <style>".padEnd(20)} ${String(inlineCss.length).padStart(6)} B raw  ${String(gz).padStart(6)} B gzip`);
}
const loaderRaw = sizes["stockroom-loader.js"].raw;
console.log(`widget-size: loader (block script) ${loaderRaw} B raw / budget ${LOADER_RAW_MAX} B`);
console.log(`widget-size: everything it loads   ${totalGz} B gzip (${totalRaw} B raw) / budget ${TOTAL_GZ_MAX} B gzip`);
let fail = false;
if (loaderRaw > LOADER_RAW_MAX) {
  console.error(`widget-size: FAIL loader is ${loaderRaw} B > ${LOADER_RAW_MAX} B`);
  fail = true;
}
if (totalGz > TOTAL_GZ_MAX) {
  console.error(`widget-size: FAIL total is ${totalGz} B gzip > ${TOTAL_GZ_MAX} B`);
  fail = true;
}
process.exit(fail ? 1 : 0);
