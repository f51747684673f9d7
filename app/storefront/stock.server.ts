// Storefront read model behind GET /apps/stockroom/stock (app/routes/proxy.stock.tsx).
// Answers come from the app's own tables (CatalogProduct, CatalogVariant, InventoryLevel,
// WidgetSettings, WidgetAlternativePick, Shop): no Admin API call per request. Finished
// answers (JSON body + ETag) are cached in-process per shop × variant × query options:
//  - invalidated at once when stock or settings change in this process
//    (invalidateStorefrontCache and invalidateStorefrontStock: pipeline steps below, and the admin page);
//  - bounded by a short TTL for changes written by other processes (separate workers), so
//    a purchase anywhere reaches a visible product page within the widget's 2 s promise;
//  - concurrent misses for one key share one load (no stampede).
import { createHash } from "node:crypto";
import prisma from "../db.server";
import { databaseUrl, isPostgresUrl } from "../db-url";
import { gid } from "../gid";
import { log } from "../log.server";
import type { TopicEvent } from "../webhooks/topic-event";
import { computeState, needsAlternatives, type StockState } from "../../widget/src/state";
import {
  ALL_RULES,
  formatPrice,
  parseList,
  parseRules,
  rankAlternatives,
  sizedImage,
  type AlternativeRule,
  type CandidateProduct,
} from "./alternatives";

export interface WidgetSettingsValue {
  threshold: number;
  showCount: boolean;
  style: "inline" | "badge" | "bar";
  messages: Partial<Record<StockState, string>>;
  alternativesEnabled: boolean;
  alternativesLimit: number;
  rules: AlternativeRule[];
}

export const DEFAULT_WIDGET_SETTINGS: WidgetSettingsValue = {
  threshold: 5,
  showCount: true,
  style: "inline",
  messages: {},
  alternativesEnabled: true,
  alternativesLimit: 4,
  rules: [...ALL_RULES],
};

export const MAX_ALTERNATIVES = 8;

export interface StockQuery {
  shop: string;
  /** Numeric id (as the storefront knows it) or gid. */
  variant: string;
  /** The block's low-stock threshold (falls back to the shop's setting). */
  threshold?: number | null;
  /** The block shows counts; the count is sent only if the shop's settings allow it too. */
  wantCount: boolean;
  /** How many alternatives the block shows (0 = none). */
  limit: number;
  locale?: string | null;
}

export interface StockAnswerBody {
  variant: string;
  state: StockState;
  count: number | null;
  alternatives: Array<{ productId: string; title: string; url: string; image: string | null; price: string }>;
}

export interface StockResponse {
  body: string;
  etag: string;
}

// ── caches ─────────────────────────────────────────────────────────────────────────────
// Three layers, each valid while its generation holds:
//  - facts per shop × variant (tracked, policy, available): dropped per inventory item when the
//    ledger changes that item here (invalidateStorefrontStock), so a flash sale on one product
//    does not empty the cache of the whole shop;
//  - settings per shop and alternatives per shop × product: dropped with the shop
//    (invalidateStorefrontCache: catalog, settings or picks changed); alternatives are also
//    refreshed in the background after ALTS_MAX_AGE_MS, since other products' stock moves them;
//  - the finished answer (JSON + ETag) per query, reused while it was built from the very same
//    facts/settings/alternatives objects.
// Other processes (separate workers) announce their changes by bumping StorefrontVersion; each
// shop's row is read at most every VERSION_CHECK_MS by the request that finds it due, and a new
// version drops that shop's layers here. MAX_AGE_MS bounds everything (writes that forgot to
// invalidate).
const VERSION_CHECK_MS = Number(process.env.STOREFRONT_VERSION_CHECK_MS ?? 250);
const MAX_AGE_MS = Number(process.env.STOREFRONT_CACHE_MAX_AGE_MS ?? 30_000);
const ALTS_MAX_AGE_MS = Number(process.env.STOREFRONT_ALTERNATIVES_MAX_AGE_MS ?? 15_000);
const MAX_ENTRIES = Number(process.env.STOREFRONT_CACHE_MAX ?? 50_000);

interface VariantFacts {
  productId: string;
  inventoryItemId: string | null;
  tracked: boolean;
  policy: string;
  available: number;
}

interface Cached<T> {
  shopGen: number;
  itemGen: number;
  at: number;
  value: T;
}

interface ShopState {
  gen: number;
  /** Last StorefrontVersion seen (null: never read). */
  remote: number | null;
  checkedAt: number;
  checking: Promise<void> | null;
  settings: Cached<WidgetSettingsValue> | null;
  settingsLoad: Promise<WidgetSettingsValue> | null;
}

interface Answer {
  facts: VariantFacts;
  settings: WidgetSettingsValue;
  alts: StockAnswerBody["alternatives"] | null;
  response: StockResponse;
}

const shops = new Map<string, ShopState>();
const itemGens = new Map<string, number>();
let stockEpoch = 0;
const factsCache = new Map<string, Cached<VariantFacts | null>>();
const altsCache = new Map<string, Cached<StockAnswerBody["alternatives"]>>();
const answers = new Map<string, Answer>();
const inflight = new Map<string, Promise<unknown>>();
const stats = { requests: 0, answerHits: 0, factLoads: 0, altLoads: 0, settingsLoads: 0, versionChecks: 0 };

function shopState(shop: string): ShopState {
  let s = shops.get(shop);
  if (!s) {
    s = { gen: 0, remote: null, checkedAt: 0, checking: null, settings: null, settingsLoad: null };
    shops.set(shop, s);
  }
  return s;
}

function bounded<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= MAX_ENTRIES && !map.has(key)) map.delete(map.keys().next().value as K);
  map.set(key, value);
}

/** Runs `fn` once per key at a time; concurrent callers share the promise. */
function single<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const running = inflight.get(key) as Promise<T> | undefined;
  if (running) return running;
  const p = fn().finally(() => inflight.delete(key));
  inflight.set(key, p);
  return p;
}

const pendingBumps = new Set<string>();
let bumpTimer: ReturnType<typeof setTimeout> | null = null;

async function flushBumps(): Promise<void> {
  bumpTimer = null;
  const list = [...pendingBumps];
  pendingBumps.clear();
  for (const shop of list) {
    try {
      const row = await prisma.storefrontVersion.upsert({
        where: { shop },
        create: { shop, version: 1 },
        update: { version: { increment: 1 } },
      });
      shopState(shop).remote = row.version; // our own bump is not news to us
    } catch (e) {
      log("warn", "storefront version bump failed", { shop, error: String(e) });
    }
  }
}

function announce(shop: string): void {
  pendingBumps.add(shop);
  bumpTimer ??= setTimeout(() => void flushBumps(), 5);
}

/**
 * Drops everything cached for a shop's storefront (catalog, widget settings or manual picks
 * changed), here and — through StorefrontVersion — in every other process. Bumps within a few
 * milliseconds are coalesced into one write. Without a shop: clears this process's caches.
 */
export function invalidateStorefrontCache(shop?: string): void {
  if (shop === undefined) {
    shops.clear();
    itemGens.clear();
    factsCache.clear();
    altsCache.clear();
    answers.clear();
    return;
  }
  const s = shopState(shop);
  s.gen++;
  s.settings = null;
  announce(shop);
}

/**
 * A shop's stock of one inventory item changed (the sync engine and the ledger hook call this):
 * answers for that item's variants are rebuilt on their next request; other processes learn of
 * it through StorefrontVersion.
 */
export function invalidateStorefrontStock(shop: string, inventoryItemId: string): void {
  stockEpoch++;
  const key = `${shop}|${inventoryItemId}`;
  itemGens.set(key, (itemGens.get(key) ?? 0) + 1);
  announce(shop);
}

/** Resolves when pending cross-process bumps are written (tests, graceful shutdown). */
export async function flushStorefrontInvalidations(): Promise<void> {
  if (bumpTimer) {
    clearTimeout(bumpTimer);
    await flushBumps();
  }
}

export function storefrontCacheStats() {
  return { ...stats, facts: factsCache.size, alternatives: altsCache.size, answers: answers.size };
}

function checkRemoteVersion(shop: string, s: ShopState, now: number): Promise<void> | null {
  if (s.checking || now - s.checkedAt < VERSION_CHECK_MS) return null;
  s.checkedAt = now;
  stats.versionChecks++;
  s.checking = prisma.storefrontVersion
    .findUnique({ where: { shop }, select: { version: true } })
    .then((row) => {
      const v = row?.version ?? 0;
      if (s.remote !== null && v !== s.remote) {
        s.gen++;
        s.settings = null;
      }
      s.remote = v;
    })
    .catch((e) => log("warn", "storefront version check failed", { shop, error: String(e) }))
    .finally(() => {
      s.checking = null;
    });
  return s.checking;
}

// Pipeline steps (app/webhooks/pipelines.server.ts declares them after the steps that write
// the rows): catalog changes (policy, tracking, titles, prices, tags, an import) change answers
// and alternatives; a level update makes that item's answers stale at once.
export async function onCatalogChanged({ shop }: { shop: string }): Promise<void> {
  invalidateStorefrontCache(shop);
}

export async function onLevelChanged({ shop, payload }: TopicEvent<{ inventory_item_id?: number }>): Promise<void> {
  if (payload.inventory_item_id) invalidateStorefrontStock(shop, `gid://shopify/InventoryItem/${payload.inventory_item_id}`);
}

function clampInt(v: number | null | undefined, min: number, max: number, fallback: number): number {
  if (v == null || !Number.isFinite(v)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(v)));
}

// ── loading ────────────────────────────────────────────────────────────────────────────
export async function loadWidgetSettings(shop: string): Promise<WidgetSettingsValue> {
  const row = await prisma.widgetSettings.findUnique({ where: { shop } });
  if (!row) return { ...DEFAULT_WIDGET_SETTINGS, rules: [...DEFAULT_WIDGET_SETTINGS.rules] };
  let messages: WidgetSettingsValue["messages"] = {};
  try {
    messages = JSON.parse(row.messages || "{}");
  } catch {
    messages = {};
  }
  return {
    threshold: row.threshold,
    showCount: row.showCount,
    style: (["inline", "badge", "bar"].includes(row.style) ? row.style : "inline") as WidgetSettingsValue["style"],
    messages,
    alternativesEnabled: row.alternativesEnabled,
    alternativesLimit: row.alternativesLimit,
    rules: parseRules(row.rules),
  };
}

async function availableByItem(shop: string, itemIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!itemIds.length) return out;
  const rows = await prisma.inventoryLevel.groupBy({
    by: ["inventoryItemId"],
    where: { shop, inventoryItemId: { in: itemIds } },
    _sum: { available: true },
  });
  for (const r of rows) out.set(r.inventoryItemId, r._sum.available ?? 0);
  return out;
}

async function loadFacts(shop: string, variantId: string): Promise<VariantFacts | null> {
  stats.factLoads++;
  const variant = await prisma.catalogVariant.findUnique({ where: { shop_variantId: { shop, variantId } } });
  if (!variant) return null;
  const facts: VariantFacts = {
    productId: variant.productId,
    inventoryItemId: variant.inventoryItemId,
    tracked: variant.tracked,
    policy: variant.inventoryPolicy,
    available: 0,
  };
  if (variant.tracked) {
    if (!variant.inventoryItemId) return null;
    const levels = await availableByItem(shop, [variant.inventoryItemId]);
    // No level known yet (import still running): say nothing rather than "sold out".
    if (!levels.has(variant.inventoryItemId)) return null;
    facts.available = levels.get(variant.inventoryItemId)!;
  }
  return facts;
}

const itemGenOf = (shop: string, item: string | null | undefined) => (item ? itemGens.get(`${shop}|${item}`) ?? 0 : 0);

async function getFacts(shop: string, s: ShopState, variantId: string, now: number): Promise<VariantFacts | null> {
  const key = `${shop}|${variantId}`;
  const c = factsCache.get(key);
  if (c && c.shopGen === s.gen && c.itemGen === itemGenOf(shop, c.value?.inventoryItemId) && now - c.at < MAX_AGE_MS) return c.value;
  const shopGen = s.gen;
  return single(`f|${key}`, async () => {
    const epoch = stockEpoch;
    const value = await loadFacts(shop, variantId);
    // A stock change during the load may not be in what was read: store the entry as stale.
    const itemGen = stockEpoch === epoch ? itemGenOf(shop, value?.inventoryItemId) : -1;
    if (s.gen === shopGen) bounded(factsCache, key, { shopGen, itemGen, at: now, value });
    return value;
  });
}

async function getSettings(shop: string, s: ShopState, now: number): Promise<WidgetSettingsValue> {
  if (s.settings && s.settings.shopGen === s.gen && now - s.settings.at < MAX_AGE_MS) return s.settings.value;
  const shopGen = s.gen;
  s.settingsLoad ??= loadWidgetSettings(shop)
    .then((value) => {
      stats.settingsLoads++;
      if (s.gen === shopGen) s.settings = { shopGen, itemGen: 0, at: now, value };
      return value;
    })
    .finally(() => {
      s.settingsLoad = null;
    });
  return s.settingsLoad;
}

async function getAlternatives(
  shop: string,
  s: ShopState,
  productId: string,
  settings: WidgetSettingsValue,
  limit: number,
  locale: string,
  now: number,
): Promise<StockAnswerBody["alternatives"]> {
  const key = `${shop}|${productId}|${limit}|${locale}`;
  const c = altsCache.get(key);
  const shopGen = s.gen;
  const refresh = () =>
    single(`a|${key}`, async () => {
      stats.altLoads++;
      const value = await findAlternatives(shop, productId, settings.rules, limit, locale);
      if (s.gen === shopGen) bounded(altsCache, key, { shopGen, itemGen: 0, at: Date.now(), value });
      return value;
    });
  if (c && c.shopGen === shopGen) {
    // Other products' stock moves alternatives: past ALTS_MAX_AGE_MS the list is refreshed in
    // the background while the current one is still served (stale-while-revalidate).
    if (now - c.at >= ALTS_MAX_AGE_MS) void refresh().catch((e) => log("warn", "alternatives refresh failed", { shop, error: String(e) }));
    return c.value;
  }
  return refresh();
}

export async function getStock(q: StockQuery): Promise<StockResponse | null> {
  stats.requests++;
  const { shop } = q;
  const variantId = gid("ProductVariant", q.variant);
  const threshold = q.threshold == null ? null : clampInt(q.threshold, 0, 100_000, 0);
  const locale = q.locale && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(q.locale) ? q.locale : "";
  const s = shopState(shop);
  const due = checkRemoteVersion(shop, s, Date.now());
  if (due) await due; // at most one request per shop and interval waits for the check
  const now = Date.now();
  const [facts, settings] = await Promise.all([getFacts(shop, s, variantId, now), getSettings(shop, s, now)]);
  if (!facts) return null;
  const state = computeState({ tracked: facts.tracked, policy: facts.policy, available: facts.available }, threshold ?? settings.threshold);
  // The block decides how many to show; the shop can switch alternatives off altogether.
  const limit = settings.alternativesEnabled ? clampInt(q.limit, 0, MAX_ALTERNATIVES, 0) : 0;
  const alts = limit > 0 && needsAlternatives(state) ? await getAlternatives(shop, s, facts.productId, settings, limit, locale, now) : null;

  const key = `${shop}|${variantId}|${threshold ?? ""}|${q.wantCount ? 1 : 0}|${limit}|${locale}`;
  const prev = answers.get(key);
  if (prev && prev.facts === facts && prev.settings === settings && prev.alts === alts) {
    stats.answerHits++;
    return prev.response;
  }
  const showCount = q.wantCount && settings.showCount && facts.tracked;
  const body: StockAnswerBody = {
    variant: variantId.slice(variantId.lastIndexOf("/") + 1),
    state,
    count: showCount ? Math.max(0, facts.available) : null,
    alternatives: alts ?? [],
  };
  const json = JSON.stringify(body);
  const response = { body: json, etag: `W/"${createHash("sha1").update(json).digest("base64url").slice(0, 22)}"` };
  bounded(answers, key, { facts, settings, alts, response });
  return response;
}

const CANDIDATE_LIMIT = 400;

export async function findAlternatives(
  shop: string,
  productId: string,
  rules: AlternativeRule[],
  limit: number,
  locale?: string | null,
): Promise<StockAnswerBody["alternatives"]> {
  const current = await prisma.catalogProduct.findUnique({ where: { shop_productId: { shop, productId } } });
  if (!current) return [];
  const tags = parseList(current.tags);
  const collections = parseList(current.collections);
  const manual = rules.includes("manual")
    ? (await prisma.widgetAlternativePick.findMany({ where: { shop, productId }, orderBy: { position: "asc" } })).map((p) => p.altProductId)
    : [];
  // Coarse SQL pre-filter; exact matching and ranking happen in rankAlternatives.
  const or: object[] = [];
  if (manual.length) or.push({ productId: { in: manual } });
  // SQLite's LIKE ignores ASCII case; PostgreSQL needs insensitive mode (tags "Red" ≈ "red").
  const ci = isPostgresUrl(databaseUrl()) ? { mode: "insensitive" as const } : {};
  if (rules.includes("collection")) for (const c of collections.slice(0, 20)) or.push({ collections: { contains: c } });
  if (rules.includes("type") && current.productType) or.push({ productType: { equals: current.productType, ...ci } });
  if (rules.includes("tags")) for (const t of tags.slice(0, 20)) or.push({ tags: { contains: t, ...ci } });
  if (rules.includes("vendor") && current.vendor) or.push({ vendor: { equals: current.vendor, ...ci } });
  if (!or.length) return [];
  const products = await prisma.catalogProduct.findMany({
    where: { shop, status: "ACTIVE", productId: { not: productId }, OR: or },
    take: CANDIDATE_LIMIT,
  });
  if (!products.length) return [];
  const variants = await prisma.catalogVariant.findMany({
    where: { shop, productId: { in: products.map((p) => p.productId) } },
    select: { productId: true, inventoryItemId: true, tracked: true, price: true },
  });
  const levels = await availableByItem(
    shop,
    variants.filter((v) => v.tracked && v.inventoryItemId).map((v) => v.inventoryItemId!),
  );
  const byProduct = new Map<string, { stock: number; inStock: boolean; minPrice: string | null }>();
  for (const v of variants) {
    const agg = byProduct.get(v.productId) ?? { stock: 0, inStock: false, minPrice: null };
    const avail = v.tracked ? (v.inventoryItemId ? levels.get(v.inventoryItemId) ?? 0 : 0) : null;
    const buyable = avail === null || avail > 0;
    if (avail !== null && avail > 0) agg.stock += avail;
    if (buyable) {
      agg.inStock = true;
      if (agg.minPrice === null || Number(v.price) < Number(agg.minPrice)) agg.minPrice = v.price;
    }
    byProduct.set(v.productId, agg);
  }
  const candidates: CandidateProduct[] = products.map((p) => {
    const agg = byProduct.get(p.productId) ?? { stock: 0, inStock: false, minPrice: null };
    return {
      productId: p.productId,
      title: p.title,
      handle: p.handle,
      vendor: p.vendor,
      productType: p.productType,
      tags: parseList(p.tags),
      collections: parseList(p.collections),
      imageUrl: p.imageUrl,
      ...agg,
    };
  });
  const shopRow = await prisma.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } });
  const currency = shopRow?.currencyCode || "USD";
  const ranked = rankAlternatives({
    current: { productId, vendor: current.vendor, productType: current.productType, tags, collections },
    candidates,
    manual,
    rules,
    limit,
  });
  return ranked.map(({ product }) => ({
    productId: product.productId.slice(product.productId.lastIndexOf("/") + 1),
    title: product.title,
    url: `/products/${encodeURIComponent(product.handle)}`,
    image: sizedImage(product.imageUrl),
    price: formatPrice(product.minPrice ?? "0", currency, locale || undefined),
  }));
}
