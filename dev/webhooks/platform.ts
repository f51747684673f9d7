import type { Store } from "../store/index.ts";
import { topicFromEnum, tomlSubscriptions, type AppToml, type Subscription } from "./subscriptions.ts";
import { WebhookDispatcher, type DispatcherOptions, type WebhookFaults } from "./delivery.ts";
import {
  BuyerBook,
  bulkFinishPayload,
  customersDataRequestPayload,
  customersRedactPayload,
  inventoryItemDeletePayload,
  inventoryLevelPayload,
  orderPayload,
  productDeletePayload,
  productPayload,
  refundPayload,
  scopesUpdatePayload,
  shopPayload,
  shopRedactPayload,
  variantInventoryQuantity,
} from "./payloads.ts";

/**
 * Connects the store's events to webhook deliveries for one app: which shops have the app
 * installed, which topics it subscribes to (shopify.app.toml + webhookSubscriptionCreate),
 * the payload for each topic, and the dispatcher that delivers them.
 */
export interface WebhookPlatformOptions {
  store: Store;
  appUrl: string;
  apiKey: string;
  apiSecret: string;
  toml: AppToml;
  apiVersion?: string;
  dispatcher?: Partial<Omit<DispatcherOptions, "subscriptionsFor" | "apiSecret">>;
}

export interface Install {
  shop: string;
  scopes: string[];
  installedAt: number;
}

export class WebhookPlatform {
  readonly dispatcher: WebhookDispatcher;
  readonly buyers = new BuyerBook();
  readonly installs = new Map<string, Install>();
  private unsubscribe: (() => void)[] = [];
  /** product id → [{variantId, itemId}] (so products/delete can send inventory_items/delete) */
  private productItems = new Map<string, { variantId: number; itemId: number }[]>();
  private lastQty = new Map<string, number>();
  private tomlSubs: Subscription[];
  private scopesUpdateSeq = 0;
  private dataRequestSeq = 9000;

  constructor(private opts: WebhookPlatformOptions) {
    this.tomlSubs = tomlSubscriptions(opts.toml, opts.appUrl);
    this.dispatcher = new WebhookDispatcher({
      apiSecret: opts.apiSecret,
      apiVersion: opts.apiVersion ?? "2026-10",
      ...opts.dispatcher,
      subscriptionsFor: (shop, topic) => this.subscriptionsFor(shop, topic),
    });
    const s = opts.store;
    this.unsubscribe.push(
      s.on("inventory", (e) => {
        if (e.cause === "connect") {
          if (this.has(e.shop, "inventory_levels/connect")) this.emit(e.shop, "inventory_levels/connect", () => ({ ...inventoryLevelPayload(s, e) }));
          return;
        }
        this.emit(e.shop, "inventory_levels/update", () => inventoryLevelPayload(s, e), e.updatedAtMs);
      }),
      s.on("product", (e) => {
        const key = `${e.shop}|${e.productId}`;
        if (e.type === "delete") {
          const items = this.productItems.get(key) ?? [];
          this.productItems.delete(key);
          this.emit(e.shop, "products/delete", () => productDeletePayload(e.productId), e.at);
          for (const it of items) this.emit(e.shop, "inventory_items/delete", () => inventoryItemDeletePayload(it.itemId), e.at);
          return;
        }
        if (e.product) this.rememberItems(e.shop, e.product.id);
        this.emit(e.shop, e.type === "create" ? "products/create" : "products/update", () => this.productBody(e.shop, e.productId), e.at);
      }),
      s.on("order", (e) => {
        const topic = `orders/${e.type}`;
        this.emit(e.shop, topic, () => orderPayload(s, e.shop, e.order, this.buyers.forOrder(e.shop, e.order)), e.at);
        if (e.type === "create") {
          // Shopify: products/update "occurs … whenever a product is ordered"
          const productIds = [...new Set(e.order.lineItems.map((li) => li.productId).filter((x): x is number => x != null))];
          queueMicrotask(() => {
            for (const pid of productIds) this.emit(e.shop, "products/update", () => this.productBody(e.shop, pid), e.at);
          });
        }
      }),
      s.on("refund", (e) => {
        this.emit(e.shop, "refunds/create", () => refundPayload(s, e.shop, e.order, e.refund), e.at);
      }),
      s.on("bulk_operation", (e) => {
        this.emit(e.shop, "bulk_operations/finish", () => bulkFinishPayload(s, e.shop, e.bulkOperation), e.at);
      }),
    );
  }

  private productBody(shop: string, productId: number) {
    const store = this.opts.store;
    const p = store.getProduct(shop, productId);
    const old = new Map<number, number>();
    for (const vid of p.variantIds) {
      const k = `${shop}|${vid}`;
      if (this.lastQty.has(k)) old.set(vid, this.lastQty.get(k)!);
    }
    const body = productPayload(store, shop, p, old);
    for (const v of body.variants) this.lastQty.set(`${shop}|${v.id}`, v.inventory_quantity);
    return body;
  }

  private rememberItems(shop: string, productId: number) {
    try {
      const p = this.opts.store.getProduct(shop, productId);
      this.productItems.set(
        `${shop}|${productId}`,
        p.variantIds.map((vid) => ({ variantId: vid, itemId: this.opts.store.getVariant(shop, vid).inventoryItemId })),
      );
    } catch {
      /* product gone */
    }
  }

  /** Remember every product's items (call after seeding, before deletes can happen). */
  indexShop(shop: string) {
    for (const id of this.opts.store.state(shop).productOrder) {
      this.rememberItems(shop, id);
      const p = this.opts.store.getProduct(shop, id);
      for (const vid of p.variantIds) {
        const v = this.opts.store.getVariant(shop, vid);
        this.lastQty.set(`${shop}|${vid}`, variantInventoryQuantity(this.opts.store, shop, v.inventoryItemId));
      }
    }
  }

  /** Subscriptions that receive `topic` for `shop` (only while the app is installed there). */
  subscriptionsFor(shop: string, topic: string): Subscription[] {
    if (!this.installs.has(shop)) return [];
    const out = this.tomlSubs.filter((s) => s.topic === topic);
    if (this.opts.store.hasShop(shop)) {
      for (const w of this.opts.store.listWebhookSubscriptions(shop)) {
        if (topicFromEnum(w.topic) !== topic) continue;
        if (w.appKey && w.appKey !== this.opts.apiKey) continue;
        out.push({
          id: `api-${w.id}`,
          topic,
          callbackUrl: w.uri,
          source: "api",
          shop,
          format: "json",
          apiVersion: w.apiVersion,
          includeFields: w.includeFields?.length ? w.includeFields : undefined,
        });
      }
    }
    return out;
  }

  has(shop: string, topic: string) {
    return this.subscriptionsFor(shop, topic).length > 0;
  }

  /** Build the payload only when someone listens, then dispatch. */
  emit(shop: string, topic: string, build: () => unknown, at?: number) {
    if (!this.has(shop, topic)) return [];
    return this.dispatcher.emit(shop, topic, build(), { triggeredAt: at ? new Date(at) : undefined });
  }

  // ---------------------------------------------------------------- app lifecycle

  install(shop: string, scopes: string[]) {
    const prev = this.installs.get(shop);
    this.installs.set(shop, { shop, scopes, installedAt: prev?.installedAt ?? Date.now() });
    this.indexShop(shop);
    if (prev && prev.scopes.join(",") !== scopes.join(",")) this.scopesUpdate(shop, prev.scopes, scopes);
  }

  isInstalled(shop: string) {
    return this.installs.has(shop);
  }

  /** The merchant uninstalls: app/uninstalled is sent, then nothing more for this shop. */
  uninstall(shop: string) {
    const s = this.opts.store.getShop(shop);
    const d = this.emit(shop, "app/uninstalled", () => shopPayload(this.opts.store, s));
    this.installs.delete(shop);
    return d;
  }

  scopesUpdate(shop: string, previous: string[], current: string[]) {
    const s = this.opts.store.getShop(shop);
    const inst = this.installs.get(shop);
    if (inst) inst.scopes = current;
    return this.emit(shop, "app/scopes_update", () => scopesUpdatePayload(s, previous, current, Date.now(), ++this.scopesUpdateSeq));
  }

  customersDataRequest(shop: string, email: string) {
    const s = this.opts.store.getShop(shop);
    const b = this.buyers.forEmail(shop, email);
    return this.emit(shop, "customers/data_request", () => customersDataRequestPayload(s, b, this.orderIdsFor(shop, b.email), ++this.dataRequestSeq));
  }

  customersRedact(shop: string, email: string) {
    const s = this.opts.store.getShop(shop);
    const b = this.buyers.forEmail(shop, email);
    return this.emit(shop, "customers/redact", () => customersRedactPayload(s, b, this.orderIdsFor(shop, b.email)));
  }

  /** Shopify sends shop/redact 48 h after uninstall; here on demand (works for uninstalled shops). */
  shopRedact(shop: string) {
    const s = this.opts.store.getShop(shop);
    const wasInstalled = this.installs.has(shop);
    if (!wasInstalled) this.installs.set(shop, { shop, scopes: [], installedAt: Date.now() });
    try {
      return this.emit(shop, "shop/redact", () => shopRedactPayload(s));
    } finally {
      if (!wasInstalled) this.installs.delete(shop);
    }
  }

  private orderIdsFor(shop: string, email: string) {
    const st = this.opts.store.state(shop);
    return st.orderOrder.filter((id) => (st.orders.get(id)!.email ?? "").toLowerCase() === email.toLowerCase());
  }

  setFaults(f: WebhookFaults) {
    this.dispatcher.setFaults(f);
  }

  stop() {
    for (const u of this.unsubscribe) u();
    this.dispatcher.stop();
  }
}
