// Ranking of in-stock alternatives (pure, unit-tested in test/widget/alternatives.test.ts).
// Rules in priority order: manual picks, same collection, same product type, shared tags,
// same vendor. The current product is never offered; only products with stock are offered.
// Sort: relevance (best rule, then how many rules match, then shared tags/collections),
// then stock (more first), then title.

export type AlternativeRule = "manual" | "collection" | "type" | "tags" | "vendor";
export const ALL_RULES: readonly AlternativeRule[] = ["manual", "collection", "type", "tags", "vendor"];

export interface CandidateProduct {
  productId: string;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  tags: string[];
  collections: string[];
  imageUrl: string | null;
  /** Sum of `available` over tracked variants that have stock. */
  stock: number;
  /** Some variant can be bought now (tracked with stock, or untracked). */
  inStock: boolean;
  /** Lowest price among the variants that can be bought now, as Shopify's decimal string. */
  minPrice: string | null;
}

export interface RankInput {
  current: Pick<CandidateProduct, "productId" | "vendor" | "productType" | "tags" | "collections">;
  candidates: CandidateProduct[];
  /** Manual picks for the current product, in the merchant's order. */
  manual: string[];
  rules: readonly AlternativeRule[];
  limit: number;
}

export interface RankedAlternative {
  product: CandidateProduct;
  rule: AlternativeRule;
}

/** Shopify tags are "a, b, c"; collections may be stored as a comma list or a JSON array. */
export function parseList(value: string | null | undefined): string[] {
  if (!value) return [];
  const v = value.trim();
  if (v.startsWith("[")) {
    try {
      const arr = JSON.parse(v);
      if (Array.isArray(arr)) return arr.map((x) => String(x).trim()).filter(Boolean);
    } catch {
      /* fall through to the comma list */
    }
  }
  return v.split(",").map((s) => s.trim()).filter(Boolean);
}

const norm = (s: string) => s.trim().toLowerCase();

function overlap(a: string[], b: string[]): number {
  if (!a.length || !b.length) return 0;
  const set = new Set(a.map(norm));
  let n = 0;
  for (const x of new Set(b.map(norm))) if (set.has(x)) n++;
  return n;
}

export function rankAlternatives(input: RankInput): RankedAlternative[] {
  const { current, rules, limit } = input;
  if (limit <= 0) return [];
  const enabled = new Set(rules);
  const manualPos = new Map<string, number>();
  if (enabled.has("manual")) input.manual.forEach((id, i) => manualPos.set(id, i));
  const scored: Array<{ product: CandidateProduct; rule: AlternativeRule; rank: number; matches: number; shared: number; manual: number }> = [];
  for (const p of input.candidates) {
    if (p.productId === current.productId || !p.inStock) continue;
    const sharedCollections = enabled.has("collection") ? overlap(current.collections, p.collections) : 0;
    const sharedTags = enabled.has("tags") ? overlap(current.tags, p.tags) : 0;
    const hits: boolean[] = [
      manualPos.has(p.productId),
      sharedCollections > 0,
      enabled.has("type") && !!current.productType && norm(current.productType) === norm(p.productType),
      sharedTags > 0,
      enabled.has("vendor") && !!current.vendor && norm(current.vendor) === norm(p.vendor),
    ];
    // Rank by the rule's position in the merchant's priority order.
    let rank = -1;
    let rule: AlternativeRule = "vendor";
    rules.forEach((r, i) => {
      if (rank === -1 && hits[ALL_RULES.indexOf(r)]) {
        rank = i;
        rule = r;
      }
    });
    if (rank === -1) continue;
    scored.push({
      product: p,
      rule,
      rank,
      matches: hits.filter(Boolean).length,
      shared: sharedCollections + sharedTags,
      manual: manualPos.get(p.productId) ?? Number.MAX_SAFE_INTEGER,
    });
  }
  scored.sort(
    (a, b) =>
      a.rank - b.rank ||
      (a.rule === "manual" && b.rule === "manual" ? a.manual - b.manual : 0) ||
      b.matches - a.matches ||
      b.shared - a.shared ||
      b.product.stock - a.product.stock ||
      a.product.title.localeCompare(b.product.title),
  );
  return scored.slice(0, limit).map(({ product, rule }) => ({ product, rule }));
}

export function parseRules(value: string | null | undefined): AlternativeRule[] {
  const out: AlternativeRule[] = [];
  for (const r of parseList(value)) {
    if ((ALL_RULES as readonly string[]).includes(r) && !out.includes(r as AlternativeRule)) out.push(r as AlternativeRule);
  }
  return out;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Formats a Shopify decimal price in the shop's currency for the shopper's locale. */
export function formatPrice(amount: string, currency: string, locale?: string | null): string {
  const key = `${locale || "en"}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale || "en", { style: "currency", currency });
    } catch {
      f = new Intl.NumberFormat("en", { style: "currency", currency: /^[A-Z]{3}$/.test(currency) ? currency : "USD" });
    }
    formatters.set(key, f);
  }
  return f.format(Number(amount));
}

/** Shopify CDN images take a width parameter; others are returned unchanged. */
export function sizedImage(url: string | null, width = 128): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (!/(^|\.)cdn\.shopify\.com$/.test(u.hostname) && !u.pathname.startsWith("/cdn/shop/")) return url;
    u.searchParams.set("width", String(width));
    return u.toString();
  } catch {
    return url;
  }
}
