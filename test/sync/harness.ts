/**
 * In-process Shopify for the sync engine: the stand-in's real store (dev/store) and Admin
 * GraphQL handler (dev/admin, called through a fetch shim by the app's own AdminClient), and
 * the app's real webhook intake + queue + worker. Webhooks are captured from store events and
 * delivered when (and how: duplicated, reordered, dropped) the test decides.
 */
import { randomUUID } from "node:crypto";
import prisma from "../../app/db.server";
import { AdminClient } from "../../app/admin/client.server";
import "../../app/jobs.server";
import { registerImportJobs } from "../../app/import/jobs.server";
import { dbQueue, queue } from "../../app/queue/index.server";
import { Worker } from "../../app/queue/worker.server";
import { acceptDelivery, type Delivery } from "../../app/webhooks/intake.server";
import type { SyncDeps } from "../../app/sync/deps";
import { enableGroup, previewStart } from "../../app/sync/enable.server";
import type { EngineOptions } from "../../app/sync/engine.server";
import type { Engine } from "../../app/sync/engine-types";
import { registerSyncJobs } from "../../app/sync/index.server";
import { createGroup, createShareKey, joinGroup } from "../../app/sync/membership.server";
import { updateGroupSettings } from "../../app/sync/settings.server";
import type { StartRule } from "../../app/sync/start-rules";
import type { Protection } from "../../app/sync/targets";
import { Store, gid, type InventoryEvent } from "../../dev/store/index.ts";
import { createAdminApi, type AdminApi } from "../../dev/admin/index.ts";
import { inventoryLevelPayload } from "../../dev/webhooks/payloads.ts";

export const API_KEY = "test-api-key";

export interface RequestInfo {
  shop: string;
  isMutation: boolean;
  body: { query: string; variables?: any };
}

export interface Hook {
  /** Runs right before the Admin API executes a request (race injection). */
  beforeRequest?: (info: RequestInfo) => void | Promise<void>;
  /** Return true to lose the answer after the request ran (an ambiguous failure). */
  loseAnswer?: (info: RequestInfo) => boolean;
}

export interface PendingWebhook {
  seq: number;
  shop: string;
  topic: string;
  eventId: string;
  triggeredAt: Date;
  payload: unknown;
  cause: string;
  external: boolean;
  /** a redelivery of an already delivered webhook (never dropped by the fault model) */
  redelivery?: boolean;
}

export interface ShopHandle {
  domain: string;
  locationId: number;
  locationGid: string;
  token: string;
}

export class Harness {
  store: Store;
  api: AdminApi;
  shops = new Map<string, ShopHandle>();
  outbox: PendingWebhook[] = [];
  delivered: PendingWebhook[] = [];
  /** Σ of external `available` deltas per shop × item (ground truth for P2). */
  external = new Map<string, number>();
  appWrites = 0;
  hook: Hook = {};
  worker!: Worker;
  /** more workers beside `worker` (`workers` > 1): they take jobs from the same queue */
  others: Worker[] = [];
  /** jobs each worker ran in settle(), worker first */
  ranBy: number[] = [];
  private readonly workerCount: number;
  private seq = 0;
  private clients = new Map<string, AdminClient>();
  private unsub: () => void;

  /** realTime: throttle waits and backoff really sleep (benchmarks); default: no waiting (tests). */
  private realTime: boolean;
  /** What the app's sync code gets: clients pointed at this stand-in, the app's queue. */
  readonly deps: SyncDeps;
  engine!: Engine;
  private engineOptions: EngineOptions;

  /** What the webhook route makes of a delivery (a planted bug may swap it); production's: as sent. */
  private asDelivery: (d: Delivery) => Delivery;

  constructor(shared?: {
    store: Store;
    api: AdminApi;
    realTime?: boolean;
    workerConcurrency?: number;
    workers?: number;
    engine?: EngineOptions;
    wrapClient?: (shop: string, c: AdminClient) => Pick<AdminClient, "request">;
    delivery?: (d: Delivery) => Delivery;
  }) {
    this.asDelivery = shared?.delivery ?? ((d) => d);
    this.realTime = shared?.realTime ?? false;
    this.workerCount = Math.max(1, shared?.workers ?? 1);
    this.concurrency = shared?.workerConcurrency ?? 4;
    this.store = shared?.store ?? new Store({ seed: 1 });
    this.api = shared?.api ?? createAdminApi(this.store, { publicOrigin: "http://standin.test", sleep: async () => {} });
    this.unsub = this.store.on("inventory", (e: InventoryEvent) => this.capture(e));
    const wrap = shared?.wrapClient;
    this.deps = { admin: (shop) => (wrap ? wrap(shop, this.client(shop)) : this.client(shop)), queue };
    this.engineOptions = { tickMs: this.realTime ? 1_000 : 10, ...shared?.engine };
    this.startEngine();
    this.startWorkers();
  }

  private startWorkers() {
    this.worker = this.newWorker();
    this.others = Array.from({ length: this.workerCount - 1 }, () => this.newWorker());
    if (this.ranBy.length !== this.workerCount) this.ranBy = new Array<number>(this.workerCount).fill(0);
  }

  /** The app's sync and import jobs, built with this harness's dependencies (a fresh process state). */
  private startEngine() {
    this.engine = registerSyncJobs(this.deps, this.engineOptions);
    registerImportJobs({ admin: this.deps.admin, queue, fetch: this.bulkFileFetch });
  }

  /** The bulk file, as the stand-in serves it (in-process: straight from the operation record). */
  private bulkFileFetch = (async (url: string) => {
    const id = Number(/(\d+)(\.jsonl)?$/.exec(String(url))![1]);
    const found = this.store.findBulkOperation(id);
    return new Response(found?.op.data ?? "", { status: found ? 200 : 404 });
  }) as typeof fetch;

  private concurrency: number;

  newWorker() {
    return new Worker(prisma, dbQueue, { concurrency: this.concurrency, backoff: { baseMs: this.realTime ? 100 : 1, maxMs: this.realTime ? 2_000 : 8 }, leaseMs: 60_000, pollMs: 20 });
  }

  /** A process restart: in-memory state of the app (writers, clients, worker) is gone. */
  restart() {
    this.clients.clear();
    this.startEngine();
    this.startWorkers();
  }

  dispose() {
    this.unsub();
  }

  private capture(e: InventoryEvent) {
    const external = !(e.cause === "api_set" || e.cause === "api_adjust") || e.appKey !== API_KEY;
    if (!external) this.appWrites++;
    if (external && e.deltas.available) {
      const k = `${e.shop}|${e.inventoryItemId}`;
      this.external.set(k, (this.external.get(k) ?? 0) + e.deltas.available);
    }
    this.outbox.push({
      seq: ++this.seq,
      shop: e.shop,
      topic: "inventory_levels/update",
      eventId: randomUUID(),
      triggeredAt: new Date(e.updatedAtMs),
      payload: inventoryLevelPayload(this.store, e),
      cause: e.cause,
      external,
    });
  }

  client(shop: string): AdminClient {
    let c = this.clients.get(shop);
    if (!c) {
      const h = this.shops.get(shop)!;
      c = new AdminClient({
        shop,
        getToken: async () => ({ token: h.token, expiresAt: null }),
        endpoint: `http://standin.test/store/${shop}/admin/api/2026-10/graphql.json`,
        fetch: this.fetchFor(shop),
        ...(this.realTime ? {} : { sleep: async () => {}, backoff: { baseMs: 1, maxMs: 2 }, maxAttempts: 4 }),
      });
      this.clients.set(shop, c);
    }
    return c;
  }

  private fetchFor(shop: string): typeof fetch {
    return (async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body));
      const token = new Headers(init.headers).get("X-Shopify-Access-Token");
      const info = { shop, isMutation: /(^|\n)\s*mutation\b/.test(body.query), body };
      await this.hook.beforeRequest?.(info);
      const r = await this.api.execute({ shop, token, body });
      if (r.timedOut || this.hook.loseAnswer?.(info)) throw new TypeError("fetch failed: socket hang up");
      return new Response(JSON.stringify(r.json), { status: r.status, headers: { "content-type": "application/json", ...r.headers } });
    }) as typeof fetch;
  }

  async addShop(handle: string): Promise<ShopHandle> {
    const domain = `${handle}.myshopify.com`;
    this.store.createShop({ domain });
    const loc = this.store.listLocations(domain)[0];
    const token = `shpat_${handle}_${randomUUID().slice(0, 8)}`;
    this.store.registerAccessToken({ token, shop: domain, apiKey: API_KEY, scopes: ["read_inventory", "write_inventory", "read_products", "read_locations"], kind: "offline", expiresAt: null });
    await prisma.shop.upsert({ where: { domain }, create: { domain }, update: { uninstalledAt: null } });
    const h = { domain, locationId: loc.id, locationGid: gid("Location", loc.id), token };
    this.shops.set(domain, h);
    return h;
  }

  /** Creates a product with one variant per SKU in the shop and its catalog rows in the app. */
  async addProduct(shop: string, skus: { sku: string; stock: number; barcode?: string }[]) {
    const { product, variants } = this.store.createProduct(shop, {
      title: `P ${skus.map((s) => s.sku).join(",")}`,
      options: [{ name: "Title", values: skus.map((s) => s.sku) }],
      variants: skus.map((s) => ({ title: s.sku, sku: s.sku, barcode: s.barcode, stock: s.stock, options: [s.sku] })),
    });
    for (const v of variants) {
      await prisma.catalogVariant.upsert({
        where: { shop_variantId: { shop, variantId: gid("ProductVariant", v.id) } },
        create: { shop, variantId: gid("ProductVariant", v.id), productId: gid("Product", product.id), inventoryItemId: gid("InventoryItem", v.inventoryItemId), title: v.title, sku: v.sku, barcode: v.barcode },
        update: {},
      });
    }
    return variants;
  }

  itemOf(shop: string, sku: string): number {
    return this.store.findVariantBySku(shop, sku)!.inventoryItemId;
  }

  available(shop: string, sku: string): number {
    const h = this.shops.get(shop)!;
    return this.store.getQuantity(shop, this.itemOf(shop, sku), h.locationId);
  }

  /** Links all shops into one group (first is owner) and enables it with a starting plan for `rule`. */
  async link(opts: { mode?: "shared" | "source"; buffers?: number[]; driftThreshold?: number; protection?: Protection; allocateBelow?: number | null; rule?: StartRule } = {}) {
    const [first, ...rest] = [...this.shops.values()];
    if (!first) throw new Error("no shops");
    const { group, shareKey } = await createGroup(this.deps, first.domain, { name: "G", mode: opts.mode, protection: opts.protection ?? "off", locationId: first.locationGid, buffer: opts.buffers?.[0] ?? 0, driftThreshold: opts.driftThreshold });
    if (opts.allocateBelow !== undefined) await updateGroupSettings(group.id, first.domain, { allocateBelow: opts.allocateBelow });
    let key = shareKey;
    for (const [i, s] of rest.entries()) {
      await joinGroup(this.deps, s.domain, key, { locationId: s.locationGid, buffer: opts.buffers?.[i + 1] ?? 0 });
      key = (await createShareKey(group.id, first.domain)).key;
    }
    let planId: string | undefined;
    if (opts.rule) planId = (await previewStart(this.deps, group.id, first.domain, opts.rule)).id;
    const r = await enableGroup(this.deps, group.id, first.domain, { planId });
    if (r.status !== "enabled") throw new Error(`enable refused: ${r.changed.join(", ")}`);
    return group;
  }

  async deliver(w: PendingWebhook) {
    this.delivered.push(w);
    await acceptDelivery(
      this.asDelivery({
        shop: w.shop,
        topic: w.topic,
        eventId: w.eventId,
        // Every delivery attempt is its own request; the event id is what repeats.
        webhookId: randomUUID(),
        apiVersion: "2026-10",
        triggeredAt: w.triggeredAt,
        headers: {},
        rawBody: JSON.stringify(w.payload),
      }),
    );
  }

  /** Delivers every captured webhook in order (no faults). */
  async flushOutbox() {
    while (this.outbox.length) await this.deliver(this.outbox.shift()!);
  }

  /** Runs jobs and delivers webhooks until nothing is left to do. */
  async settle({ deliver = true, maxMs = 60_000 } = {}) {
    const deadline = Date.now() + maxMs;
    for (;;) {
      if (deliver) await this.flushOutbox();
      try {
        const timeoutMs = Math.max(1, deadline - Date.now());
        const ran = await Promise.all([this.worker, ...this.others].map((w) => w.drain({ timeoutMs })));
        ran.forEach((n, i) => (this.ranBy[i] += n));
      } catch (error) {
        throw new Error(`not settled: ${String(error)}`);
      }
      if (deliver && this.outbox.length) continue;
      const next = await prisma.job.findFirst({ where: { status: { in: ["queued", "running"] } }, orderBy: { runAt: "asc" } });
      if (!next) return;
      if (Date.now() > deadline) throw new Error(`not settled: job ${next.name} ${next.status} ${next.lastError ?? ""}`);
      await new Promise((r) => setTimeout(r, Math.max(1, Math.min(20, next.runAt.getTime() - Date.now()))));
    }
  }
}

export async function resetSyncTables() {
  await prisma.$transaction([
    prisma.job.deleteMany(),
    prisma.jobSchedule.deleteMany(),
    prisma.webhookInbox.deleteMany(),
    prisma.inventoryLevel.deleteMany(),
    prisma.catalogVariant.deleteMany(),
    prisma.catalogProduct.deleteMany(),
    prisma.shop.deleteMany(),
    prisma.syncGroup.deleteMany(),
    prisma.syncShareKey.deleteMany(),
    prisma.syncMember.deleteMany(),
    prisma.syncItem.deleteMany(),
    prisma.syncLink.deleteMany(),
    prisma.syncObservation.deleteMany(),
    prisma.syncWriteBatch.deleteMany(),
    prisma.syncPendingWrite.deleteMany(),
    prisma.stockEvent.deleteMany(),
    prisma.syncException.deleteMany(),
    prisma.importRun.deleteMany(),
    prisma.syncPoolInput.deleteMany(),
    prisma.syncStartPlan.deleteMany(),
  ]);
}
