// Benchmark of the storefront stock endpoint (DESIGN §8: ≥ 5,000 req/s, p99 ≤ 20 ms on loopback).
//
//   npx tsx bench/stock-endpoint.ts [--seconds 5] [--concurrency 64] [--variants 500]
// (the poll phase also runs at --low-concurrency, default 16, to show latency off saturation)
//
// Serves app/routes/proxy.stock.tsx through Remix's own request handler (a server build with
// just that route) on a loopback node:http server; a worker thread (its own event loop) fires
// signed app proxy requests like the widget does, over keep-alive connections:
//   - "poll": every virtual shopper sends If-None-Match with the ETag it got last (mostly 304);
//   - "fresh": no If-None-Match (every answer is a 200 with the JSON body);
//   - "proposed": the same route with the library configured as app/shopify.server.ts plus
//     cachedSessionStorage (app/storefront/session-cache.server.ts) and a warning-level
//     library logger: appProxy auth loads the offline session and logs a line per request;
//   - "naive": the way a typical app does it, one Admin GraphQL call per request
//     (authenticate.public.appProxy → admin.graphql productVariant{inventoryQuantity…}) against
//     the dev/ stand-in's Admin API with Shopify-like latency, when the stand-in is present.
// Prints req/s, p50/p95/p99 and writes bench/results/stock-endpoint-<time>.json.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createHmac } from "node:crypto";
import { tmpdir, cpus } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";

const args = process.argv.slice(2);
const arg = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const SECONDS = arg("seconds", 5);
const CONCURRENCY = arg("concurrency", 64);
const VARIANTS = arg("variants", 500);
const LOW_CONCURRENCY = arg("low-concurrency", 16);

// ── environment: a private SQLite database, test credentials ───────────────────────────
const dir = mkdtempSync(join(tmpdir(), "stockroom-bench-"));
process.env.DATABASE_URL ||= `file:${join(dir, "bench.sqlite")}`;
process.env.SHOPIFY_API_KEY ||= "bench-api-key";
process.env.SHOPIFY_API_SECRET ||= "bench-api-secret";
process.env.SHOPIFY_APP_URL ||= "http://127.0.0.1:3999";
process.env.SCOPES ||= "read_products,read_inventory";
process.env.LOG_LEVEL ||= "warn";
process.env.WORKER = "off";
process.env.NODE_ENV ||= "production";
const SECRET = process.env.SHOPIFY_API_SECRET!;
execFileSync("node_modules/.bin/prisma", ["migrate", "deploy"], { stdio: "pipe", env: process.env });

const { default: prisma } = await import("../app/db.server");
const route = await import("../app/routes/proxy.stock");
const { stockLoader } = await import("../app/storefront/stock-route.server");
const { cachedSessionStorage } = await import("../app/storefront/session-cache.server");
const { authenticate } = await import("../app/shopify.server");
const { createRequestHandler } = await import("@remix-run/node");

const SHOPS = ["north-shop.myshopify.com", "south-shop.myshopify.com"];

// ── seed: per shop 1/3 as many products as variants (3 variants each), one level each ──
async function seed() {
  for (const shop of SHOPS) {
    await prisma.shop.create({ data: { domain: shop, currencyCode: "EUR" } });
    await prisma.session.create({
      data: { id: `offline_${shop}`, shop, state: "", isOnline: false, accessToken: `shpat_bench_${shop}`, scope: "read_products,read_inventory", expires: new Date(Date.now() + 86_400_000) },
    });
    const products = Math.ceil(VARIANTS / 3);
    for (let p = 1; p <= products; p++) {
      const productId = `gid://shopify/Product/${p}`;
      await prisma.catalogProduct.create({
        data: { shop, productId, title: `Product ${p}`, handle: `product-${p}`, vendor: `Vendor ${p % 7}`, productType: `Type ${p % 11}`, tags: `tag${p % 5}, tag${p % 13}`, imageUrl: `https://cdn.shopify.com/s/files/${p}.jpg` },
      });
      const variants = [];
      const levels = [];
      for (let v = 0; v < 3; v++) {
        const id = p * 10 + v;
        variants.push({ shop, variantId: `gid://shopify/ProductVariant/${id}`, productId, inventoryItemId: `gid://shopify/InventoryItem/${id}`, title: `V${v}`, price: `${10 + v}.00` });
        // a third low, some sold out, the rest in stock: alternatives are computed for many
        levels.push({ shop, inventoryItemId: `gid://shopify/InventoryItem/${id}`, locationId: "gid://shopify/Location/1", available: id % 3 === 0 ? 2 : id % 7 === 0 ? 0 : 40, seenAt: new Date() });
      }
      await prisma.catalogVariant.createMany({ data: variants });
      await prisma.inventoryLevel.createMany({ data: levels });
    }
  }
}

// ── Remix server build with the one route, on node:http ─────────────────────────────────
function build(routeModule: Record<string, unknown>) {
  return {
    mode: "production",
    entry: { module: { default: () => new Response("not a document route", { status: 404 }) } },
    routes: {
      root: { id: "root", path: "", module: { default: () => null } },
      "routes/proxy.stock": { id: "routes/proxy.stock", parentId: "root", path: "proxy/stock", module: routeModule },
    },
    assets: { entry: { module: "", imports: [] }, routes: {}, url: "", version: "bench" },
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    future: { v3_singleFetch: true },
    isSpaMode: false,
  } as never;
}

function serve(routeModule: Record<string, unknown>): Promise<{ port: number; close: () => Promise<void> }> {
  const handle = createRequestHandler(build(routeModule), "production");
  const server = http.createServer(async (req, res) => {
    try {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const response = await handle(new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers }));
      const out: Record<string, string> = {};
      response.headers.forEach((v, k) => (out[k] = v));
      const body = response.body ? Buffer.from(await response.arrayBuffer()) : null;
      res.writeHead(response.status, out);
      res.end(body);
    } catch (e) {
      res.writeHead(500);
      res.end(String(e));
    }
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ port: (server.address() as { port: number }).port, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) }),
    ),
  );
}

/** Signs like Shopify's app proxy: sorted key=value pairs, no separator, hex HMAC-SHA256. */
function signedPath(shop: string, variant: number): string {
  const params: Record<string, string> = {
    shop,
    path_prefix: "/apps/stockroom",
    logged_in_customer_id: "",
    timestamp: String(Math.trunc(Date.now() / 1000)),
    variant: String(variant),
    threshold: "5",
    count: "1",
    limit: "4",
    locale: "en",
  };
  const msg = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join("");
  const q = new URLSearchParams({ ...params, signature: createHmac("sha256", SECRET).update(msg).digest("hex") });
  return `/proxy/stock?${q}`;
}

function urls(): string[] {
  const out: string[] = [];
  for (let i = 0; i < VARIANTS; i++) {
    const shop = SHOPS[i % SHOPS.length];
    const p = 1 + Math.floor(i / 3) % Math.ceil(VARIANTS / 3);
    out.push(signedPath(shop, p * 10 + (i % 3)));
  }
  return out;
}

// ── load generator in a worker thread ───────────────────────────────────────────────────
const WORKER = `
const http = require("node:http");
const { parentPort, workerData } = require("node:worker_threads");
const { port, paths, seconds, concurrency, useEtag } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const lat = []; const status = {}; let errors = 0;
const etags = new Map();
const end = Date.now() + seconds * 1000;
let next = 0;
function one() {
  return new Promise((resolve) => {
    const path = paths[next++ % paths.length];
    // Each request comes from one of many shoppers' addresses (the app proxy forwards it), as
    // a real storefront's traffic does, so the route's per-shopper rate limit is exercised
    // (its cost is in the figures) without refusing the benchmark's single client.
    const n = next;
    const headers = { "x-forwarded-for": "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255) };
    if (useEtag && etags.has(path)) headers["if-none-match"] = etags.get(path);
    const t0 = process.hrtime.bigint();
    const req = http.get({ host: "127.0.0.1", port, path, agent, headers }, (res) => {
      res.on("data", () => {});
      res.on("end", () => {
        lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
        status[res.statusCode] = (status[res.statusCode] || 0) + 1;
        if (res.headers.etag) etags.set(path, res.headers.etag);
        resolve();
      });
    });
    req.on("error", () => { errors++; resolve(); });
  });
}
async function loop() { while (Date.now() < end) await one(); }
const t0 = Date.now();
Promise.all(Array.from({ length: concurrency }, loop)).then(() => {
  agent.destroy();
  parentPort.postMessage({ lat, status, errors, ms: Date.now() - t0 });
});
`;

interface Result {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  status: Record<string, number>;
  errors: number;
  concurrency: number;
  seconds: number;
}

function pct(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

function load(name: string, port: number, paths: string[], useEtag: boolean, seconds = SECONDS, concurrency = CONCURRENCY): Promise<Result> {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { eval: true, workerData: { port, paths, seconds, concurrency, useEtag } });
    w.once("error", reject);
    w.once("message", (m: { lat: number[]; status: Record<string, number>; errors: number; ms: number }) => {
      const sorted = m.lat.sort((a, b) => a - b);
      const r: Result = {
        name,
        requests: sorted.length,
        rps: Math.round(sorted.length / (m.ms / 1000)),
        p50: +pct(sorted, 50).toFixed(2),
        p95: +pct(sorted, 95).toFixed(2),
        p99: +pct(sorted, 99).toFixed(2),
        max: +(sorted[sorted.length - 1] ?? NaN).toFixed(2),
        status: m.status,
        errors: m.errors,
        concurrency,
        seconds,
      };
      console.log(
        `${name.padEnd(12)} ${String(r.rps).padStart(7)} req/s  p50 ${r.p50} ms  p95 ${r.p95} ms  p99 ${r.p99} ms  max ${r.max} ms  ` +
          `(${r.requests} requests, status ${JSON.stringify(r.status)}, errors ${r.errors}, concurrency ${concurrency})`,
      );
      w.terminate().then(() => resolve(r));
    });
  });
}

async function fill(port: number, paths: string[]): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  let i = 0;
  const worker = async () => {
    while (i < paths.length) {
      const path = paths[i++];
      await new Promise<void>((resolve, reject) =>
        http.get({ host: "127.0.0.1", port, path, agent }, (res) => { res.resume(); res.on("end", () => resolve()); }).on("error", reject),
      );
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  agent.destroy();
}

// ── naive: one Admin API call per storefront request, against the stand-in ─────────────
const NAIVE_QUERY = `#graphql
query VariantStock($id: ID!) {
  productVariant(id: $id) { inventoryQuantity inventoryPolicy inventoryItem { tracked } }
}`;

async function naiveRouteModule() {
  const { computeState } = await import("../widget/src/state");
  return {
    loader: async ({ request }: { request: Request }) => {
      const { admin } = await authenticate.public.appProxy(request);
      if (!admin) return new Response(null, { status: 404 });
      const variant = new URL(request.url).searchParams.get("variant");
      const res = await admin.graphql(NAIVE_QUERY, { variables: { id: `gid://shopify/ProductVariant/${variant}` } });
      const { data } = (await res.json()) as { data: { productVariant: { inventoryQuantity: number; inventoryPolicy: string; inventoryItem: { tracked: boolean } } | null } };
      const v = data.productVariant;
      if (!v) return new Response(null, { status: 404 });
      const state = computeState({ tracked: v.inventoryItem.tracked, policy: v.inventoryPolicy, available: v.inventoryQuantity }, 5);
      return Response.json({ variant, state, count: v.inventoryQuantity, alternatives: [] });
    },
  };
}

/** Starts the stand-in's Admin API when dev/ has it; returns null otherwise. */
async function standInAdmin(): Promise<{ close: () => Promise<void>; paths: string[] } | null> {
  if (!existsSync("dev/admin/index.ts") || !existsSync("dev/store/index.ts")) return null;
  const { Store } = await import("../dev/store/index.ts" as string);
  const { createAdminApi } = await import("../dev/admin/index.ts" as string);
  const store = new Store({});
  const paths: string[] = [];
  for (const shop of SHOPS) {
    store.createShop({ domain: shop, currencyCode: "EUR", plan: "plus" });
    store.registerAccessToken({ token: `shpat_bench_${shop}`, shop, apiKey: process.env.SHOPIFY_API_KEY, scopes: ["read_products", "read_inventory"], kind: "offline", expiresAt: null });
    for (let p = 0; p < 20; p++) {
      const { variants } = store.createProduct(shop, { title: `Naive ${p}`, variants: [{ title: "A", stock: 5 + p }] });
      paths.push(signedPath(shop, variants[0].id));
    }
  }
  // Shopify-like Admin API latency (DESIGN §8: 50–150 ms), and a throttle that never binds here.
  store.setApiFaults({ latencyMs: [50, 150], seed: 1 });
  store.setThrottle(null, { maximumAvailable: 1e9, restoreRate: 1e9 });
  const api = createAdminApi(store, { publicOrigin: "http://127.0.0.1" });
  const server = http.createServer((req, res) => {
    const m = /^\/store\/([^/]+)\/admin\/api\/[^/]+\/graphql\.json/.exec(req.url ?? "");
    if (!m) {
      res.writeHead(404);
      res.end();
      return;
    }
    api.handle(req, res, `${m[1]}.myshopify.com`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  process.env.SHOPIFY_STANDIN_URL = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { paths, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

// ── run ────────────────────────────────────────────────────────────────────────────────
console.log(`stock-endpoint bench: ${VARIANTS} variants in ${SHOPS.length} shops, ${CONCURRENCY} concurrent keep-alive clients, ${SECONDS} s per phase, ${cpus().length} CPUs, node ${process.version}`);
await seed();
const results: Result[] = [];
const app = await serve(route as never);
try {
  // Fill the read model once (every variant answered at least once), then measure.
  const t0 = Date.now();
  await fill(app.port, urls());
  console.log(`cold fill: ${VARIANTS} variants answered in ${Date.now() - t0} ms (read model loads from the database)`);
  results.push(await load("poll", app.port, urls(), true));
  results.push(await load("fresh", app.port, urls(), false));
  results.push(await load(`poll@${LOW_CONCURRENCY}`, app.port, urls(), true, SECONDS, LOW_CONCURRENCY));
  const { storefrontCacheStats } = await import("../app/storefront/stock.server");
  console.log(`read-model cache: ${JSON.stringify(storefrontCacheStats())}`);
} finally {
  await app.close();
}

// The proposed library configuration (same options as app/shopify.server.ts, plus the two).
{
  const { shopifyApp, ApiVersion, AppDistribution } = await import("@shopify/shopify-app-remix/server");
  const { LogSeverity } = await import("@shopify/shopify-api");
  const { PrismaSessionStorage } = await import("@shopify/shopify-app-session-storage-prisma");
  const proposed = shopifyApp({
    apiKey: process.env.SHOPIFY_API_KEY,
    apiSecretKey: SECRET,
    apiVersion: ApiVersion.October26,
    scopes: process.env.SCOPES?.split(","),
    appUrl: process.env.SHOPIFY_APP_URL!,
    authPathPrefix: "/auth",
    sessionStorage: cachedSessionStorage(new PrismaSessionStorage(prisma)),
    distribution: AppDistribution.AppStore,
    useOnlineTokens: true,
    future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
    logger: { level: LogSeverity.Warning },
  });
  const proposedApp = await serve({ loader: stockLoader(proposed.authenticate) });
  try {
    results.push(await load("proposed", proposedApp.port, urls(), true));
    results.push(await load(`proposed@${LOW_CONCURRENCY}`, proposedApp.port, urls(), true, SECONDS, LOW_CONCURRENCY));
  } finally {
    await proposedApp.close();
  }
}

let naive: Result | null = null;
const standIn = await standInAdmin().catch((e) => {
  console.log(`naive: stand-in Admin API could not start (${(e as Error).message})`);
  return null;
});
if (standIn) {
  const naiveApp = await serve(await naiveRouteModule());
  try {
    await load("warmup", naiveApp.port, standIn.paths, false, 1);
    naive = await load("naive", naiveApp.port, standIn.paths, false);
  } finally {
    await naiveApp.close();
    await standIn.close();
  }
} else {
  console.log("naive: skipped (dev/admin/index.ts, the stand-in Admin API, is not present yet)");
}

const poll = results.find((r) => r.name === "poll")!;
const proposedPoll = results.find((r) => r.name === "proposed");
if (naive) {
  console.log(`ratio: read model (poll) serves ${(poll.rps / Math.max(1, naive.rps)).toFixed(1)}× the naive req/s; p99 ${poll.p99} ms vs ${naive.p99} ms`);
  if (proposedPoll) console.log(`ratio: read model with the proposed library config serves ${(proposedPoll.rps / Math.max(1, naive.rps)).toFixed(1)}× the naive req/s; p99 ${proposedPoll.p99} ms vs ${naive.p99} ms`);
}
const budget = { rps: 5000, p99ms: 20 };
const verdict = (r: Result) => `${r.name} ${r.rps >= budget.rps && r.p99 <= budget.p99ms ? "met" : "NOT met"}`;
console.log(`budget (DESIGN §8): ≥ ${budget.rps} req/s and p99 ≤ ${budget.p99ms} ms → ${results.map(verdict).join(", ")}`);

mkdirSync("bench/results", { recursive: true });
const file = `bench/results/stock-endpoint-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
writeFileSync(file, JSON.stringify({ bench: "stock-endpoint", at: new Date().toISOString(), node: process.version, cpus: cpus().length, variants: VARIANTS, results, naive, budget }, null, 2));
console.log(`wrote ${file}`);
await prisma.$disconnect();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
