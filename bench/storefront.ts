// What the storefront widget costs a product page (issue 13; Built for Shopify allows a loss of
// ≤ 10 Lighthouse performance points, our budget is 0 points and CLS 0).
//
//   npm run bench:storefront [-- --runs 5]
//
// Lighthouse (mobile emulation, performance only) on a stand-in product page of north-shop
// for an in-stock, a low and a sold-out variant: once with the theme app block (the stand-in
// renders extensions/stock-widget, the app answers the proxy poll) and once without it (a
// second stand-in with the same seed whose theme has no app block). Median of --runs each.
// Build the widget first (`npm run build:widget`; the demo and `npm start` do it).
// Prints the table and writes bench/results/storefront.json.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import lighthouse from "lighthouse";
import { startAppWithStandin } from "../dev/app-with-standin.ts";
import { chromiumLaunchOptions, generateCredentials, shopUrls, startStandin } from "../dev/kit.ts";
import { report } from "./support/report.ts";

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf("--runs") + 1] || 5) || 5;
const SHOP = "north-shop";
const DEBUG_PORT = 9322;

if (!existsSync("extensions/stock-widget/assets/stockroom-loader.js")) {
  console.error("Build the widget first: npm run build:widget");
  process.exit(1);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function startChromium(): Promise<ChildProcess> {
  const { executablePath, args: flags } = chromiumLaunchOptions();
  const profile = mkdtempSync(join(tmpdir(), "stockroom-lh-"));
  const child = spawn(executablePath, [...flags, "--headless=new", `--remote-debugging-port=${DEBUG_PORT}`, `--user-data-dir=${profile}`, "about:blank"], { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${DEBUG_PORT}/json/version`).then((r) => r.ok).catch(() => false);
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("Chromium did not open its debugging port");
}

interface Run {
  score: number;
  lcp: number;
  tbt: number;
  cls: number;
}

async function measure(url: string): Promise<Run> {
  const result = await lighthouse(url, { port: DEBUG_PORT, output: "json", logLevel: "error", onlyCategories: ["performance"] });
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const lhr = result.lhr;
  const audit = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
  return { score: Math.round((lhr.categories.performance.score ?? 0) * 100), lcp: audit("largest-contentful-paint"), tbt: audit("total-blocking-time"), cls: audit("cumulative-layout-shift") };
}

async function medianOf(url: string): Promise<Run> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measure(url));
  return { score: median(runs.map((r) => r.score)), lcp: median(runs.map((r) => r.lcp)), tbt: median(runs.map((r) => r.tbt)), cls: median(runs.map((r) => r.cls)) };
}

const withBlock = await startAppWithStandin({ worker: false, install: [SHOP] });
const { startImport } = (await withBlock.vite.ssrLoadModule("/app/import/start.server.ts")) as typeof import("../app/import/start.server");
await startImport(`${SHOP}.myshopify.com`);
const emptyTheme = mkdtempSync(join(tmpdir(), "stockroom-no-block-"));
const creds = generateCredentials();
const withoutBlock = await startStandin({ appUrl: withBlock.appUrl, ...creds, seed: "demo", extensionDir: emptyTheme });
const chromium = await startChromium();

try {
  // A product of the demo seed with three variants, stocked as in stock (20), low (2) and sold
  // out (0) at every location, in both stand-ins (same seed, same ids).
  const product = withBlock.standin.control.state({ shop: SHOP }).products.find((p) => p.variants.filter((v) => v.sku).length >= 3)!;
  const [inStock, low, soldOut] = product.variants.filter((v) => v.sku);
  for (const standin of [withBlock.standin, withoutBlock]) {
    for (const [v, units] of [[inStock, 20], [low, 2], [soldOut, 0]] as const) {
      const levels = standin.control.stock({ shop: SHOP, sku: v.sku! }).levels;
      levels.forEach((l, i) => standin.control.setStock({ shop: SHOP, sku: v.sku!, locationId: l.locationId, available: i === 0 ? units : 0 }));
    }
  }
  const cases = [
    { state: "in stock", variant: inStock },
    { state: "low", variant: low },
    { state: "sold out", variant: soldOut },
  ];
  const rows = [];
  for (const c of cases) {
    const page = (base: string) => shopUrls(base, `${SHOP}.myshopify.com`).product(product.handle, c.variant.id);
    const without = await medianOf(page(withoutBlock.url));
    const withApp = await medianOf(page(withBlock.standin.url));
    rows.push({ state: c.state, without, with: withApp, pointsLost: without.score - withApp.score });
  }
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  console.log(`\nLighthouse ${RUNS} runs each (median), mobile emulation, ${SHOP}/${product.handle}`);
  console.log(`${"variant".padEnd(10)} ${pad("score w/o", 10)} ${pad("score with", 11)} ${pad("lost", 5)} ${pad("LCP w/o", 8)} ${pad("LCP with", 9)} ${pad("TBT w/o", 8)} ${pad("TBT with", 9)} ${pad("CLS w/o", 8)} ${pad("CLS with", 9)}`);
  for (const r of rows) {
    console.log(`${r.state.padEnd(10)} ${pad(r.without.score, 10)} ${pad(r.with.score, 11)} ${pad(r.pointsLost, 5)} ${pad(Math.round(r.without.lcp), 8)} ${pad(Math.round(r.with.lcp), 9)} ${pad(Math.round(r.without.tbt), 8)} ${pad(Math.round(r.with.tbt), 9)} ${pad(r.without.cls.toFixed(3), 8)} ${pad(r.with.cls.toFixed(3), 9)}`);
  }
  const worst = Math.max(...rows.map((r) => r.pointsLost));
  const maxCls = Math.max(...rows.map((r) => r.with.cls));
  console.log(`budget: 0 points lost → ${worst <= 0 ? "met" : `MISSED (${worst})`}; Built for Shopify ≤ 10 → ${worst <= 10 ? "met" : "MISSED"}; CLS 0 → ${maxCls === 0 ? "met" : `MISSED (${maxCls.toFixed(3)})`}`);
  report("storefront", { runs: RUNS, shop: SHOP, product: product.handle, rows, worstPointsLost: worst, maxClsWithBlock: maxCls });
} finally {
  chromium.kill("SIGKILL");
  await withoutBlock.stop();
  await withBlock.stop();
  rmSync(emptyTheme, { recursive: true, force: true });
}
process.exit(0);
