/**
 * Resolvers for the parts of the Admin API the app uses, over dev/store records.
 * Dispatch is by `${parentType}.${field}`; a valid field without a resolver (and not on a view
 * object) raises NOT_IMPLEMENTED_BY_STANDIN instead of inventing data.
 */
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import {
  QUANTITY_NAMES,
  gid,
  isoSeconds,
  parseGid,
  PLAN_DISPLAY_NAME,
  type AccessTokenRecord,
  type BulkOperationRecord,
  type CollectionRecord,
  type InventoryItemRecord,
  type InventoryLevelRecord,
  type LineItemRecord,
  type LocationRecord,
  type OrderRecord,
  type ProductRecord,
  type QuantityName,
  type RefundLineRecord,
  type RefundRecord,
  type ShopState,
  type Store,
  type VariantRecord,
  type WebhookSubscriptionRecord,
} from "../store/index.ts";
import { paginate, view, type ConnArgs } from "./connection.ts";
import { compileSearch, type SearchSpec, type SearchWarning } from "./search.ts";
import { API_VERSION } from "./schema.ts";
import { billingQueryResolvers } from "../billing/billing.ts";

export interface ExecCtx {
  store: Store;
  shop: string;
  st: ShopState;
  token: AccessTokenRecord;
  appKey: string;
  actualCost: number;
  operation: "query" | "mutation";
  /** bulk mode: connections unbounded; the root connection is windowed */
  bulk: { start: number; size: number; rootTotal: number } | null;
  searchWarnings: { path: (string | number)[]; query: string; warnings: SearchWarning[] }[];
  /** registry for abstract type resolution */
  typeOf: WeakMap<object, string>;
  api: ResolverHost;
}

/** What resolvers need from the API object (mutations with side effects beyond the store). */
export interface ResolverHost {
  publicOrigin: string;
  idempotency: Map<string, { hash: string; payload: unknown; at: number }>;
  idempotencyTtlMs: number;
  startBulk(ctx: ExecCtx, query: string): { op: BulkOperationRecord | null; userErrors: { field: string[] | null; message: string; code: string | null }[] };
  /** The buyer of an order (the stand-in's buyer book, the same one orders/create payloads use). */
  customerOfOrder?: (shop: string, order: OrderRecord) => { customerId: number; email: string | null } | null;
}

type R = (src: any, args: any, ctx: ExecCtx, info: GraphQLResolveInfo) => unknown;

export class NotImplemented extends GraphQLError {}

const money = (amount: string, currencyCode: string) => view({ amount, currencyCode });
const moneyBag = (amount: string, currencyCode: string) => view({ shopMoney: money(amount, currencyCode), presentmentMoney: money(amount, currencyCode) });
const count = (n: number) => view({ count: n, precision: "EXACT" });

function invalidGid(value: string, argName: string): GraphQLError {
  return new GraphQLError(`Invalid global id '${value}'`, { extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError", argumentName: argName } });
}

function idArg(value: string, type: string | string[], argName = "id"): number | null {
  const p = parseGid(value);
  if (!p) throw invalidGid(value, argName);
  const types = Array.isArray(type) ? type : [type];
  return types.includes(p.type) ? p.id : null;
}

function levelGid(l: InventoryLevelRecord): string {
  return `gid://shopify/InventoryLevel/${l.id}?inventory_item_id=${l.inventoryItemId}`;
}

const VALID_QUANTITY_NAMES = new Set<string>(QUANTITY_NAMES);

function sortBy<T>(arr: T[], key: (t: T) => string | number, idOf: (t: T) => number): T[] {
  return arr.slice().sort((a, b) => {
    const ka = key(a),
      kb = key(b);
    if (ka < kb) return -1;
    if (ka > kb) return 1;
    return idOf(a) - idOf(b);
  });
}

function searchPath(info: GraphQLResolveInfo): (string | number)[] {
  const out: (string | number)[] = [];
  for (let p: GraphQLResolveInfo["path"] | undefined = info.path; p; p = p.prev) out.unshift(p.key);
  return out;
}

/** Generic list → connection with search, sort and reverse. */
function listConnection<T>(
  ctx: ExecCtx,
  info: GraphQLResolveInfo,
  args: ConnArgs & { query?: string | null; sortKey?: string | null },
  source: { ids?: number[]; get?: (id: number) => T | undefined; items?: T[] },
  idOf: (t: T) => number,
  spec: SearchSpec<T> | null,
  sortKeys: Record<string, (t: T) => string | number> = {},
) {
  const isRoot = !info.path.prev;
  const bulk = ctx.bulk;
  let items: T[] | null = null;
  const ids = source.ids ?? null;
  let pred: ((t: T) => boolean) | null = null;
  if (args.query && spec) {
    const c = compileSearch(args.query, spec);
    pred = c.pred;
    if (c.warnings.length) ctx.searchWarnings.push({ path: searchPath(info), query: args.query, warnings: c.warnings });
  }
  const sortKey = args.sortKey && args.sortKey !== "ID" && args.sortKey !== "RELEVANCE" ? args.sortKey : null;
  const byId = !sortKey;
  if (ids && source.get && byId && !pred && !args.reverse) {
    // fast path: sorted id list; map only the page
    const get = source.get;
    const conn = paginate(ids, args, (x) => x, { sortedAscById: true, bulk: !!bulk, bulkWindow: bulk && isRoot ? bulk : null });
    if (bulk && isRoot) bulk.rootTotal = ids.length;
    const pageIds: number[] = conn.items;
    return { ...conn, items: pageIds.map((id) => get(id)!) } as unknown as ReturnType<typeof paginate<T>>;
  }
  if (ids && source.get) {
    const get = source.get;
    items = [];
    for (const id of ids) {
      const t = get(id);
      if (t && (!pred || pred(t))) items.push(t);
    }
  } else {
    items = (source.items ?? []).filter((t) => !pred || pred(t));
    if (byId) items.sort((a, b) => idOf(a) - idOf(b));
  }
  let sortValueOf: ((t: T) => unknown) | undefined;
  if (sortKey) {
    const k = sortKeys[sortKey];
    if (!k) throw new NotImplemented(`The stand-in does not implement sortKey ${sortKey} for this connection.`, { extensions: { code: "NOT_IMPLEMENTED_BY_STANDIN" } });
    items = sortBy(items, k, idOf);
    sortValueOf = k;
  }
  if (args.reverse) items.reverse();
  if (bulk && isRoot) bulk.rootTotal = items.length;
  return paginate(items, args, idOf, { sortedAscById: byId && !args.reverse, sortValueOf, bulk: !!bulk, bulkWindow: bulk && isRoot ? bulk : null });
}

// ------------------------------------------------------------------ search specs
const dateNum = (ms: number) => ms;

function variantSpec(st: ShopState): SearchSpec<VariantRecord> {
  return {
    fields: {
      id: (v) => v.id,
      sku: (v) => v.sku,
      barcode: (v) => v.barcode,
      title: (v) => v.title,
      product_id: (v) => v.productId,
      updated_at: (v) => dateNum(v.updatedAt),
      created_at: (v) => dateNum(v.createdAt),
      inventory_item_id: (v) => v.inventoryItemId,
      product_status: (v) => st.products.get(v.productId)?.status ?? null,
      vendor: (v) => st.products.get(v.productId)?.vendor ?? null,
      product_type: (v) => st.products.get(v.productId)?.productType ?? null,
      tag: (v) => st.products.get(v.productId)?.tags ?? [],
      inventory_quantity: (v) => totalAvailable(st, st.inventoryItems.get(v.inventoryItemId)),
    },
    dateFields: ["updated_at", "created_at"],
    numberFields: ["id", "product_id", "inventory_item_id", "inventory_quantity"],
    text: (v) => [v.sku, v.barcode, v.title, st.products.get(v.productId)?.title ?? null],
  };
}

function productSpec(st: ShopState): SearchSpec<ProductRecord> {
  return {
    fields: {
      id: (p) => p.id,
      title: (p) => p.title,
      handle: (p) => p.handle,
      vendor: (p) => p.vendor,
      product_type: (p) => p.productType,
      tag: (p) => p.tags,
      status: (p) => p.status,
      sku: (p) => p.variantIds.map((id) => st.variants.get(id)?.sku ?? null),
      barcode: (p) => p.variantIds.map((id) => st.variants.get(id)?.barcode ?? null),
      updated_at: (p) => p.updatedAt,
      created_at: (p) => p.createdAt,
      collection_id: (p) => p.collectionIds,
    },
    dateFields: ["updated_at", "created_at"],
    numberFields: ["id", "collection_id"],
    text: (p) => [p.title, p.vendor, p.productType, ...p.tags],
  };
}

const itemSpec: SearchSpec<InventoryItemRecord> = {
  fields: {
    id: (i) => i.id,
    sku: (i) => i.sku,
    updated_at: (i) => i.updatedAt,
    created_at: (i) => i.createdAt,
  },
  dateFields: ["updated_at", "created_at"],
  numberFields: ["id"],
  text: (i) => [i.sku],
};

const orderSpec: SearchSpec<OrderRecord> = {
  fields: {
    id: (o) => o.id,
    name: (o) => [o.name, o.name.replace(/^#/, "")],
    created_at: (o) => o.createdAt,
    updated_at: (o) => o.updatedAt,
    processed_at: (o) => o.processedAt,
    financial_status: (o) => o.financialStatus,
    fulfillment_status: (o) => o.fulfillmentStatus,
    status: (o) => (o.cancelledAt ? "cancelled" : o.closedAt ? "closed" : "open"),
    sku: (o) => o.lineItems.map((l) => l.sku),
    email: (o) => o.email,
  },
  dateFields: ["created_at", "updated_at", "processed_at"],
  numberFields: ["id"],
  text: (o) => [o.name, o.email, ...o.lineItems.map((l) => l.title)],
};

const locationSpec: SearchSpec<LocationRecord> = {
  fields: { id: (l) => l.id, name: (l) => l.name, active: (l) => String(l.isActive) },
  numberFields: ["id"],
  text: (l) => [l.name],
};

function totalAvailable(st: ShopState, item: InventoryItemRecord | undefined): number {
  if (!item) return 0;
  let n = 0;
  for (const l of item.levels.values()) if (l.isActive && st.locations.get(l.locationId)?.isActive !== false) n += l.quantities.available;
  return n;
}

// ------------------------------------------------------------------ access scopes
/** Scope each root field needs (any one of the list); write_X implies read_X. Fields not listed need none. */
export const ROOT_SCOPES: Record<string, string[]> = {
  products: ["read_products"],
  product: ["read_products"],
  productByIdentifier: ["read_products"],
  productVariants: ["read_products"],
  productVariant: ["read_products"],
  collection: ["read_products"],
  collections: ["read_products"],
  inventoryItems: ["read_inventory"],
  inventoryItem: ["read_inventory"],
  inventoryLevel: ["read_inventory"],
  locations: ["read_locations"],
  location: ["read_locations"],
  orders: ["read_orders"],
  order: ["read_orders"],
  inventorySetQuantities: ["write_inventory"],
  inventoryAdjustQuantities: ["write_inventory"],
};

const NODE_SCOPES: Record<string, string[]> = {
  Product: ["read_products"],
  ProductVariant: ["read_products"],
  Collection: ["read_products"],
  InventoryItem: ["read_inventory"],
  InventoryLevel: ["read_inventory"],
  Location: ["read_locations"],
  Order: ["read_orders"],
};

function hasScope(granted: string[], need: string): boolean {
  if (granted.includes(need)) return true;
  return need.startsWith("read_") && granted.includes(`write_${need.slice(5)}`);
}

/** Throw Shopify's ACCESS_DENIED error when the token lacks the scope for `field`. */
export function checkScope(ctx: ExecCtx, field: string, needs: string[] | undefined = ROOT_SCOPES[field]): void {
  if (!needs || needs.some((n) => hasScope(ctx.token.scopes, n))) return;
  const req = needs.map((n) => `\`${n}\` access scope`).join(" or ");
  throw new GraphQLError(`Access denied for ${field} field. Required access: ${req}.`, {
    extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: `${req}.` },
  });
}

// ------------------------------------------------------------------ lookups used by node/nodes
export function lookupNode(ctx: ExecCtx, id: string, argName = "id"): object | null {
  const p = parseGid(id);
  if (!p) throw invalidGid(id, argName);
  const st = ctx.st;
  let rec: object | undefined;
  switch (p.type) {
    case "Product":
      rec = st.products.get(p.id);
      break;
    case "ProductVariant":
      rec = st.variants.get(p.id);
      break;
    case "InventoryItem":
      rec = st.inventoryItems.get(p.id);
      break;
    case "Location":
      rec = st.locations.get(p.id);
      break;
    case "Order":
      rec = st.orders.get(p.id);
      break;
    case "Collection":
      rec = st.collections.get(p.id);
      break;
    case "WebhookSubscription": {
      const w = st.webhookSubscriptions.get(p.id);
      rec = w && (w.appKey === null || w.appKey === ctx.appKey) ? w : undefined;
      break;
    }
    case "BulkOperation": {
      const b = st.bulkOperations.get(p.id);
      rec = b && (b.appKey === null || b.appKey === ctx.appKey) ? b : undefined;
      break;
    }
    case "InventoryLevel":
      rec = findLevel(st, p.id, p.query);
      break;
    default:
      return null;
  }
  if (!rec) return null;
  checkScope(ctx, "node", NODE_SCOPES[p.type]);
  ctx.typeOf.set(rec, p.type);
  return rec;
}

function findLevel(st: ShopState, levelId: number, query: string | null): InventoryLevelRecord | undefined {
  const itemId = query ? Number(new URLSearchParams(query).get("inventory_item_id")) : NaN;
  const scan = (item: InventoryItemRecord) => {
    for (const l of item.levels.values()) if (l.id === levelId) return l;
    return undefined;
  };
  if (!Number.isNaN(itemId)) {
    const item = st.inventoryItems.get(itemId);
    return item ? scan(item) : undefined;
  }
  for (const item of st.inventoryItems.values()) {
    const l = scan(item);
    if (l) return l;
  }
  return undefined;
}

// ------------------------------------------------------------------ the resolver map
export const resolvers: Record<string, Record<string, R>> = {
  QueryRoot: {
    ...(billingQueryResolvers as Record<string, R>),
    shop: (_s, _a, ctx) => ctx.st.shop,
    locations: (_s, a, ctx, info) =>
      listConnection(ctx, info, a, { items: [...ctx.st.locations.values()].filter((l) => l.isActive || a.includeInactive) }, (l) => l.id, locationSpec, { NAME: (l) => l.name.toLowerCase() }),
    location: (_s, a, ctx) => {
      if (a.id == null) return [...ctx.st.locations.values()].find((l) => l.isActive) ?? null;
      const id = idArg(a.id, "Location");
      return id === null ? null : (ctx.st.locations.get(id) ?? null);
    },
    products: (_s, a, ctx, info) =>
      listConnection(ctx, info, a, { ids: ctx.st.productOrder, get: (id) => ctx.st.products.get(id) }, (p) => p.id, productSpec(ctx.st), {
        TITLE: (p) => p.title.toLowerCase(),
        UPDATED_AT: (p) => p.updatedAt,
        CREATED_AT: (p) => p.createdAt,
        VENDOR: (p) => p.vendor.toLowerCase(),
        PRODUCT_TYPE: (p) => p.productType.toLowerCase(),
        INVENTORY_TOTAL: (p) => p.variantIds.reduce((n, v) => n + totalAvailable(ctx.st, ctx.st.inventoryItems.get(ctx.st.variants.get(v)!.inventoryItemId)), 0),
      }),
    product: (_s, a, ctx) => {
      const id = idArg(a.id, "Product");
      return id === null ? null : (ctx.st.products.get(id) ?? null);
    },
    productByIdentifier: (_s, a, ctx) => {
      const ident = a.identifier ?? {};
      if (ident.id) {
        const id = idArg(ident.id, "Product");
        return id === null ? null : (ctx.st.products.get(id) ?? null);
      }
      if (ident.handle) return [...ctx.st.products.values()].find((p) => p.handle === ident.handle) ?? null;
      throw new NotImplemented("The stand-in supports productByIdentifier by id or handle only.", { extensions: { code: "NOT_IMPLEMENTED_BY_STANDIN" } });
    },
    productVariants: (_s, a, ctx, info) =>
      listConnection(ctx, info, a, { ids: ctx.st.variantOrder, get: (id) => ctx.st.variants.get(id) }, (v) => v.id, variantSpec(ctx.st), {
        SKU: (v) => v.sku ?? "",
        TITLE: (v) => v.title.toLowerCase(),
        POSITION: (v) => v.position,
        INVENTORY_QUANTITY: (v) => totalAvailable(ctx.st, ctx.st.inventoryItems.get(v.inventoryItemId)),
      }),
    productVariant: (_s, a, ctx) => {
      const id = idArg(a.id, "ProductVariant");
      return id === null ? null : (ctx.st.variants.get(id) ?? null);
    },
    inventoryItems: (_s, a, ctx, info) => listConnection(ctx, info, a, { ids: ctx.st.itemOrder, get: (id) => ctx.st.inventoryItems.get(id) }, (i) => i.id, itemSpec),
    inventoryItem: (_s, a, ctx) => {
      const id = idArg(a.id, "InventoryItem");
      return id === null ? null : (ctx.st.inventoryItems.get(id) ?? null);
    },
    inventoryLevel: (_s, a, ctx) => {
      const p = parseGid(a.id);
      if (!p) throw invalidGid(a.id, "id");
      if (p.type !== "InventoryLevel") return null;
      return findLevel(ctx.st, p.id, p.query) ?? null;
    },
    node: (_s, a, ctx) => lookupNode(ctx, a.id),
    nodes: (_s, a, ctx) => {
      if (a.ids.length > 250) throw maxInputSize(a.ids.length, ["nodes", "ids"]);
      return a.ids.map((id: string) => lookupNode(ctx, id, "ids"));
    },
    orders: (_s, a, ctx, info) =>
      listConnection(ctx, info, a, { ids: ctx.st.orderOrder, get: (id) => ctx.st.orders.get(id) }, (o) => o.id, orderSpec, {
        CREATED_AT: (o) => o.createdAt,
        UPDATED_AT: (o) => o.updatedAt,
        PROCESSED_AT: (o) => o.processedAt,
        ORDER_NUMBER: (o) => Number(o.name.replace(/\D/g, "")),
        TOTAL_PRICE: (o) => Number(o.totalPrice),
      }),
    order: (_s, a, ctx) => {
      const id = idArg(a.id, "Order");
      return id === null ? null : (ctx.st.orders.get(id) ?? null);
    },
    webhookSubscriptions: (_s, a, ctx, info) => {
      let items = [...ctx.st.webhookSubscriptions.values()].filter((w) => w.appKey === null || w.appKey === ctx.appKey);
      if (a.topics?.length) items = items.filter((w) => a.topics.includes(w.topic));
      const uri = a.uri ?? a.callbackUrl;
      if (uri) items = items.filter((w) => w.uri === uri);
      if (a.format) items = items.filter((w) => w.format === a.format);
      return listConnection(ctx, info, a, { items }, (w) => w.id, null, { CREATED_AT: (w) => w.createdAt });
    },
    webhookSubscription: (_s, a, ctx) => lookupNode(ctx, a.id) && ctx.typeOf.get(lookupNode(ctx, a.id)!) === "WebhookSubscription" ? lookupNode(ctx, a.id) : null,
    currentBulkOperation: (_s, a, ctx) => {
      const type = a.type ?? "QUERY";
      let latest: BulkOperationRecord | null = null;
      for (const b of ctx.st.bulkOperations.values()) if (b.type === type && (b.appKey === null || b.appKey === ctx.appKey) && (!latest || b.id > latest.id)) latest = b;
      return latest;
    },
    bulkOperation: (_s, a, ctx) => {
      const id = idArg(a.id, "BulkOperation");
      const b = id === null ? undefined : ctx.st.bulkOperations.get(id);
      return b && (b.appKey === null || b.appKey === ctx.appKey) ? b : null;
    },
    collection: (_s, a, ctx) => {
      const id = idArg(a.id, "Collection");
      return id === null ? null : (ctx.st.collections.get(id) ?? null);
    },
  },

  Shop: {
    id: (s) => gid("Shop", s.id),
    name: (s) => s.name,
    email: (s) => s.email,
    contactEmail: (s) => s.email,
    myshopifyDomain: (s) => s.domain,
    currencyCode: (s) => s.currencyCode,
    ianaTimezone: (s) => s.ianaTimezone,
    url: (s) => `https://${s.domain}`,
    primaryDomain: (s) => view({ id: gid("Domain", s.id), host: s.domain, url: `https://${s.domain}`, sslEnabled: true }),
    plan: (s) => view({ displayName: PLAN_DISPLAY_NAME[s.plan as keyof typeof PLAN_DISPLAY_NAME], publicDisplayName: PLAN_DISPLAY_NAME[s.plan as keyof typeof PLAN_DISPLAY_NAME], partnerDevelopment: s.plan === "development", shopifyPlus: s.plan === "plus" || s.plan === "enterprise" }),
    createdAt: (s) => isoSeconds(s.createdAt),
  },

  Location: {
    id: (l) => gid("Location", l.id),
    legacyResourceId: (l) => String(l.id),
    name: (l) => l.name,
    isActive: (l) => l.isActive,
    fulfillsOnlineOrders: (l) => l.fulfillsOnlineOrders,
    createdAt: (l) => isoSeconds(l.createdAt),
    updatedAt: (l) => isoSeconds(l.updatedAt),
    address: (l) => view({ address1: l.address.address1 ?? null, city: l.address.city ?? null, countryCode: l.address.countryCode ?? null, zip: l.address.zip ?? null }),
    inventoryLevel: (l, a, ctx) => {
      const id = idArg(a.inventoryItemId, "InventoryItem", "inventoryItemId");
      const item = id === null ? undefined : ctx.st.inventoryItems.get(id);
      return item?.levels.get(l.id) ?? null;
    },
    inventoryLevels: (l, a, ctx, info) => {
      const levels: InventoryLevelRecord[] = [];
      for (const id of ctx.st.itemOrder) {
        const lv = ctx.st.inventoryItems.get(id)!.levels.get(l.id);
        if (lv && (lv.isActive || a.includeInactive)) levels.push(lv);
      }
      return listConnection(ctx, info, a, { items: levels }, (x) => x.id, null);
    },
  },

  Product: {
    id: (p) => gid("Product", p.id),
    legacyResourceId: (p) => String(p.id),
    title: (p) => p.title,
    handle: (p) => p.handle,
    descriptionHtml: (p) => p.descriptionHtml,
    description: (p) => p.descriptionHtml.replace(/<[^>]*>/g, ""),
    vendor: (p) => p.vendor,
    productType: (p) => p.productType,
    tags: (p) => p.tags,
    status: (p) => p.status,
    createdAt: (p) => isoSeconds(p.createdAt),
    updatedAt: (p) => isoSeconds(p.updatedAt),
    tracksInventory: (p, _a, ctx) => p.variantIds.some((v: number) => ctx.st.inventoryItems.get(ctx.st.variants.get(v)!.inventoryItemId)?.tracked),
    totalInventory: (p, _a, ctx) => p.variantIds.reduce((n: number, v: number) => n + totalAvailable(ctx.st, ctx.st.inventoryItems.get(ctx.st.variants.get(v)!.inventoryItemId)), 0),
    hasOnlyDefaultVariant: (p) => p.variantIds.length === 1 && p.options.length === 1 && p.options[0].name === "Title",
    variantsCount: (p) => count(p.variantIds.length),
    variants: (p, a, ctx, info) => listConnection<VariantRecord>(ctx, info, a, { items: p.variantIds.map((id: number) => ctx.st.variants.get(id)!) }, (v) => v.id, null, { POSITION: (v) => v.position, SKU: (v) => v.sku ?? "" }),
    options: (p, a) =>
      p.options.slice(0, a.first ?? undefined).map((o: { name: string; values: string[] }, i: number) =>
        view({ id: gid("ProductOption", p.id * 10 + i), name: o.name, position: i + 1, values: o.values }),
      ),
    collections: (p, a, ctx, info) => listConnection<CollectionRecord>(ctx, info, a, { items: p.collectionIds.map((id: number) => ctx.st.collections.get(id)!).filter(Boolean) }, (c) => c.id, null),
    featuredImage: (p) => (p.images[0] ? imageView(p.images[0]) : null),
    images: (p, a, ctx, info) => listConnection(ctx, info, a, { items: p.images.map(imageView) }, (i: any) => i.__id, null),
    onlineStoreUrl: () => null,
  },

  ProductVariant: {
    id: (v) => gid("ProductVariant", v.id),
    legacyResourceId: (v) => String(v.id),
    title: (v) => v.title,
    displayName: (v, _a, ctx) => `${ctx.st.products.get(v.productId)?.title ?? ""} - ${v.title}`,
    sku: (v) => v.sku,
    barcode: (v) => v.barcode,
    price: (v) => v.price,
    compareAtPrice: (v) => v.compareAtPrice,
    inventoryPolicy: (v) => v.inventoryPolicy,
    inventoryQuantity: (v, _a, ctx) => totalAvailable(ctx.st, ctx.st.inventoryItems.get(v.inventoryItemId)),
    availableForSale: (v, _a, ctx) => {
      const item = ctx.st.inventoryItems.get(v.inventoryItemId);
      return ctx.st.products.get(v.productId)?.status === "ACTIVE" && (!item?.tracked || v.inventoryPolicy === "CONTINUE" || totalAvailable(ctx.st, item) > 0);
    },
    position: (v) => v.position,
    product: (v, _a, ctx) => ctx.st.products.get(v.productId),
    inventoryItem: (v, _a, ctx) => ctx.st.inventoryItems.get(v.inventoryItemId),
    selectedOptions: (v) => v.selectedOptions.map((o: { name: string; value: string }) => view({ name: o.name, value: o.value, optionValue: undefined })),
    createdAt: (v) => isoSeconds(v.createdAt),
    updatedAt: (v) => isoSeconds(v.updatedAt),
    image: (v, _a, ctx) => {
      const p = ctx.st.products.get(v.productId);
      const im = p?.images.find((i) => i.id === v.imageId);
      return im ? imageView(im) : null;
    },
  },

  InventoryItem: {
    id: (i) => gid("InventoryItem", i.id),
    legacyResourceId: (i) => String(i.id),
    sku: (i) => i.sku,
    tracked: (i) => i.tracked,
    requiresShipping: (i) => i.requiresShipping,
    createdAt: (i) => isoSeconds(i.createdAt),
    updatedAt: (i) => isoSeconds(i.updatedAt),
    unitCost: (i, _a, ctx) => (i.unitCost === null ? null : money(i.unitCost, ctx.st.shop.currencyCode)),
    duplicateSkuCount: (i, _a, ctx) => (i.sku ? [...ctx.st.inventoryItems.values()].filter((x) => x.sku === i.sku && x.id !== i.id).length : 0),
    variant: (i, _a, ctx) => ctx.st.variants.get(i.variantId),
    locationsCount: (i) => count([...i.levels.values()].filter((l: InventoryLevelRecord) => l.isActive).length),
    inventoryLevel: (i, a) => {
      const id = idArg(a.locationId, "Location", "locationId");
      const l = id === null ? undefined : i.levels.get(id);
      return l && (l.isActive || a.includeInactive) ? l : null;
    },
    inventoryLevels: (i, a, ctx, info) => {
      const levels = [...i.levels.values()].filter((l: InventoryLevelRecord) => l.isActive || a.includeInactive);
      return listConnection(ctx, info, a, { items: levels }, (l) => l.id, null);
    },
  },

  InventoryLevel: {
    id: (l) => levelGid(l),
    isActive: (l) => l.isActive,
    canDeactivate: (l) => l.quantities.committed === 0 && l.quantities.incoming === 0,
    deactivationAlert: () => null,
    createdAt: (l) => isoSeconds(l.createdAt),
    updatedAt: (l) => isoSeconds(l.updatedAt),
    item: (l, _a, ctx) => ctx.st.inventoryItems.get(l.inventoryItemId),
    location: (l, _a, ctx) => ctx.st.locations.get(l.locationId),
    quantities: (l, a) => {
      if (a.names.length > 250) throw maxInputSize(a.names.length, ["quantities", "names"]);
      return a.names.map((n: string) => {
        if (!VALID_QUANTITY_NAMES.has(n)) {
          throw new GraphQLError(`The quantity name '${n}' is not valid. Valid names are: ${QUANTITY_NAMES.join(", ")}.`, { extensions: { code: "INVALID_QUANTITY_NAME" } });
        }
        const name = n as QuantityName;
        return view({
          id: `gid://shopify/InventoryQuantity/${l.id}?inventory_item_id=${l.inventoryItemId}&name=${name}`,
          name,
          quantity: l.quantities[name],
          updatedAt: isoSeconds(l.quantityUpdatedAt[name] ?? l.createdAt),
        });
      });
    },
  },

  Collection: {
    id: (c: CollectionRecord) => gid("Collection", c.id),
    legacyResourceId: (c) => String(c.id),
    title: (c) => c.title,
    handle: (c) => c.handle,
    updatedAt: (c) => isoSeconds(c.updatedAt),
    products: (c, a, ctx, info) =>
      listConnection(ctx, info, a, { items: ctx.st.productOrder.map((id) => ctx.st.products.get(id)!).filter((p) => p.collectionIds.includes(c.id)) }, (p) => p.id, null),
    productsCount: (c, _a, ctx) => count([...ctx.st.products.values()].filter((p) => p.collectionIds.includes(c.id)).length),
  },

  Order: {
    id: (o) => gid("Order", o.id),
    legacyResourceId: (o) => String(o.id),
    name: (o) => o.name,
    email: (o) => o.email,
    currencyCode: (o) => o.currencyCode,
    createdAt: (o) => isoSeconds(o.createdAt),
    updatedAt: (o) => isoSeconds(o.updatedAt),
    processedAt: (o) => isoSeconds(o.processedAt),
    cancelledAt: (o) => (o.cancelledAt === null ? null : isoSeconds(o.cancelledAt)),
    cancelReason: (o) => o.cancelReason,
    closed: (o) => o.closedAt !== null,
    closedAt: (o) => (o.closedAt === null ? null : isoSeconds(o.closedAt)),
    sourceName: (o) => o.sourceName,
    displayFinancialStatus: (o) => o.financialStatus,
    displayFulfillmentStatus: (o) => o.fulfillmentStatus,
    totalPriceSet: (o) => moneyBag(o.totalPrice, o.currencyCode),
    subtotalPriceSet: (o) => moneyBag(o.subtotalPrice, o.currencyCode),
    lineItems: (o, a, ctx, info) => {
      for (const l of o.lineItems) ctx.typeOf.set(l, "LineItem");
      return listConnection(ctx, info, a, { items: o.lineItems.map((l: LineItemRecord) => ({ l, o })) }, (x: any) => x.l.id, null);
    },
    refunds: (o, a) => o.refunds.slice(0, a.first ?? undefined).map((r: RefundRecord) => ({ r, o })),
    customer: (o, _a, ctx) => {
      if (!ctx.api.customerOfOrder) throw new NotImplemented("Order.customer needs the stand-in's buyer book (createAdminApi option customerOfOrder)");
      return ctx.api.customerOfOrder(ctx.shop, o);
    },
  },

  Customer: {
    id: (b) => gid("Customer", b.customerId),
    legacyResourceId: (b) => String(b.customerId),
  },

  LineItem: {
    id: (x) => gid("LineItem", x.l.id),
    name: (x) => (x.l.variantTitle && x.l.variantTitle !== "Default Title" ? `${x.l.title} - ${x.l.variantTitle}` : x.l.title),
    title: (x) => x.l.title,
    variantTitle: (x) => x.l.variantTitle,
    sku: (x) => x.l.sku,
    quantity: (x) => x.l.quantity,
    currentQuantity: (x) => x.l.quantity - x.l.refundedQuantity - (x.o.cancelledAt ? x.l.quantity - x.l.fulfilledQuantity - x.l.refundedQuantity : 0),
    refundableQuantity: (x) => x.l.quantity - x.l.refundedQuantity,
    unfulfilledQuantity: (x) => (x.o.cancelledAt ? 0 : Math.max(0, x.l.quantity - x.l.fulfilledQuantity - x.l.refundedQuantity)),
    variant: (x, _a, ctx) => (x.l.variantId === null ? null : (ctx.st.variants.get(x.l.variantId) ?? null)),
    product: (x, _a, ctx) => (x.l.productId === null ? null : (ctx.st.products.get(x.l.productId) ?? null)),
    originalUnitPriceSet: (x) => moneyBag(x.l.price, x.o.currencyCode),
  },

  Refund: {
    id: (x) => gid("Refund", x.r.id),
    createdAt: (x) => isoSeconds(x.r.createdAt),
    note: (x) => x.r.note,
    refundLineItems: (x, a, ctx, info) => listConnection(ctx, info, a, { items: x.r.lines.map((rl: RefundLineRecord) => ({ rl, o: x.o })) }, (y: any) => y.rl.id, null),
  },

  RefundLineItem: {
    id: (y) => gid("RefundLineItem", y.rl.id),
    quantity: (y) => y.rl.quantity,
    restockType: (y) => y.rl.restockType,
    restocked: (y) => y.rl.restockType !== "NO_RESTOCK",
    lineItem: (y) => ({ l: y.o.lineItems.find((l: LineItemRecord) => l.id === y.rl.lineItemId), o: y.o }),
    location: (y, _a, ctx) => (y.rl.locationId === null ? null : (ctx.st.locations.get(y.rl.locationId) ?? null)),
    subtotalSet: (y) => moneyBag(y.rl.subtotal, y.o.currencyCode),
  },

  WebhookSubscription: {
    id: (w: WebhookSubscriptionRecord) => gid("WebhookSubscription", w.id),
    legacyResourceId: (w) => String(w.id),
    topic: (w) => w.topic,
    uri: (w) => w.uri,
    callbackUrl: (w) => w.uri,
    format: (w) => w.format,
    includeFields: (w) => w.includeFields,
    metafieldNamespaces: (w) => w.metafieldNamespaces,
    filter: (w) => w.filter,
    name: (w) => w.name,
    createdAt: (w) => isoSeconds(w.createdAt),
    updatedAt: (w) => isoSeconds(w.updatedAt),
    apiVersion: (w) => view({ handle: w.apiVersion, displayName: w.apiVersion, supported: true }),
    endpoint: (w, _a, ctx) => {
      const e = view({ callbackUrl: w.uri });
      ctx.typeOf.set(e, "WebhookHttpEndpoint");
      return e;
    },
  },

  BulkOperation: {
    id: (b: BulkOperationRecord) => gid("BulkOperation", b.id),
    status: (b) => b.status,
    type: (b) => b.type,
    query: (b) => b.query,
    errorCode: (b) => b.errorCode,
    createdAt: (b) => isoSeconds(b.createdAt),
    completedAt: (b) => (b.completedAt === null ? null : isoSeconds(b.completedAt)),
    objectCount: (b) => String(b.objectCount),
    rootObjectCount: (b) => String(b.rootObjectCount),
    fileSize: (b) => (b.fileSize === null ? null : String(b.fileSize)),
    url: (b) => b.url,
    partialDataUrl: (b) => b.partialDataUrl,
  },

  Mutation: {},
};

function imageView(im: { id: number; url: string; altText: string | null; width: number | null; height: number | null }) {
  return view({ __id: im.id, id: gid("ProductImage", im.id), url: im.url, src: im.url, originalSrc: im.url, transformedSrc: im.url, altText: im.altText, width: im.width, height: im.height });
}

export function maxInputSize(n: number, path: (string | number)[]): GraphQLError {
  return new GraphQLError(`The input array size of ${n} is greater than the maximum allowed of 250.`, { path, extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" } });
}

export { API_VERSION };
