// Child process of the sync benchmarks: the stand-in (dev/store + dev/admin, real semantics,
// configurable latency, standard throttle) on its own event loop, so orders arrive at their own
// pace whatever the app is doing. Webhooks for inventory changes are POSTed to the parent.
// /control/setup + /control/flash serve bench/flash-sale.ts; /control/setup-many + /control/run
// serve the loaded case of bench/propagation.ts (many SKUs, orders at a steady rate, latency
// from each order to the last other store written, measured here on one clock);
// /control/app-writes counts the app's level writes.
//   node --import tsx bench/_standin-child.ts <webhookUrl>
import { createServer, type IncomingMessage } from "node:http";
import { Agent, request } from "node:http";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { Store, StoreError, gid } from "../dev/store/index.ts";
import { createAdminApi } from "../dev/admin/index.ts";
import { inventoryLevelPayload } from "../dev/webhooks/payloads.ts";

const WEBHOOK_URL = new URL(process.argv[2]);
const API_KEY = "test-api-key";
const store = new Store({ seed: 5 });
let origin = "";
const api = createAdminApi(store, { publicOrigin: () => origin } as never);
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
let inflight = 0;
const idleWaiters: (() => void)[] = [];
/** While set up in bulk, the products' "connect" events are not sent (the app is not linked yet). */
let muted = false;
let hooksSent = 0;

store.on("inventory", (e) => {
  if (muted) return;
  hooksSent++;
  const external = !((e.cause === "api_set" || e.cause === "api_adjust") && e.appKey === API_KEY);
  const body = JSON.stringify({ shop: e.shop, eventId: randomUUID(), triggeredAt: new Date(e.updatedAtMs).toISOString(), payload: inventoryLevelPayload(store, e), external });
  inflight++;
  const req = request({ agent, host: WEBHOOK_URL.hostname, port: WEBHOOK_URL.port, path: WEBHOOK_URL.pathname, method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
    res.resume();
    res.on("end", done);
  });
  req.on("error", done);
  req.end(body);
  function done() {
    inflight--;
    if (inflight === 0) for (const w of idleWaiters.splice(0)) w();
  }
});

const isAppWrite = (e: { cause: string; appKey: string | null }) => (e.cause === "api_set" || e.cause === "api_adjust") && e.appKey === API_KEY;

/** The app's level writes so far: quantities changed, and mutations (distinct referenceDocumentUri) that changed any. */
const appWrites = { quantities: 0, mutations: 0 };
const references = new Set<string>();
store.on("inventory", (e) => {
  if (!isAppWrite(e)) return;
  appWrites.quantities++;
  const ref = e.reference ?? `${e.shop}|${e.updatedAtMs}`;
  if (!references.has(ref)) {
    references.add(ref);
    appWrites.mutations++;
  }
});

/** Small seeded PRNG (mulberry32): the same SKU sequence on every configuration. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RunOrder {
  shop: string;
  sku: string;
  at: number;
  /** orders on this SKU so far, this one included */
  n: number;
  /** other stores whose level does not reflect this order yet */
  waiting: Set<string>;
}

/**
 * A loaded run: orders at `rate`/s for `seconds`, round-robin over the shops, each for one unit
 * of a SKU drawn at random from `skus`. The group mirrors one pool (protection off, no buffer),
 * so after the n-th order on a SKU every store should show its starting level − n: an order
 * counts as reflected in another store at the first app write there whose value is at most
 * that, and its latency is order placed → the last other store so written.
 */
class Run {
  readonly base = new Map<string, number>();
  readonly count = new Map<string, number>();
  readonly pending = new Map<string, RunOrder[]>();
  readonly latencies: number[] = [];
  /** when each order of `latencies` was placed, ms into the run */
  readonly placedAt: number[] = [];
  readonly lateMs: number[] = [];
  placed = 0;
  unreflected = 0;
  done = false;
  startedAt = Date.now();
  endedAt = 0;
  levelWrites = 0;
  readonly hooks0 = hooksSent;
  baseEqual = true;
  private readonly off: () => void;

  constructor(
    readonly shops: string[],
    readonly skus: string[],
    readonly total: number,
    readonly rate: number,
    readonly seed: number,
  ) {
    const loc = new Map(shops.map((s) => [s, store.listLocations(s)[0].id]));
    for (const sku of skus) {
      const levels = shops.map((s) => store.getQuantity(s, store.findVariantBySku(s, sku)!.inventoryItemId, loc.get(s)!));
      shops.forEach((s, i) => this.base.set(`${s}|${sku}`, levels[i]));
      if (levels.some((l) => l !== levels[0])) this.baseEqual = false;
    }
    this.off = store.on("inventory", (e) => {
      if (!isAppWrite(e) || !e.sku || !shops.includes(e.shop)) return;
      this.levelWrites++;
      const list = this.pending.get(e.sku);
      if (!list) return;
      const now = Date.now();
      const base = this.base.get(`${e.shop}|${e.sku}`)!;
      for (let i = 0; i < list.length; i++) {
        const o = list[i];
        if (!o.waiting.has(e.shop) || e.available > base - o.n) continue;
        o.waiting.delete(e.shop);
        if (o.waiting.size === 0) {
          this.latencies.push(now - o.at);
          this.placedAt.push(o.at - this.startedAt);
          this.unreflected--;
          list.splice(i--, 1);
        }
      }
    });
  }

  async place() {
    const rnd = prng(this.seed);
    const start = Date.now();
    this.startedAt = start;
    for (let i = 0; i < this.total; i++) {
      const due = start + (i * 1000) / this.rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      this.lateMs.push(Date.now() - due);
      const shop = this.shops[i % this.shops.length];
      const sku = this.skus[Math.floor(rnd() * this.skus.length)];
      const v = store.findVariantBySku(shop, sku)!;
      const n = (this.count.get(sku) ?? 0) + 1;
      this.count.set(sku, n);
      const order: RunOrder = { shop, sku, at: Date.now(), n, waiting: new Set(this.shops.filter((s) => s !== shop)) };
      let list = this.pending.get(sku);
      if (!list) this.pending.set(sku, (list = []));
      list.push(order);
      this.unreflected++;
      store.placeOrder(shop, { lineItems: [{ variantId: v.id, quantity: 1 }] });
      this.placed++;
    }
    this.endedAt = Date.now();
    this.done = true;
  }

  status() {
    return { placed: this.placed, total: this.total, done: this.done, unreflected: this.unreflected };
  }

  result() {
    this.off();
    const late = [...this.lateMs].sort((a, b) => a - b);
    const stillWaiting = [...this.pending.values()].flat();
    return {
      orders: this.placed,
      latencies: this.latencies,
      placedAt: this.placedAt,
      notReflected: stillWaiting.length,
      ordersPhaseMs: this.endedAt - this.startedAt,
      placedLateMsP99: late[Math.max(0, Math.ceil(0.99 * late.length) - 1)] ?? 0,
      placedLateMsMax: late.at(-1) ?? 0,
      levelWrites: this.levelWrites,
      webhooks: hooksSent - this.hooks0,
      skusOrdered: this.count.size,
      maxOrdersOnOneSku: Math.max(0, ...this.count.values()),
      startingLevelsEqual: this.baseEqual,
    };
  }
}
let run: Run | null = null;

async function json(req: IncomingMessage): Promise<any> {
  let s = "";
  for await (const c of req) s += c;
  return s ? JSON.parse(s) : {};
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  const m = /^\/store\/([^/]+)\/admin\/api\/2026-10\/graphql\.json/.exec(url.pathname);
  if (m && req.method === "POST") return void api.handle(req, res, `${m[1]}.myshopify.com`);
  const send = (o: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(o));
  try {
    if (url.pathname === "/control/setup") {
      const b = await json(req);
      store.setApiFaults({ latencyMs: b.latencyMs ?? [50, 150], errorRate: 0, throttleRate: 0, timeoutRate: 0, seed: 5 });
      const out = [];
      for (const handle of b.shops as string[]) {
        const domain = `${handle}.myshopify.com`;
        store.createShop({ domain });
        const loc = store.listLocations(domain)[0];
        const token = `shpat_${handle}`;
        store.registerAccessToken({ token, shop: domain, apiKey: API_KEY, scopes: ["read_inventory", "write_inventory", "read_products"], kind: "offline", expiresAt: null });
        const { product, variants } = store.createProduct(domain, { title: b.sku, variants: [{ title: b.sku, sku: b.sku, stock: b.units }] });
        out.push({ domain, token, locationGid: gid("Location", loc.id), productId: gid("Product", product.id), variantId: gid("ProductVariant", variants[0].id), inventoryItemId: gid("InventoryItem", variants[0].inventoryItemId) });
      }
      return send(out);
    }
    if (url.pathname === "/control/setup-many") {
      // Shops with many SKUs each (products of 50 variants), every level at `units`.
      const b = (await json(req)) as { shops: string[]; skus: string[]; units: number; latencyMs?: [number, number] };
      store.setApiFaults({ latencyMs: b.latencyMs ?? [50, 150], errorRate: 0, throttleRate: 0, timeoutRate: 0, seed: 5 });
      const out = [];
      muted = true;
      try {
        for (const handle of b.shops) {
          const domain = `${handle}.myshopify.com`;
          store.createShop({ domain });
          const loc = store.listLocations(domain)[0];
          const token = `shpat_${handle}`;
          store.registerAccessToken({ token, shop: domain, apiKey: API_KEY, scopes: ["read_inventory", "write_inventory", "read_products", "read_locations"], kind: "offline", expiresAt: null });
          const variants = [];
          for (let i = 0; i < b.skus.length; i += 50) {
            const skus = b.skus.slice(i, i + 50);
            const created = store.createProduct(domain, {
              title: `P ${skus[0]}…`,
              options: [{ name: "Title", values: skus }],
              variants: skus.map((sku) => ({ title: sku, sku, stock: b.units, options: [sku] })),
            });
            for (const v of created.variants) variants.push({ sku: v.sku!, productId: gid("Product", created.product.id), variantId: gid("ProductVariant", v.id), inventoryItemId: gid("InventoryItem", v.inventoryItemId) });
          }
          out.push({ domain, token, locationGid: gid("Location", loc.id), variants });
        }
      } finally {
        muted = false;
      }
      return send(out);
    }
    if (url.pathname === "/control/run" && req.method === "POST") {
      const b = (await json(req)) as { shops: string[]; skus: string[]; rate: number; seconds: number; seed?: number };
      if (run && !run.done) throw new Error("a run is under way");
      run = new Run(b.shops, b.skus, Math.round(b.rate * b.seconds), b.rate, b.seed ?? 1);
      const r = run;
      void r.place().catch((error) => {
        console.error("run failed:", error);
        r.endedAt = Date.now();
        r.done = true;
      });
      return send({ started: true });
    }
    if (url.pathname === "/control/run") return send(run?.status() ?? null);
    if (url.pathname === "/control/run/result") return send(run?.result() ?? null);
    if (url.pathname === "/control/flash") {
      const b = await json(req);
      const shops: string[] = b.shops;
      let sold = 0;
      let refused = 0;
      // refused while another store still showed units (allocation left stock stranded elsewhere)
      let stranded = 0;
      const level = (shop: string) => {
        const v = store.findVariantBySku(shop, b.sku)!;
        return store.getQuantity(shop, v.inventoryItemId, store.listLocations(shop)[0].id);
      };
      const start = Date.now();
      for (let i = 0; i < b.orders; i++) {
        const due = start + (i / b.orders) * b.windowMs;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        const shop = shops[i % shops.length];
        const v = store.findVariantBySku(shop, b.sku)!;
        try {
          store.placeOrder(shop, { lineItems: [{ variantId: v.id, quantity: 1 }] });
          sold++;
        } catch (e) {
          if (!(e instanceof StoreError && e.code === "INSUFFICIENT_STOCK")) throw e;
          refused++;
          if (shops.some((s) => s !== shop && level(s) > 0)) stranded++;
        }
      }
      return send({ sold, refused, stranded, ms: Date.now() - start, lastOrderAt: Date.now() });
    }
    if (url.pathname === "/control/levels") {
      const sku = url.searchParams.get("sku")!;
      const shops = url.searchParams.get("shops")!.split(",");
      return send(Object.fromEntries(shops.map((s) => {
        const v = store.findVariantBySku(s, sku)!;
        return [s, store.getQuantity(s, v.inventoryItemId, store.listLocations(s)[0].id)];
      })));
    }
    if (url.pathname === "/control/app-writes") return send(appWrites);
    if (url.pathname === "/control/idle") {
      if (inflight > 0) await new Promise<void>((r) => idleWaiters.push(r));
      return send({ ok: true });
    }
    res.writeHead(404).end();
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.stdout.write(JSON.stringify({ origin }) + "\n");
});
