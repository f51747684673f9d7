import { shopDomain, StoreError, type ApiFaults, type CreateProductInput, type PlanName, type Store } from "../store/index.ts";
import type { WebhookPlatform } from "../webhooks/platform.ts";
import type { WebhookFaults, Delivery } from "../webhooks/delivery.ts";
import type { OAuthServer } from "../oauth/oauth.ts";
import type { Storefront } from "../storefront/pages.ts";
import { mintAdminSessionToken, mintCheckoutSessionToken } from "../oauth/session-token.ts";
import { embeddedAppUrl } from "../admin-frame/frame.ts";
import { proxyQuery } from "../storefront/proxy.ts";
import { billingOf } from "../billing/billing.ts";

/**
 * The stand-in's control surface for tests, benchmarks and the demo. Every method takes one
 * plain-JSON argument and returns plain JSON, so the same calls work in-process
 * (`standin.control.placeOrder({...})`) and over HTTP (`POST /_control/placeOrder`).
 */

export interface ControlDeps {
  store: Store;
  platform: WebhookPlatform;
  oauth: OAuthServer;
  storefront: Storefront;
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  appHandle: string;
  scopes: string[];
  origin: () => string;
  appProxyPrefix: string;
  fetch?: typeof fetch;
}

export type VariantRef = { variantId?: number; sku?: string; inventoryItemId?: number };

export interface DeliveryView {
  seq: number;
  topic: string;
  shop: string;
  url: string;
  state: Delivery["state"];
  webhookId: string;
  eventId: string;
  triggeredAt: string;
  attempts: Delivery["attempts"];
  faults: string[];
  duplicateOf?: number;
  payload: unknown;
  headers: Record<string, string>;
}

const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";

export class Control {
  constructor(private d: ControlDeps) {}

  private shop(s: string) {
    const dom = shopDomain(s);
    if (!this.d.store.hasShop(dom)) throw new StoreError("NOT_FOUND", `unknown shop ${s}`);
    return dom;
  }

  private variant(shop: string, ref: VariantRef) {
    const st = this.d.store;
    if (ref.variantId) return st.getVariant(shop, Number(ref.variantId));
    if (ref.inventoryItemId) return st.getVariant(shop, st.getInventoryItem(shop, Number(ref.inventoryItemId)).variantId);
    if (ref.sku) {
      const v = st.findVariantBySku(shop, ref.sku);
      if (!v) throw new StoreError("NOT_FOUND", `no variant with SKU ${ref.sku} in ${shop}`);
      return v;
    }
    throw new StoreError("INVALID", "give variantId, sku or inventoryItemId");
  }

  private location(shop: string, locationId?: number | string) {
    const locs = this.d.store.listLocations(shop);
    if (locationId == null) return locs[0];
    const byId = locs.find((l) => l.id === Number(locationId) || l.name === String(locationId));
    if (!byId) throw new StoreError("NOT_FOUND", `location ${locationId} not found in ${shop}`);
    return byId;
  }

  // ---------------------------------------------------------------- shops & catalog

  createShop(a: { shop: string; name?: string; plan?: PlanName; currencyCode?: string; locations?: string[]; email?: string }) {
    const names = a.locations?.length ? a.locations : ["Shop location"];
    const rec = this.d.store.createShop({ domain: a.shop, name: a.name, plan: a.plan, currencyCode: a.currencyCode, email: a.email, defaultLocation: names[0] });
    for (const n of names.slice(1)) this.d.store.createLocation(rec.domain, { name: n });
    return { shop: rec, locations: this.d.store.listLocations(rec.domain) };
  }

  createLocation(a: { shop: string; name: string }) {
    return this.d.store.createLocation(this.shop(a.shop), { name: a.name });
  }

  createProduct(a: { shop: string } & CreateProductInput) {
    const { shop, ...input } = a;
    const r = this.d.store.createProduct(this.shop(shop), input);
    return { product: r.product, variants: r.variants, inventoryItemIds: r.items.map((i) => i.id) };
  }

  updateProduct(a: { shop: string; productId: number; patch: Record<string, unknown> }) {
    return this.d.store.updateProduct(this.shop(a.shop), Number(a.productId), a.patch as never);
  }

  deleteProduct(a: { shop: string; productId: number }) {
    this.d.store.deleteProduct(this.shop(a.shop), Number(a.productId));
    return { ok: true };
  }

  /** Set `available` behind the app's back (a merchant edit in Shopify admin). */
  setStock(a: { shop: string; available: number; locationId?: number | string } & VariantRef) {
    const shop = this.shop(a.shop);
    const v = this.variant(shop, a);
    const loc = this.location(shop, a.locationId);
    const e = this.d.store.setAvailable(shop, v.inventoryItemId, loc.id, Number(a.available), "manual");
    return { inventoryItemId: v.inventoryItemId, locationId: loc.id, available: e.available, quantities: e.quantities };
  }

  adjustStock(a: { shop: string; delta: number; locationId?: number | string; name?: string } & VariantRef) {
    const shop = this.shop(a.shop);
    const v = this.variant(shop, a);
    const loc = this.location(shop, a.locationId);
    const e = this.d.store.adjustQuantity(shop, v.inventoryItemId, loc.id, (a.name ?? "available") as never, Number(a.delta), "manual");
    return { inventoryItemId: v.inventoryItemId, locationId: loc.id, available: e.available, quantities: e.quantities };
  }

  stock(a: { shop: string; locationId?: number | string } & VariantRef) {
    const shop = this.shop(a.shop);
    const v = this.variant(shop, a);
    const item = this.d.store.getInventoryItem(shop, v.inventoryItemId);
    const levels = [...item.levels.values()].filter((l) => a.locationId == null || l.locationId === this.location(shop, a.locationId).id);
    return { variantId: v.id, sku: v.sku, inventoryItemId: item.id, levels: levels.map((l) => ({ locationId: l.locationId, ...l.quantities })) };
  }

  // ---------------------------------------------------------------- orders

  placeOrder(a: { shop: string; lines: ({ quantity: number } & VariantRef)[]; email?: string; locationId?: number | string; sourceName?: string }) {
    const shop = this.shop(a.shop);
    const lineItems = a.lines.map((l) => ({ variantId: this.variant(shop, l).id, quantity: Number(l.quantity) }));
    const email = a.email ?? "shopper@example.com";
    const buyer = this.d.platform.buyers.forEmail(shop, email);
    const order = this.d.store.placeOrder(shop, {
      lineItems,
      email: buyer.email,
      sourceName: a.sourceName ?? "web",
      locationId: a.locationId != null ? this.location(shop, a.locationId).id : undefined,
    });
    this.d.platform.buyers.attach(shop, order.id, buyer);
    return order;
  }

  cancelOrder(a: { shop: string; orderId: number; restock?: boolean; reason?: string }) {
    return this.d.store.cancelOrder(this.shop(a.shop), Number(a.orderId), { restock: a.restock ?? true, reason: a.reason });
  }

  refundOrder(a: { shop: string; orderId: number; lines?: { lineItemId: number; quantity: number }[]; restock?: boolean; note?: string }) {
    const shop = this.shop(a.shop);
    const o = this.d.store.getOrder(shop, Number(a.orderId));
    const lines = a.lines ?? o.lineItems.map((li) => ({ lineItemId: li.id, quantity: li.quantity - li.refundedQuantity })).filter((l) => l.quantity > 0);
    return this.d.store.refundOrder(shop, o.id, { lineItems: lines, restock: a.restock ?? true, note: a.note ?? null });
  }

  fulfillOrder(a: { shop: string; orderId: number }) {
    return this.d.store.fulfillOrder(this.shop(a.shop), Number(a.orderId));
  }

  getOrder(a: { shop: string; orderId: number }) {
    return this.d.store.getOrder(this.shop(a.shop), Number(a.orderId));
  }

  // ---------------------------------------------------------------- state

  state(a: { shop: string }) {
    return this.d.store.snapshot(this.shop(a.shop));
  }

  levels(a: { shop: string }) {
    return this.d.store.levels(this.shop(a.shop));
  }

  shops() {
    return [...this.d.store.shops.values()].map((s) => ({
      ...s.shop,
      installed: this.d.platform.isInstalled(s.shop.domain),
      products: s.products.size,
      variants: s.variants.size,
      locations: [...s.locations.values()].map((l) => ({ id: l.id, name: l.name })),
    }));
  }

  // ---------------------------------------------------------------- faults

  webhookFaults(a: WebhookFaults) {
    this.d.platform.setFaults(a);
    return this.d.platform.dispatcher.getFaults();
  }

  apiFaults(a: Partial<ApiFaults>) {
    return this.d.store.setApiFaults(a);
  }

  throttle(a: { shop?: string | null; maximumAvailable?: number; restoreRate?: number; reset?: boolean }) {
    const cfg = a.reset ? null : { maximumAvailable: Number(a.maximumAvailable ?? 2000), restoreRate: Number(a.restoreRate ?? 100) };
    this.d.store.setThrottle(a.shop ? this.shop(a.shop) : null, cfg);
    return { ok: true };
  }

  retrySchedule(a: { scheduleMs?: number[]; scale?: number }) {
    this.d.platform.dispatcher.setRetrySchedule(a.scheduleMs, a.scale);
    return { ok: true };
  }

  // ---------------------------------------------------------------- webhooks

  deliveries(a: { shop?: string; topic?: string; since?: number; state?: string; payloads?: boolean } = {}): DeliveryView[] {
    const shop = a.shop ? shopDomain(a.shop) : undefined;
    return this.d.platform.dispatcher.log
      .filter((d) => (!shop || d.shop === shop) && (!a.topic || d.topic === a.topic) && (!a.since || d.seq > Number(a.since)) && (!a.state || d.state === a.state))
      .map((d) => ({
        seq: d.seq,
        topic: d.topic,
        shop: d.shop,
        url: d.url,
        state: d.state,
        webhookId: d.webhookId,
        eventId: d.eventId,
        triggeredAt: d.triggeredAt,
        attempts: d.attempts,
        faults: d.faults,
        duplicateOf: d.duplicateOf,
        payload: a.payloads === false ? undefined : d.payload,
        headers: d.headers,
      }));
  }

  async waitForDeliveries(a: { timeoutMs?: number } = {}) {
    await this.d.platform.dispatcher.idle(a.timeoutMs ?? 30_000);
    return { ok: true, count: this.d.platform.dispatcher.log.length };
  }

  redeliver(a: { seq: number }) {
    const d = this.d.platform.dispatcher.redeliver(Number(a.seq));
    if (!d) throw new StoreError("NOT_FOUND", `delivery ${a.seq} not found`);
    return { seq: d.seq };
  }

  // ---------------------------------------------------------------- app lifecycle & tokens

  /**
   * Install the app on a shop as Shopify-managed installation does: the shop gets the app
   * (toml webhooks start), then the merchant opens it in admin, so the app receives an
   * id_token and performs token exchange against this stand-in. With `openApp: false` (no
   * app running) the stand-in issues the offline token itself, exactly as the exchange would.
   */
  async installApp(a: { shop: string; openApp?: boolean; expiring?: boolean }) {
    const shop = this.shop(a.shop);
    this.d.platform.install(shop, this.d.scopes);
    const before = this.d.oauth.issued.length;
    if (a.openApp === false) {
      const t = this.d.oauth.issueOffline(shop, a.expiring ?? true);
      return { shop, installed: true, viaApp: false, accessToken: t.access_token, token: t };
    }
    const handle = shop.replace(/\.myshopify\.com$/, "");
    const url = await embeddedAppUrl({ apiKey: this.d.apiKey, apiSecret: this.d.apiSecret, appUrl: this.d.appUrl, appHandle: this.d.appHandle }, handle, "");
    const res = await (this.d.fetch ?? fetch)(url, { headers: { "User-Agent": BROWSER_UA, Accept: "text/html" }, redirect: "manual" });
    await res.arrayBuffer().catch(() => undefined);
    const issued = this.d.oauth.issued.slice(before).filter((t) => t.shop === shop);
    if (!issued.length) {
      throw new StoreError("INSTALL_FAILED", `the app at ${this.d.appUrl} answered ${res.status} but did not exchange a token for ${shop}`);
    }
    return { shop, installed: true, viaApp: true, status: res.status, tokens: issued.map((t) => ({ kind: t.kind, expiresAt: t.expiresAt })) };
  }

  uninstallApp(a: { shop: string }) {
    const shop = this.shop(a.shop);
    const deliveries = this.d.platform.uninstall(shop);
    this.d.oauth.forgetShop(shop);
    billingOf(this.d.store).appUninstalled(shop, this.d.apiKey);
    return { shop, installed: false, deliveries: deliveries.map((d) => d.seq) };
  }

  // ---------------------------------------------------------------- billing (dev/billing)

  /** The app's subscriptions on a shop, newest last. */
  subscriptions(a: { shop: string }) {
    return billingOf(this.d.store).list(this.shop(a.shop), this.d.apiKey);
  }

  /**
   * A subscription the merchant approved earlier (fixture): created, approved, webhook sent.
   * `test` defaults to what an app charging by `isTest` asks: a test charge on a development
   * store, a real one elsewhere. A development store accepts only test charges, as appSubscriptionCreate says.
   */
  subscribe(a: { shop: string; name: string; amount?: number; trialDays?: number; test?: boolean }) {
    const shop = this.shop(a.shop);
    const development = this.d.store.getShop(shop).plan === "development";
    const test = a.test ?? development;
    if (development && !test) throw new StoreError("INVALID", `The shop cannot accept the provided charge (${shop} is a development store: test charges only)`);
    const b = billingOf(this.d.store);
    const s = b.create(shop, this.d.apiKey, {
      name: a.name,
      returnUrl: `${this.d.appUrl}/app`,
      test,
      trialDays: a.trialDays ?? 0,
      replacementBehavior: "STANDARD",
      lines: [{ interval: "EVERY_30_DAYS", amount: (a.amount ?? 29).toFixed(2), currencyCode: "USD" }],
    });
    return b.approve(s.id);
  }

  /** Shopify freezes (and thaws) the app's subscriptions when the store stops (resumes) paying. */
  freezeSubscriptions(a: { shop: string; frozen?: boolean }) {
    return billingOf(this.d.store).freeze(this.shop(a.shop), a.frozen ?? true);
  }

  updateScopes(a: { shop: string; scopes: string[] }) {
    const shop = this.shop(a.shop);
    const prev = this.d.platform.installs.get(shop)?.scopes ?? [];
    return { deliveries: this.d.platform.scopesUpdate(shop, prev, a.scopes).map((d) => d.seq) };
  }

  customersDataRequest(a: { shop: string; email: string }) {
    return { deliveries: this.d.platform.customersDataRequest(this.shop(a.shop), a.email).map((d) => d.seq) };
  }
  customersRedact(a: { shop: string; email: string }) {
    return { deliveries: this.d.platform.customersRedact(this.shop(a.shop), a.email).map((d) => d.seq) };
  }
  shopRedact(a: { shop: string }) {
    return { deliveries: this.d.platform.shopRedact(this.shop(a.shop)).map((d) => d.seq) };
  }

  async sessionToken(a: { shop: string; userId?: number; ttlSeconds?: number }) {
    const shop = this.shop(a.shop);
    return { token: await mintAdminSessionToken({ apiKey: this.d.apiKey, apiSecret: this.d.apiSecret, shop, userId: a.userId, ttlSeconds: a.ttlSeconds }) };
  }

  async checkoutToken(a: { shop: string; customerId?: number; ttlSeconds?: number }) {
    const shop = this.shop(a.shop);
    return { token: await mintCheckoutSessionToken({ apiKey: this.d.apiKey, apiSecret: this.d.apiSecret, shop, customerId: a.customerId, ttlSeconds: a.ttlSeconds }) };
  }

  /** Issue an offline access token directly (tests that talk to the Admin API without the app). */
  issueToken(a: { shop: string; expiring?: boolean; online?: boolean }) {
    const shop = this.shop(a.shop);
    return a.online ? this.d.oauth.issueOnline(shop, 70_000_001) : this.d.oauth.issueOffline(shop, a.expiring ?? false);
  }

  appScopes(a: { shop: string }) {
    const shop = this.shop(a.shop);
    return { granted: this.d.platform.installs.get(shop)?.scopes ?? [], required: this.d.scopes };
  }

  /** What the app would receive for `/apps/stockroom/{path}` (signed query), e.g. for benchmarks. */
  signedProxyUrl(a: { shop: string; path?: string; query?: Record<string, string> }) {
    const shop = this.shop(a.shop);
    const q = proxyQuery(new URLSearchParams(a.query ?? {}), { shop, pathPrefix: this.d.appProxyPrefix, secret: this.d.apiSecret });
    return { url: `${this.d.appUrl.replace(/\/$/, "")}/proxy${a.path ? `/${a.path.replace(/^\//, "")}` : ""}?${q}` };
  }

  urls(a: { shop: string }) {
    const shop = this.shop(a.shop);
    const handle = shop.replace(/\.myshopify\.com$/, "");
    const o = this.d.origin();
    const st = this.d.store.state(shop);
    const first = st.productOrder.map((id) => st.products.get(id)!).find((p) => p.status === "ACTIVE");
    return {
      admin: `${o}/store/${handle}/admin/apps/${this.d.appHandle}`,
      storefront: `${o}/store/${handle}/`,
      product: first ? `${o}/store/${handle}/products/${first.handle}` : null,
      graphql: `${o}/store/${handle}/admin/api/2026-10/graphql.json`,
    };
  }
}

/** Methods callable over HTTP as POST /_control/{name} (GET also for read-only ones). */
export const CONTROL_METHODS = [
  "createShop",
  "createLocation",
  "createProduct",
  "updateProduct",
  "deleteProduct",
  "setStock",
  "adjustStock",
  "stock",
  "placeOrder",
  "cancelOrder",
  "refundOrder",
  "fulfillOrder",
  "getOrder",
  "state",
  "levels",
  "shops",
  "webhookFaults",
  "apiFaults",
  "throttle",
  "retrySchedule",
  "deliveries",
  "waitForDeliveries",
  "redeliver",
  "installApp",
  "uninstallApp",
  "subscriptions",
  "subscribe",
  "freezeSubscriptions",
  "updateScopes",
  "customersDataRequest",
  "customersRedact",
  "shopRedact",
  "sessionToken",
  "checkoutToken",
  "issueToken",
  "appScopes",
  "signedProxyUrl",
  "urls",
] as const;
export type ControlMethod = (typeof CONTROL_METHODS)[number];
export const CONTROL_READ_METHODS: ReadonlySet<string> = new Set(["stock", "getOrder", "state", "levels", "shops", "deliveries", "sessionToken", "checkoutToken", "appScopes", "signedProxyUrl", "urls", "subscriptions"]);
