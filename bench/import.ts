// Initial import (DESIGN §8: 100k variants × 2 locations ≤ 20 s, peak RSS ≤ 300 MB, streamed).
//
//   npm run bench:import   (= node --max-old-space-size=128 --import tsx bench/import.ts [--variants 100000] [--pages 5])
//
// The heap cap matters: without it V8 lets ~500 MB of already-dead chunk garbage accumulate
// before collecting (peak RSS ~660 MB); with it the same run peaks under 300 MB. Production
// worker processes run with the same flag (see the report / docs).
// The stand-in runs in a child process (its own memory); the app starts a bulk operation
// through its throttle-aware client, waits for it (what bulk_operations/finish tells it), and
// streams the JSONL into the catalog and ledger. Duration = bulkOperationRunQuery → last row
// written; peak RSS = this (app) process. The naive way, for the ratio: a paginated GraphQL read
// of the same data under the standard throttle, measured for `pages` pages and extrapolated.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { prepareEnv, sleep, writeResult } from "./_sync-env";

prepareEnv();
const args = process.argv.slice(2);
const arg = (n: string, d: number) => (args.includes(`--${n}`) ? Number(args[args.indexOf(`--${n}`) + 1]) : d);
const VARIANTS = arg("variants", 100_000);
const PAGES = arg("pages", 5);

const child = spawn(process.execPath, ["--import", "tsx", "bench/_import-standin.ts", String(VARIANTS)], { stdio: ["ignore", "pipe", "inherit"] });
process.on("exit", () => child.kill());
const seedStart = Date.now();
const info = await new Promise<{ origin: string; shop: string; token: string }>((resolve, reject) => {
  createInterface({ input: child.stdout! }).once("line", (l) => resolve(JSON.parse(l)));
  child.once("exit", (c) => reject(new Error(`stand-in exited ${c}`)));
});
console.log(`stand-in ready with ${VARIANTS} variants × 2 locations in ${Date.now() - seedStart} ms`);

const { AdminClient } = await import("../app/admin/client.server");
const { startBulkLevelsRun, ingestRun } = await import("../app/import/bulk-import.server");
const { queue } = await import("../app/queue/index.server");
const { default: prisma } = await import("../app/db.server");

const client = new AdminClient({ shop: info.shop, getToken: async () => ({ token: info.token, expiresAt: null }), endpoint: `${info.origin}/store/import-shop/admin/api/2026-10/graphql.json`, fetch: globalThis.fetch });
await prisma.shop.create({ data: { domain: info.shop } });

let peak = process.memoryUsage().rss;
const baseline = peak;
let atPeak = process.memoryUsage();
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  if (m.rss > peak) {
    peak = m.rss;
    atPeak = m;
  }
}, 10);

const t0 = Date.now();
const run = await startBulkLevelsRun(client, info.shop);
if (run.status !== "running") throw new Error(`bulk run not started: ${run.error}`);
const STATUS = `query BenchBulkStatus($id: ID!) { node(id: $id) { ... on BulkOperation { id status url objectCount completedAt } } }`;
type BulkOp = { status: string; url: string | null; objectCount: string; completedAt: string | null };
let op: BulkOp | null = null;
for (;;) {
  const res: { data: { node: BulkOp | null } } = await client.request<{ node: BulkOp | null }>(STATUS, { id: run.bulkOperationId });
  op = res.data.node;
  if (op && ["COMPLETED", "FAILED", "CANCELED", "EXPIRED"].includes(op.status)) break;
  await sleep(100);
}
const tBulk = Date.now();
const rssAfterBulkOp = Math.round(process.memoryUsage().rss / 1048576);
// What the import's job does after bulk_operations/finish:
await ingestRun({ admin: () => client, queue, fetch: globalThis.fetch }, run.id, { admin_graphql_api_id: run.bulkOperationId!, status: op!.status.toLowerCase(), completed_at: op!.completedAt });
const tDone = Date.now();
clearInterval(sampler);
const done = await prisma.importRun.findUniqueOrThrow({ where: { id: run.id } });
const counts = { variants: await prisma.catalogVariant.count(), levels: await prisma.inventoryLevel.count(), products: await prisma.catalogProduct.count() };

// naive: paginated GraphQL read under the standard throttle
const PAGE = `query BenchPage($after: String) { productVariants(first: 90, after: $after) { pageInfo { hasNextPage endCursor } nodes { id sku barcode inventoryItem { id inventoryLevels(first: 2) { nodes { location { id } quantities(names: ["available"]) { name quantity } } } } } } }`;
let after: string | null = null;
let read = 0;
const tn = Date.now();
for (let p = 0; p < PAGES; p++) {
  type Page = { productVariants: { pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: unknown[] } };
  const { data }: { data: Page } = await client.request<Page>(PAGE, { after });
  read += data.productVariants.nodes.length;
  after = data.productVariants.pageInfo.endCursor;
  if (!data.productVariants.pageInfo.hasNextPage) break;
}
const naiveMs = Date.now() - tn;
const naiveEstimateMs = Math.round((naiveMs / read) * VARIANTS);

const result = {
  variants: VARIANTS,
  locations: 2,
  nodeFlags: process.execArgv.filter((a) => a.startsWith("--max")),
  bulkOperationMs: tBulk - t0,
  streamIngestMs: tDone - tBulk,
  totalMs: tDone - t0,
  peakRssMb: Math.round(peak / 1048576),
  baselineRssMb: Math.round(baseline / 1048576),
  maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  atPeakMb: Object.fromEntries(Object.entries(atPeak).map(([k, v]) => [k, Math.round(v / 1048576)])),
  rssAfterBulkOpMb: 0,
  run: { status: done.status, variants: done.variants, levels: done.levels },
  db: counts,
  naivePaginated: { pagesRead: Math.ceil(read / 90), variantsRead: read, ms: naiveMs, estimatedFullMs: naiveEstimateMs },
  ratioNaiveOverBulk: naiveEstimateMs / (tDone - t0),
  budget: { totalMs: 20_000, peakRssMb: 300 },
};
console.log(`import: ${VARIANTS} variants × 2 locations → ${counts.variants} variants, ${counts.levels} levels, ${counts.products} products`);
console.log(`  bulk operation ${result.bulkOperationMs} ms + streamed ingest ${result.streamIngestMs} ms = ${result.totalMs} ms (budget ≤ 20000: ${result.totalMs <= 20_000 ? "met" : "MISSED"})`);
result.rssAfterBulkOpMb = rssAfterBulkOp;
console.log(`  memory at peak (MB): ${JSON.stringify(result.atPeakMb)}; RSS when the bulk file was ready ${rssAfterBulkOp} MB`);
console.log(`  peak RSS ${result.peakRssMb} MB (process maxRSS ${result.maxRssMb} MB, baseline ${result.baselineRssMb} MB; budget ≤ 300: ${result.peakRssMb <= 300 ? "met" : "MISSED"})`);
console.log(`  naive paginated read: ${read} variants in ${naiveMs} ms under the standard throttle → ~${Math.round(naiveEstimateMs / 1000)} s for all (${result.ratioNaiveOverBulk.toFixed(1)}× the bulk import), reading only`);
writeResult("import", result);
child.kill();
await prisma.$disconnect();
process.exit(0);
