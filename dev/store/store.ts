import { EventEmitter } from "node:events";
import { createRng, type Rng } from "./rng.ts";
import {
  ON_HAND_COMPONENTS,
  QUANTITY_NAMES,
  type AccessTokenRecord,
  type ApiFaults,
  type BulkOperationRecord,
  type CollectionRecord,
  type InventoryCause,
  type InventoryEvent,
  type InventoryItemRecord,
  type InventoryLevelRecord,
  type LineItemRecord,
  type LocationRecord,
  type OrderRecord,
  type PlanName,
  type ProductRecord,
  type QuantityName,
  type RefundRecord,
  type ShopRecord,
  type StoreEvents,
  type ThrottleConfig,
  type VariantRecord,
  type WebhookSubscriptionRecord,
} from "./types.ts";

export class StoreError extends Error {
  constructor(
    public code: string,
    message: string,
  ) {
    super(message);
    this.name = "StoreError";
  }
}

/** Shopify global id. */
export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

/** Parse `gid://shopify/Type/123` (query string allowed) → {type, id}. Returns null if malformed. */
export function parseGid(value: string): { type: string; id: number; query: string | null } | null {
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?(.*))?$/.exec(value);
  if (!m) return null;
  return { type: m[1], id: Number(m[2]), query: m[3] ?? null };
}

/** Shopify timestamps: ISO-8601 UTC with seconds precision. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export function shopDomain(handleOrDomain: string): string {
  return handleOrDomain.includes(".") ? handleOrDomain : `${handleOrDomain}.myshopify.com`;
}

/** Documented restore rates (points/second) per plan. Bucket size: see DEFAULT_THROTTLE. */
export const PLAN_RESTORE_RATE: Record<PlanName, number> = {
  basic: 100,
  shopify: 100,
  development: 100,
  advanced: 200,
  plus: 1000,
  enterprise: 2000,
};

export const PLAN_DISPLAY_NAME: Record<PlanName, string> = {
  basic: "Basic",
  shopify: "Shopify",
  development: "Development",
  advanced: "Advanced",
  plus: "Shopify Plus",
  enterprise: "Enterprise",
};

/** Bucket size = 20 × restore rate (Standard 2000/100, Advanced 4000/200, Plus 20000/1000, Enterprise 40000/2000). */
export function throttleForPlan(plan: PlanName): ThrottleConfig {
  const restoreRate = PLAN_RESTORE_RATE[plan];
  return { maximumAvailable: restoreRate * 20, restoreRate };
}

type Listener<T> = (e: T) => void;

export interface ShopState {
  shop: ShopRecord;
  locations: Map<number, LocationRecord>;
  products: Map<number, ProductRecord>;
  variants: Map<number, VariantRecord>;
  inventoryItems: Map<number, InventoryItemRecord>;
  collections: Map<number, CollectionRecord>;
  orders: Map<number, OrderRecord>;
  webhookSubscriptions: Map<number, WebhookSubscriptionRecord>;
  bulkOperations: Map<number, BulkOperationRecord>;
  /** sorted id arrays (ids only ever increase, so append keeps them sorted; deletes splice) */
  productOrder: number[];
  variantOrder: number[];
  itemOrder: number[];
  orderOrder: number[];
  nextOrderNumber: number;
  /** optional per-shop throttle override */
  throttle: ThrottleConfig | null;
}

export interface CreateShopInput {
  domain: string; // "north-shop" or "north-shop.myshopify.com"
  name?: string;
  email?: string;
  currencyCode?: string;
  plan?: PlanName;
  ianaTimezone?: string;
  /** create a first location with this name (default "Shop location"); false = none */
  defaultLocation?: string | false;
}

export interface CreateVariantInput {
  title?: string;
  sku?: string | null;
  barcode?: string | null;
  price?: string | number;
  compareAtPrice?: string | number | null;
  inventoryPolicy?: "DENY" | "CONTINUE";
  tracked?: boolean;
  options?: string[]; // values for product options, in order
  /** available stock per location id; a number = the same at every active location; omitted = 0 everywhere */
  stock?: number | Record<number, number>;
}

export interface CreateProductInput {
  title: string;
  handle?: string;
  descriptionHtml?: string;
  vendor?: string;
  productType?: string;
  tags?: string[];
  status?: "ACTIVE" | "ARCHIVED" | "DRAFT";
  images?: { url: string; altText?: string | null; width?: number; height?: number }[];
  collections?: string[]; // collection titles (created when missing)
  options?: { name: string; values: string[] }[];
  variants?: CreateVariantInput[];
}

export interface PlaceOrderInput {
  lineItems: { variantId: number; quantity: number; price?: string }[];
  /** location that commits the stock; default: first active location with enough available, else the first */
  locationId?: number;
  email?: string | null;
  financialStatus?: OrderRecord["financialStatus"];
  sourceName?: string;
  /** The checkout the order came from (web checkouts); orders/create carries it as checkout_token. */
  checkoutToken?: string | null;
}

export interface RefundInput {
  lineItems: { lineItemId: number; quantity: number }[];
  restock: boolean;
  note?: string | null;
}

export interface StoreOptions {
  /** injectable clock (ms since epoch) */
  now?: () => number;
  /** seed for the store's RNG (fault knobs etc.) */
  seed?: number;
}

const ID_BASE: Record<string, number> = {
  Shop: 60000000000,
  Location: 70000000000,
  Product: 8000000000000,
  ProductVariant: 44000000000000,
  InventoryItem: 46000000000000,
  InventoryLevel: 100000000000,
  Collection: 300000000000,
  MediaImage: 30000000000000,
  Order: 5500000000000,
  LineItem: 13000000000000,
  Refund: 900000000000,
  RefundLineItem: 500000000000,
  WebhookSubscription: 1400000000000,
  BulkOperation: 5000000000000,
  InventoryAdjustmentGroup: 40000000000000,
};

function emptyQuantities(): Record<QuantityName, number> {
  const q = {} as Record<QuantityName, number>;
  for (const n of QUANTITY_NAMES) q[n] = 0;
  return q;
}

function slugify(s: string): string {
  return (
    s
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "product"
  );
}

function money(n: string | number): string {
  return Number(n).toFixed(2);
}

/**
 * The in-memory Shopify. One instance holds any number of shops. All mutating methods emit
 * events (see StoreEvents); listeners run synchronously after the state is updated.
 */
export class Store {
  readonly shops = new Map<string, ShopState>();
  readonly tokens = new Map<string, AccessTokenRecord>();
  now: () => number;
  rng: Rng;
  /** API-side fault knobs, read by dev/admin on every request */
  apiFaults: ApiFaults = { latencyMs: [0, 0], errorRate: 0, timeoutRate: 0, timeoutMs: 30_000, throttleRate: 0, seed: 1 };
  /** global throttle override (null = per plan) */
  throttleOverride: ThrottleConfig | null = null;
  private faultRng: Rng = createRng(1);
  private readonly emitter = new EventEmitter();
  private readonly counters = new Map<string, number>();

  constructor(opts: StoreOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.rng = createRng(opts.seed ?? 1);
    this.emitter.setMaxListeners(100);
  }

  // ---------------------------------------------------------------- events
  on<K extends keyof StoreEvents>(event: K, fn: Listener<StoreEvents[K]>): () => void {
    this.emitter.on(event, fn);
    return () => this.emitter.off(event, fn);
  }
  off<K extends keyof StoreEvents>(event: K, fn: Listener<StoreEvents[K]>): void {
    this.emitter.off(event, fn);
  }
  emit<K extends keyof StoreEvents>(event: K, payload: StoreEvents[K]): void {
    this.emitter.emit(event, payload);
  }

  // ---------------------------------------------------------------- ids / rng
  nextId(type: string): number {
    const cur = this.counters.get(type) ?? ID_BASE[type] ?? 1000;
    const next = cur + 1;
    this.counters.set(type, next);
    return next;
  }

  /** Reseed the general RNG. */
  seed(seed: number): void {
    this.rng = createRng(seed);
  }

  /** Set API fault knobs (merged); reseeds the fault RNG from `seed` (default: current seed). */
  setApiFaults(f: Partial<ApiFaults>): ApiFaults {
    this.apiFaults = { ...this.apiFaults, ...f };
    this.faultRng = createRng(this.apiFaults.seed);
    return this.apiFaults;
  }
  /** RNG used by the Admin API fault knobs (reseeded by setApiFaults). */
  get apiFaultRng(): Rng {
    return this.faultRng;
  }

  // ---------------------------------------------------------------- shops
  createShop(input: CreateShopInput): ShopRecord {
    const domain = shopDomain(input.domain);
    if (this.shops.has(domain)) throw new StoreError("TAKEN", `shop ${domain} already exists`);
    const handle = domain.split(".")[0];
    const shop: ShopRecord = {
      id: this.nextId("Shop"),
      domain,
      name: input.name ?? handle.replace(/-/g, " ").replace(/\b\w/g, (c) => c.toUpperCase()),
      email: input.email ?? `owner@${handle}.example`,
      currencyCode: input.currencyCode ?? "USD",
      plan: input.plan ?? "shopify",
      ianaTimezone: input.ianaTimezone ?? "UTC",
      createdAt: this.now(),
    };
    this.shops.set(domain, {
      shop,
      locations: new Map(),
      products: new Map(),
      variants: new Map(),
      inventoryItems: new Map(),
      collections: new Map(),
      orders: new Map(),
      webhookSubscriptions: new Map(),
      bulkOperations: new Map(),
      productOrder: [],
      variantOrder: [],
      itemOrder: [],
      orderOrder: [],
      nextOrderNumber: 1001,
      throttle: null,
    });
    if (input.defaultLocation !== false) this.createLocation(domain, { name: input.defaultLocation ?? "Shop location" });
    return shop;
  }

  hasShop(domain: string): boolean {
    return this.shops.has(shopDomain(domain));
  }

  state(domain: string): ShopState {
    const s = this.shops.get(shopDomain(domain));
    if (!s) throw new StoreError("NOT_FOUND", `unknown shop ${domain}`);
    return s;
  }

  getShop(domain: string): ShopRecord {
    return this.state(domain).shop;
  }

  setPlan(domain: string, plan: PlanName): void {
    this.state(domain).shop.plan = plan;
  }

  /** Bucket for (shop): per-shop override, else global override, else the plan's numbers. */
  throttleConfig(domain: string): ThrottleConfig {
    const s = this.state(domain);
    return s.throttle ?? this.throttleOverride ?? throttleForPlan(s.shop.plan);
  }

  setThrottle(domain: string | null, cfg: ThrottleConfig | null): void {
    if (domain === null) this.throttleOverride = cfg;
    else this.state(domain).throttle = cfg;
  }

  // ---------------------------------------------------------------- tokens
  /** Called by the OAuth part of the stand-in when it issues a token. */
  registerAccessToken(rec: Omit<AccessTokenRecord, "shop"> & { shop: string }): AccessTokenRecord {
    const r = { ...rec, shop: shopDomain(rec.shop) };
    this.tokens.set(r.token, r);
    return r;
  }

  revokeAccessToken(token: string): void {
    const r = this.tokens.get(token);
    if (r) r.revoked = true;
  }

  /** The token's record if it is valid for this shop now, else null. */
  validateAccessToken(domain: string, token: string | null | undefined): AccessTokenRecord | null {
    if (!token) return null;
    const r = this.tokens.get(token);
    if (!r || r.revoked || r.shop !== shopDomain(domain)) return null;
    if (r.expiresAt !== null && r.expiresAt <= this.now()) return null;
    return r;
  }

  // ---------------------------------------------------------------- locations
  createLocation(domain: string, input: { name: string; address?: LocationRecord["address"]; fulfillsOnlineOrders?: boolean }): LocationRecord {
    const s = this.state(domain);
    const t = this.now();
    const loc: LocationRecord = {
      id: this.nextId("Location"),
      name: input.name,
      isActive: true,
      fulfillsOnlineOrders: input.fulfillsOnlineOrders ?? true,
      address: input.address ?? { countryCode: "US" },
      createdAt: t,
      updatedAt: t,
    };
    s.locations.set(loc.id, loc);
    return loc;
  }

  listLocations(domain: string): LocationRecord[] {
    return [...this.state(domain).locations.values()];
  }

  // ---------------------------------------------------------------- catalog
  createCollection(domain: string, title: string, handle?: string): CollectionRecord {
    const s = this.state(domain);
    const t = this.now();
    const c: CollectionRecord = { id: this.nextId("Collection"), title, handle: handle ?? slugify(title), createdAt: t, updatedAt: t };
    s.collections.set(c.id, c);
    return c;
  }

  private readonly handles = new WeakMap<ShopState, Map<string, number>>();

  private handleIndex(s: ShopState): Map<string, number> {
    let m = this.handles.get(s);
    if (!m) {
      m = new Map();
      for (const p of s.products.values()) m.set(p.handle, p.id);
      this.handles.set(s, m);
    }
    return m;
  }

  private uniqueHandle(s: ShopState, base: string): string {
    const taken = this.handleIndex(s);
    if (!taken.has(base)) return base;
    for (let i = 1; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
  }

  /** Product by handle (storefront look-ups). */
  findProductByHandle(domain: string, handle: string): ProductRecord | undefined {
    const s = this.state(domain);
    const id = this.handleIndex(s).get(handle);
    return id === undefined ? undefined : s.products.get(id);
  }

  /**
   * Create a product with variants, inventory items and levels at every active location.
   * Stock given per variant is the initial `available` (= on_hand). Emits `product` create and an
   * `inventory` event (cause "connect") per level with non-zero stock... and per level when `emitZero`.
   */
  createProduct(domain: string, input: CreateProductInput): { product: ProductRecord; variants: VariantRecord[]; items: InventoryItemRecord[] } {
    const s = this.state(domain);
    const t = this.now();
    const collectionIds: number[] = [];
    for (const title of input.collections ?? []) {
      let c = [...s.collections.values()].find((x) => x.title === title);
      if (!c) c = this.createCollection(domain, title);
      collectionIds.push(c.id);
    }
    const variantInputs = input.variants && input.variants.length ? input.variants : [{}];
    const options = input.options ?? [{ name: "Title", values: ["Default Title"] }];
    const product: ProductRecord = {
      id: this.nextId("Product"),
      title: input.title,
      handle: input.handle ?? this.uniqueHandle(s, slugify(input.title)),
      descriptionHtml: input.descriptionHtml ?? "",
      vendor: input.vendor ?? s.shop.name,
      productType: input.productType ?? "",
      tags: input.tags ?? [],
      status: input.status ?? "ACTIVE",
      images: (input.images ?? []).map((im) => ({
        id: this.nextId("MediaImage"),
        url: im.url,
        altText: im.altText ?? null,
        width: im.width ?? null,
        height: im.height ?? null,
      })),
      collectionIds,
      options,
      variantIds: [],
      createdAt: t,
      updatedAt: t,
    };
    s.products.set(product.id, product);
    s.productOrder.push(product.id);
    this.handleIndex(s).set(product.handle, product.id);
    const variants: VariantRecord[] = [];
    const items: InventoryItemRecord[] = [];
    const activeLocations = [...s.locations.values()].filter((l) => l.isActive);
    const pendingEvents: InventoryEvent[] = [];
    variantInputs.forEach((vi, idx) => {
      const optValues = vi.options ?? options.map((o) => o.values[Math.min(idx, o.values.length - 1)] ?? o.values[0]);
      const variantId = this.nextId("ProductVariant");
      const itemId = this.nextId("InventoryItem");
      const v: VariantRecord = {
        id: variantId,
        productId: product.id,
        title: vi.title ?? optValues.join(" / "),
        sku: vi.sku ?? null,
        barcode: vi.barcode ?? null,
        price: money(vi.price ?? 0),
        compareAtPrice: vi.compareAtPrice == null ? null : money(vi.compareAtPrice),
        inventoryPolicy: vi.inventoryPolicy ?? "DENY",
        position: idx + 1,
        selectedOptions: options.map((o, i) => ({ name: o.name, value: optValues[i] ?? o.values[0] })),
        inventoryItemId: itemId,
        imageId: null,
        createdAt: t,
        updatedAt: t,
      };
      const item: InventoryItemRecord = {
        id: itemId,
        variantId,
        sku: v.sku,
        tracked: vi.tracked ?? true,
        requiresShipping: true,
        unitCost: null,
        levels: new Map(),
        createdAt: t,
        updatedAt: t,
      };
      for (const loc of activeLocations) {
        const level = this.newLevel(item.id, loc.id, t);
        const qty = typeof vi.stock === "number" ? vi.stock : (vi.stock?.[loc.id] ?? 0);
        if (qty) {
          level.quantities.available = qty;
          level.quantities.on_hand = qty;
          level.quantityUpdatedAt.available = t;
          level.quantityUpdatedAt.on_hand = t;
        }
        item.levels.set(loc.id, level);
        pendingEvents.push(this.makeEvent(domain, item, v, level, { available: qty, on_hand: qty }, "connect", null, null, t));
      }
      s.variants.set(v.id, v);
      s.variantOrder.push(v.id);
      s.inventoryItems.set(item.id, item);
      s.itemOrder.push(item.id);
      product.variantIds.push(v.id);
      variants.push(v);
      items.push(item);
    });
    this.emit("product", { type: "create", shop: s.shop.domain, productId: product.id, product, at: t });
    for (const e of pendingEvents) this.emit("inventory", e);
    return { product, variants, items };
  }

  updateProduct(domain: string, productId: number, patch: Partial<Pick<ProductRecord, "title" | "vendor" | "productType" | "tags" | "status" | "descriptionHtml">>): ProductRecord {
    const p = this.getProduct(domain, productId);
    Object.assign(p, patch);
    p.updatedAt = this.now();
    this.emit("product", { type: "update", shop: shopDomain(domain), productId, product: p, at: p.updatedAt });
    return p;
  }

  updateVariant(domain: string, variantId: number, patch: Partial<Pick<VariantRecord, "sku" | "barcode" | "price" | "compareAtPrice" | "inventoryPolicy" | "title">>): VariantRecord {
    const s = this.state(domain);
    const v = this.getVariant(domain, variantId);
    Object.assign(v, patch);
    if (patch.price !== undefined) v.price = money(patch.price);
    const t = this.now();
    v.updatedAt = t;
    const item = s.inventoryItems.get(v.inventoryItemId)!;
    item.sku = v.sku;
    item.updatedAt = t;
    const p = s.products.get(v.productId)!;
    p.updatedAt = t;
    this.emit("product", { type: "update", shop: s.shop.domain, productId: p.id, product: p, at: t });
    return v;
  }

  deleteProduct(domain: string, productId: number): void {
    const s = this.state(domain);
    const p = this.getProduct(domain, productId);
    for (const vid of p.variantIds) {
      const v = s.variants.get(vid)!;
      s.inventoryItems.delete(v.inventoryItemId);
      s.variants.delete(vid);
      removeSorted(s.variantOrder, vid);
      removeSorted(s.itemOrder, v.inventoryItemId);
    }
    s.products.delete(productId);
    removeSorted(s.productOrder, productId);
    this.handleIndex(s).delete(p.handle);
    this.emit("product", { type: "delete", shop: s.shop.domain, productId, product: null, at: this.now() });
  }

  getProduct(domain: string, id: number): ProductRecord {
    const p = this.state(domain).products.get(id);
    if (!p) throw new StoreError("NOT_FOUND", `product ${id} not found`);
    return p;
  }
  getVariant(domain: string, id: number): VariantRecord {
    const v = this.state(domain).variants.get(id);
    if (!v) throw new StoreError("NOT_FOUND", `variant ${id} not found`);
    return v;
  }
  getInventoryItem(domain: string, id: number): InventoryItemRecord {
    const i = this.state(domain).inventoryItems.get(id);
    if (!i) throw new StoreError("NOT_FOUND", `inventory item ${id} not found`);
    return i;
  }
  findVariantBySku(domain: string, sku: string): VariantRecord | undefined {
    for (const v of this.state(domain).variants.values()) if (v.sku === sku) return v;
    return undefined;
  }

  // ---------------------------------------------------------------- inventory
  private newLevel(itemId: number, locationId: number, t: number): InventoryLevelRecord {
    return {
      id: this.nextId("InventoryLevel"),
      inventoryItemId: itemId,
      locationId,
      quantities: emptyQuantities(),
      quantityUpdatedAt: {},
      isActive: true,
      createdAt: t,
      updatedAt: t,
    };
  }

  /** Level of (item, location); creates ("activates") it when `create` is true. */
  getLevel(domain: string, inventoryItemId: number, locationId: number, create = false): InventoryLevelRecord | undefined {
    const s = this.state(domain);
    const item = s.inventoryItems.get(inventoryItemId);
    if (!item) return undefined;
    let level = item.levels.get(locationId);
    if (!level && create) {
      if (!s.locations.has(locationId)) return undefined;
      level = this.newLevel(inventoryItemId, locationId, this.now());
      item.levels.set(locationId, level);
    }
    return level;
  }

  getQuantity(domain: string, inventoryItemId: number, locationId: number, name: QuantityName = "available"): number {
    return this.getLevel(domain, inventoryItemId, locationId)?.quantities[name] ?? 0;
  }

  /**
   * The single low-level write path: apply `deltas` (by name) to a level, keeping Shopify's
   * relations (`on_hand` = sum of its components) — callers give consistent deltas, this method
   * checks them. Emits one `inventory` event. Returns the event.
   */
  applyDeltas(
    domain: string,
    inventoryItemId: number,
    locationId: number,
    deltas: Partial<Record<QuantityName, number>>,
    cause: InventoryCause,
    opts: { reference?: string | null; appKey?: string | null; at?: number } = {},
  ): InventoryEvent {
    const s = this.state(domain);
    const item = s.inventoryItems.get(inventoryItemId);
    if (!item) throw new StoreError("INVALID_INVENTORY_ITEM", `inventory item ${inventoryItemId} not found`);
    const level = this.getLevel(domain, inventoryItemId, locationId, true);
    if (!level) throw new StoreError("INVALID_LOCATION", `location ${locationId} not found`);
    let componentSum = 0;
    for (const n of ON_HAND_COMPONENTS) componentSum += deltas[n] ?? 0;
    if ((deltas.on_hand ?? 0) !== componentSum) {
      throw new StoreError("INCONSISTENT", `on_hand delta ${deltas.on_hand ?? 0} must equal the sum of component deltas ${componentSum}`);
    }
    const t = opts.at ?? this.now();
    for (const [n, d] of Object.entries(deltas) as [QuantityName, number][]) {
      if (!d) continue;
      level.quantities[n] += d;
      level.quantityUpdatedAt[n] = t;
    }
    level.updatedAt = t;
    item.updatedAt = t;
    const v = s.variants.get(item.variantId)!;
    v.updatedAt = t;
    const ev = this.makeEvent(domain, item, v, level, deltas, cause, opts.reference ?? null, opts.appKey ?? null, t);
    this.emit("inventory", ev);
    return ev;
  }

  private makeEvent(
    domain: string,
    item: InventoryItemRecord,
    v: VariantRecord,
    level: InventoryLevelRecord,
    deltas: Partial<Record<QuantityName, number>>,
    cause: InventoryCause,
    reference: string | null,
    appKey: string | null,
    t: number,
  ): InventoryEvent {
    const nz: Partial<Record<QuantityName, number>> = {};
    for (const [n, d] of Object.entries(deltas) as [QuantityName, number][]) if (d) nz[n] = d;
    return {
      shop: shopDomain(domain),
      inventoryItemId: item.id,
      locationId: level.locationId,
      variantId: v.id,
      sku: v.sku,
      available: level.quantities.available,
      quantities: { ...level.quantities },
      deltas: nz,
      cause,
      reference,
      appKey,
      updatedAtMs: t,
      updatedAt: isoSeconds(t),
    };
  }

  /**
   * Set `available` (on_hand moves by the same delta), like a merchant editing stock in the admin
   * behind the app's back. Emits an inventory event (cause "manual" by default).
   */
  setAvailable(domain: string, inventoryItemId: number, locationId: number, available: number, cause: InventoryCause = "manual"): InventoryEvent {
    const cur = this.getLevel(domain, inventoryItemId, locationId, true);
    if (!cur) throw new StoreError("INVALID_LOCATION", `location ${locationId} not found`);
    const d = available - cur.quantities.available;
    return this.applyDeltas(domain, inventoryItemId, locationId, { available: d, on_hand: d }, cause);
  }

  /** Set a named quantity with Shopify's rules: available/on_hand move together; components move on_hand; incoming is separate. */
  setQuantity(domain: string, inventoryItemId: number, locationId: number, name: QuantityName, value: number, cause: InventoryCause = "manual", opts: { reference?: string | null; appKey?: string | null } = {}): InventoryEvent {
    const cur = this.getLevel(domain, inventoryItemId, locationId, true);
    if (!cur) throw new StoreError("INVALID_LOCATION", `location ${locationId} not found`);
    const d = value - cur.quantities[name];
    return this.applyDeltas(domain, inventoryItemId, locationId, deltasFor(name, d), cause, opts);
  }

  /** Adjust a named quantity by `delta` (same coupling rules as setQuantity). */
  adjustQuantity(domain: string, inventoryItemId: number, locationId: number, name: QuantityName, delta: number, cause: InventoryCause = "manual", opts: { reference?: string | null; appKey?: string | null } = {}): InventoryEvent {
    return this.applyDeltas(domain, inventoryItemId, locationId, deltasFor(name, delta), cause, opts);
  }

  // ---------------------------------------------------------------- orders
  /**
   * Place an order: per tracked line, `available` → `committed` at the chosen location (on_hand
   * unchanged). DENY variants must have enough stock, else StoreError("INSUFFICIENT_STOCK") and
   * nothing changes. Emits order "create", then one inventory event per line (cause "order").
   */
  placeOrder(domain: string, input: PlaceOrderInput): OrderRecord {
    const s = this.state(domain);
    const t = this.now();
    if (!input.lineItems.length) throw new StoreError("INVALID", "an order needs line items");
    const lines: LineItemRecord[] = [];
    const activeLocs = [...s.locations.values()].filter((l) => l.isActive);
    if (!activeLocs.length) throw new StoreError("INVALID", "shop has no active location");
    // plan first (no writes) so an insufficient line leaves everything untouched
    const need = new Map<string, number>();
    for (const li of input.lineItems) {
      if (!(li.quantity > 0)) throw new StoreError("INVALID", "line item quantity must be > 0");
      const v = this.getVariant(domain, li.variantId);
      const item = s.inventoryItems.get(v.inventoryItemId)!;
      const p = s.products.get(v.productId)!;
      let locId = input.locationId;
      if (locId === undefined) {
        const withStock = activeLocs.find((l) => (item.levels.get(l.id)?.quantities.available ?? 0) - (need.get(`${item.id}:${l.id}`) ?? 0) >= li.quantity);
        locId = (withStock ?? activeLocs[0]).id;
      }
      if (!s.locations.has(locId)) throw new StoreError("INVALID_LOCATION", `location ${locId} not found`);
      if (item.tracked) {
        const key = `${item.id}:${locId}`;
        const after = (item.levels.get(locId)?.quantities.available ?? 0) - (need.get(key) ?? 0) - li.quantity;
        if (after < 0 && v.inventoryPolicy === "DENY") {
          throw new StoreError("INSUFFICIENT_STOCK", `not enough stock for ${v.sku ?? v.id} at location ${locId}`);
        }
        need.set(key, (need.get(key) ?? 0) + li.quantity);
      }
      lines.push({
        id: this.nextId("LineItem"),
        variantId: v.id,
        productId: p.id,
        inventoryItemId: item.id,
        title: p.title,
        variantTitle: v.title,
        sku: v.sku,
        quantity: li.quantity,
        price: money(li.price ?? v.price),
        fulfilledQuantity: 0,
        refundedQuantity: 0,
        locationId: locId,
        tracksInventory: item.tracked,
      });
    }
    const subtotal = lines.reduce((a, l) => a + Number(l.price) * l.quantity, 0);
    const order: OrderRecord = {
      id: this.nextId("Order"),
      name: `#${s.nextOrderNumber++}`,
      email: input.email ?? null,
      currencyCode: s.shop.currencyCode,
      lineItems: lines,
      financialStatus: input.financialStatus ?? "PAID",
      fulfillmentStatus: "UNFULFILLED",
      cancelledAt: null,
      cancelReason: null,
      closedAt: null,
      refunds: [],
      totalPrice: money(subtotal),
      subtotalPrice: money(subtotal),
      sourceName: input.sourceName ?? "web",
      checkoutToken: input.checkoutToken ?? null,
      createdAt: t,
      updatedAt: t,
      processedAt: t,
    };
    s.orders.set(order.id, order);
    s.orderOrder.push(order.id);
    this.emit("order", { type: "create", shop: s.shop.domain, orderId: order.id, order, at: t });
    if (order.financialStatus === "PAID") this.emit("order", { type: "paid", shop: s.shop.domain, orderId: order.id, order, at: t });
    const ref = gid("Order", order.id);
    for (const l of lines) {
      if (!l.tracksInventory) continue;
      this.applyDeltas(domain, l.inventoryItemId!, l.locationId, { available: -l.quantity, committed: l.quantity }, "order", { reference: ref, at: t });
    }
    return order;
  }

  getOrder(domain: string, id: number): OrderRecord {
    const o = this.state(domain).orders.get(id);
    if (!o) throw new StoreError("NOT_FOUND", `order ${id} not found`);
    return o;
  }

  /**
   * Cancel: unfulfilled, unrefunded units leave `committed`; with restock they return to
   * `available`, without they leave on_hand. Emits inventory events (cause "cancel") then order "cancelled".
   */
  cancelOrder(domain: string, orderId: number, opts: { restock?: boolean; reason?: string } = {}): OrderRecord {
    const s = this.state(domain);
    const o = this.getOrder(domain, orderId);
    if (o.cancelledAt !== null) throw new StoreError("ALREADY_CANCELLED", `order ${o.name} is already cancelled`);
    const t = this.now();
    const restock = opts.restock ?? true;
    const ref = gid("Order", o.id);
    for (const l of o.lineItems) {
      const open = l.quantity - l.fulfilledQuantity - l.refundedQuantity;
      if (open <= 0 || !l.tracksInventory || !s.inventoryItems.has(l.inventoryItemId!)) continue;
      const deltas = restock ? { committed: -open, available: open } : { committed: -open, on_hand: -open };
      this.applyDeltas(domain, l.inventoryItemId!, l.locationId, deltas, "cancel", { reference: ref, at: t });
    }
    o.cancelledAt = t;
    const reason = (opts.reason ?? "CUSTOMER").toUpperCase();
    o.cancelReason = ["CUSTOMER", "DECLINED", "FRAUD", "INVENTORY", "OTHER", "STAFF"].includes(reason) ? reason : "OTHER";
    o.closedAt = t;
    o.updatedAt = t;
    if (restock && o.fulfillmentStatus === "UNFULFILLED") o.fulfillmentStatus = "RESTOCKED";
    this.emit("order", { type: "cancelled", shop: s.shop.domain, orderId: o.id, order: o, at: t });
    this.emit("order", { type: "updated", shop: s.shop.domain, orderId: o.id, order: o, at: t });
    return o;
  }

  /** Fulfil all open units: committed and on_hand go down. Emits inventory events (cause "fulfillment") and order "fulfilled". */
  fulfillOrder(domain: string, orderId: number): OrderRecord {
    const s = this.state(domain);
    const o = this.getOrder(domain, orderId);
    if (o.cancelledAt !== null) throw new StoreError("INVALID", "order is cancelled");
    const t = this.now();
    const ref = gid("Order", o.id);
    for (const l of o.lineItems) {
      const open = l.quantity - l.fulfilledQuantity - l.refundedQuantity;
      if (open <= 0) continue;
      l.fulfilledQuantity += open;
      if (l.tracksInventory && s.inventoryItems.has(l.inventoryItemId!)) {
        this.applyDeltas(domain, l.inventoryItemId!, l.locationId, { committed: -open, on_hand: -open }, "fulfillment", { reference: ref, at: t });
      }
    }
    o.fulfillmentStatus = "FULFILLED";
    o.updatedAt = t;
    this.emit("order", { type: "fulfilled", shop: s.shop.domain, orderId: o.id, order: o, at: t });
    this.emit("order", { type: "updated", shop: s.shop.domain, orderId: o.id, order: o, at: t });
    return o;
  }

  /**
   * Refund line items. Unfulfilled units: restock → back to available (restockType CANCEL), else they
   * leave committed and on_hand. Fulfilled units: restock → available and on_hand up (RETURN), else
   * no stock change. Emits inventory events (cause "refund"), then `refund` and order "updated".
   */
  refundOrder(domain: string, orderId: number, input: RefundInput): RefundRecord {
    const s = this.state(domain);
    const o = this.getOrder(domain, orderId);
    const t = this.now();
    const ref = gid("Order", o.id);
    // validate first
    for (const r of input.lineItems) {
      const l = o.lineItems.find((x) => x.id === r.lineItemId);
      if (!l) throw new StoreError("INVALID", `line item ${r.lineItemId} not in order`);
      if (!(r.quantity > 0) || r.quantity > l.quantity - l.refundedQuantity) throw new StoreError("INVALID", `cannot refund ${r.quantity} of line ${l.id}`);
    }
    const refund: RefundRecord = { id: this.nextId("Refund"), orderId: o.id, createdAt: t, note: input.note ?? null, lines: [] };
    for (const r of input.lineItems) {
      const l = o.lineItems.find((x) => x.id === r.lineItemId)!;
      const unfulfilledOpen = Math.max(0, l.quantity - l.fulfilledQuantity - l.refundedQuantity);
      const fromUnfulfilled = Math.min(r.quantity, unfulfilledOpen);
      const fromFulfilled = r.quantity - fromUnfulfilled;
      l.refundedQuantity += r.quantity;
      const canStock = l.tracksInventory && s.inventoryItems.has(l.inventoryItemId!) && o.cancelledAt === null;
      if (canStock && fromUnfulfilled > 0) {
        const deltas = input.restock ? { committed: -fromUnfulfilled, available: fromUnfulfilled } : { committed: -fromUnfulfilled, on_hand: -fromUnfulfilled };
        this.applyDeltas(domain, l.inventoryItemId!, l.locationId, deltas, "refund", { reference: ref, at: t });
      }
      if (canStock && fromFulfilled > 0 && input.restock) {
        this.applyDeltas(domain, l.inventoryItemId!, l.locationId, { available: fromFulfilled, on_hand: fromFulfilled }, "refund", { reference: ref, at: t });
      }
      refund.lines.push({
        id: this.nextId("RefundLineItem"),
        lineItemId: l.id,
        quantity: r.quantity,
        restockType: !input.restock ? "NO_RESTOCK" : fromFulfilled > 0 ? "RETURN" : "CANCEL",
        locationId: input.restock ? l.locationId : null,
        subtotal: money(Number(l.price) * r.quantity),
      });
    }
    o.refunds.push(refund);
    const allRefunded = o.lineItems.every((l) => l.refundedQuantity >= l.quantity);
    o.financialStatus = allRefunded ? "REFUNDED" : "PARTIALLY_REFUNDED";
    o.updatedAt = t;
    this.emit("refund", { shop: s.shop.domain, orderId: o.id, order: o, refund, at: t });
    this.emit("order", { type: "updated", shop: s.shop.domain, orderId: o.id, order: o, at: t });
    return refund;
  }

  // ---------------------------------------------------------------- webhook subscriptions
  createWebhookSubscription(domain: string, input: Omit<WebhookSubscriptionRecord, "id" | "createdAt" | "updatedAt">): WebhookSubscriptionRecord {
    const s = this.state(domain);
    const t = this.now();
    const rec: WebhookSubscriptionRecord = { ...input, id: this.nextId("WebhookSubscription"), createdAt: t, updatedAt: t };
    s.webhookSubscriptions.set(rec.id, rec);
    return rec;
  }
  deleteWebhookSubscription(domain: string, id: number): boolean {
    return this.state(domain).webhookSubscriptions.delete(id);
  }
  listWebhookSubscriptions(domain: string): WebhookSubscriptionRecord[] {
    return [...this.state(domain).webhookSubscriptions.values()];
  }

  // ---------------------------------------------------------------- bulk operations (records; dev/admin runs them)
  createBulkOperation(domain: string, query: string, appKey: string | null): BulkOperationRecord {
    const s = this.state(domain);
    const rec: BulkOperationRecord = {
      id: this.nextId("BulkOperation"),
      type: "QUERY",
      status: "CREATED",
      query,
      errorCode: null,
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: null,
      url: null,
      partialDataUrl: null,
      data: null,
      appKey,
      createdAt: this.now(),
      completedAt: null,
    };
    s.bulkOperations.set(rec.id, rec);
    return rec;
  }
  getBulkOperation(domain: string, id: number): BulkOperationRecord | undefined {
    return this.state(domain).bulkOperations.get(id);
  }
  /** Find a bulk operation by id in any shop (for the file URL handler). */
  findBulkOperation(id: number): { shop: string; op: BulkOperationRecord } | undefined {
    for (const [d, s] of this.shops) {
      const op = s.bulkOperations.get(id);
      if (op) return { shop: d, op };
    }
    return undefined;
  }

  // ---------------------------------------------------------------- snapshots
  /** Plain-JSON view of a shop (for the control API and tests). Levels listed per item. */
  snapshot(domain: string) {
    const s = this.state(domain);
    return {
      shop: { ...s.shop },
      locations: [...s.locations.values()].map((l) => ({ ...l })),
      products: s.productOrder.map((id) => {
        const p = s.products.get(id)!;
        return {
          ...p,
          variants: p.variantIds.map((vid) => {
            const v = s.variants.get(vid)!;
            const item = s.inventoryItems.get(v.inventoryItemId)!;
            return {
              ...v,
              inventoryItem: {
                id: item.id,
                sku: item.sku,
                tracked: item.tracked,
                levels: [...item.levels.values()].map((lv) => ({ locationId: lv.locationId, quantities: { ...lv.quantities }, updatedAt: lv.updatedAt })),
              },
            };
          }),
        };
      }),
      orders: s.orderOrder.map((id) => structuredClone(s.orders.get(id)!)),
      webhookSubscriptions: [...s.webhookSubscriptions.values()].map((w) => ({ ...w })),
      bulkOperations: [...s.bulkOperations.values()].map(({ data: _d, ...rest }) => rest),
    };
  }

  /** All levels of a shop as flat rows {inventoryItemId, locationId, sku, ...quantities}. */
  levels(domain: string) {
    const s = this.state(domain);
    const out: { inventoryItemId: number; variantId: number; locationId: number; sku: string | null; quantities: Record<QuantityName, number> }[] = [];
    for (const id of s.itemOrder) {
      const item = s.inventoryItems.get(id)!;
      for (const lv of item.levels.values()) out.push({ inventoryItemId: id, variantId: item.variantId, locationId: lv.locationId, sku: item.sku, quantities: { ...lv.quantities } });
    }
    return out;
  }
}

/** Deltas for changing quantity `name` by `d`, keeping on_hand = sum(components). */
export function deltasFor(name: QuantityName, d: number): Partial<Record<QuantityName, number>> {
  if (name === "on_hand") return { on_hand: d, available: d };
  if (name === "incoming") return { incoming: d };
  return { [name]: d, on_hand: d };
}

function removeSorted(arr: number[], id: number): void {
  let lo = 0,
    hi = arr.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid] === id) {
      arr.splice(mid, 1);
      return;
    }
    if (arr[mid] < id) lo = mid + 1;
    else hi = mid - 1;
  }
}
