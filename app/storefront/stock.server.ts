// Storefront read model behind GET /apps/stockroom/stock (app/routes/proxy.stock.tsx).
// Answers come from the app's own tables (CatalogProduct, CatalogVariant, InventoryLevel,
// WidgetSettings, WidgetAlternativePick, Shop): no Admin API call per request. Finished
// answers (JSON body + ETag) are cached in-process per shop × variant × query options:
//  - invalidated at once when stock or settings change in this process
//    (invalidateStorefrontCache, called by the ledger hook below and by the admin page);
//  - bounded by a short TTL for changes written by other processes (separate workers), so
//    a purchase anywhere reaches a visible product page within the widget's 2 s promise;
//  - concurrent misses for one key share one load (no stampede).
import { createHash } from "node:crypto";
import prisma from "../db.server";
import { gid } from "../gid";
import { onLedgerChange } from "../inventory/ledger.server";
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

// ── cache ──────────────────────────────────────────────────────────────────────────────
const TTL_MS = Number(process.env.STOREFRONT_CACHE_TTL_MS ?? 500);
const MAX_ENTRIES = Number(process.env.STOREFRONT_CACHE_MAX ?? 50_000);

interface Entry {
  gen: number;
  at: number;
  value: StockResponse | null;
}

const cache = new Map<string, Entry>();
const inflight = new Map<string, Promise<StockResponse | null>>();
const generations = new Map<string, number>();
const stats = { hits: 0, misses: 0, loads: 0 };

/** Drops every cached answer of a shop (stock, catalog or settings changed). */
export function invalidateStorefrontCache(shop?: string): void {
  if (shop === undefined) {
    cache.clear();
    generations.clear();
    return;
  }
  generations.set(shop, (generations.get(shop) ?? 0) + 1);
}

export function storefrontCacheStats() {
  return { ...stats, entries: cache.size };
}

// Same-process ledger writes (webhooks, sync engine) make answers stale at once. Alternatives
// depend on other products' stock, so the whole shop is invalidated (an O(1) generation bump).
onLedgerChange(async (change) => {
  if (change.kind === "created" || change.kind === "changed") invalidateStorefrontCache(change.level.shop);
});

function clampInt(v: number | null | undefined, min: number, max: number, fallback: number): number {
  if (v == null || !Number.isFinite(v)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(v)));
}

export async function getStock(q: StockQuery): Promise<StockResponse | null> {
  const variantId = gid("ProductVariant", q.variant);
  const threshold = q.threshold == null ? "" : String(clampInt(q.threshold, 0, 100_000, 0));
  const limit = clampInt(q.limit, 0, MAX_ALTERNATIVES, 0);
  const locale = q.locale && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(q.locale) ? q.locale : "";
  const key = `${q.shop}|${variantId}|${threshold}|${q.wantCount ? 1 : 0}|${limit}|${locale}`;
  const gen = generations.get(q.shop) ?? 0;
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.gen === gen && now - hit.at < TTL_MS) {
    stats.hits++;
    return hit.value;
  }
  stats.misses++;
  let p = inflight.get(key);
  if (!p) {
    p = load({ ...q, threshold: threshold === "" ? null : Number(threshold), limit, locale }, variantId)
      .then((value) => {
        if ((generations.get(q.shop) ?? 0) === gen) {
          if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
          cache.set(key, { gen, at: now, value });
        }
        return value;
      })
      .finally(() => inflight.delete(key));
    inflight.set(key, p);
  }
  return p;
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

async function load(q: StockQuery & { limit: number }, variantId: string): Promise<StockResponse | null> {
  stats.loads++;
  const { shop } = q;
  const [variant, settings] = await Promise.all([
    prisma.catalogVariant.findUnique({ where: { shop_variantId: { shop, variantId } } }),
    loadWidgetSettings(shop),
  ]);
  if (!variant) return null;
  let available = 0;
  if (variant.tracked) {
    if (!variant.inventoryItemId) return null;
    const levels = await availableByItem(shop, [variant.inventoryItemId]);
    // No level known yet (import still running): say nothing rather than "sold out".
    if (!levels.has(variant.inventoryItemId)) return null;
    available = levels.get(variant.inventoryItemId)!;
  }
  const threshold = q.threshold ?? settings.threshold;
  const state = computeState({ tracked: variant.tracked, policy: variant.inventoryPolicy, available }, threshold);
  const showCount = q.wantCount && settings.showCount && variant.tracked;
  // The block decides how many to show; the shop can switch alternatives off altogether.
  const limit = settings.alternativesEnabled ? q.limit : 0;
  const alternatives =
    limit > 0 && needsAlternatives(state) ? await findAlternatives(shop, variant.productId, settings.rules, limit, q.locale) : [];
  const body: StockAnswerBody = {
    variant: variantId.slice(variantId.lastIndexOf("/") + 1),
    state,
    count: showCount ? Math.max(0, available) : null,
    alternatives,
  };
  const json = JSON.stringify(body);
  return { body: json, etag: `W/"${createHash("sha1").update(json).digest("base64url").slice(0, 22)}"` };
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
  if (rules.includes("collection")) for (const c of collections.slice(0, 20)) or.push({ collections: { contains: c } });
  if (rules.includes("type") && current.productType) or.push({ productType: current.productType });
  if (rules.includes("tags")) for (const t of tags.slice(0, 20)) or.push({ tags: { contains: t } });
  if (rules.includes("vendor") && current.vendor) or.push({ vendor: current.vendor });
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
