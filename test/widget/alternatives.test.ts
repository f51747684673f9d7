import { describe, expect, it } from "vitest";
import {
  ALL_RULES,
  formatPrice,
  parseList,
  parseRules,
  rankAlternatives,
  sizedImage,
  type CandidateProduct,
} from "../../app/storefront/alternatives";

function product(id: string, over: Partial<CandidateProduct> = {}): CandidateProduct {
  return {
    productId: id,
    title: id,
    handle: id,
    vendor: "",
    productType: "",
    tags: [],
    collections: [],
    imageUrl: null,
    stock: 10,
    inStock: true,
    minPrice: "10.00",
    ...over,
  };
}

const current = { productId: "P0", vendor: "Acme", productType: "Shoes", tags: ["red", "summer"], collections: ["C1", "C2"] };

describe("rankAlternatives", () => {
  it("orders by rule priority: manual, collection, type, tags, vendor", () => {
    const candidates = [
      product("vendor", { vendor: "acme" }),
      product("tags", { tags: ["Red"] }),
      product("type", { productType: "shoes" }),
      product("collection", { collections: ["C2"] }),
      product("manual"),
      product("unrelated", { vendor: "Other", tags: ["blue"] }),
    ];
    const ranked = rankAlternatives({ current, candidates, manual: ["manual"], rules: ALL_RULES, limit: 10 });
    expect(ranked.map((r) => r.product.productId)).toEqual(["manual", "collection", "type", "tags", "vendor"]);
    expect(ranked.map((r) => r.rule)).toEqual(["manual", "collection", "type", "tags", "vendor"]);
  });

  it("excludes the current product and out-of-stock products, even manual picks", () => {
    const candidates = [product("P0", { vendor: "Acme" }), product("gone", { vendor: "Acme", inStock: false, stock: 0 }), product("ok", { vendor: "Acme" })];
    const ranked = rankAlternatives({ current, candidates, manual: ["gone", "P0"], rules: ALL_RULES, limit: 10 });
    expect(ranked.map((r) => r.product.productId)).toEqual(["ok"]);
  });

  it("within one rule: more matching rules, then more shared tags, then more stock", () => {
    const candidates = [
      product("low-stock", { vendor: "Acme", stock: 1 }),
      product("high-stock", { vendor: "Acme", stock: 50 }),
      product("type+vendor", { productType: "Shoes", vendor: "Acme", stock: 1 }),
      product("type-only", { productType: "Shoes", stock: 99 }),
      product("two-tags", { tags: ["red", "summer"], stock: 1 }),
      product("one-tag", { tags: ["summer"], stock: 100 }),
    ];
    const ranked = rankAlternatives({ current, candidates, manual: [], rules: ALL_RULES, limit: 10 });
    expect(ranked.map((r) => r.product.productId)).toEqual(["type+vendor", "type-only", "two-tags", "one-tag", "high-stock", "low-stock"]);
  });

  it("keeps the merchant's order among manual picks and honours the limit", () => {
    const candidates = ["a", "b", "c", "d"].map((id) => product(id, { stock: id.charCodeAt(0) }));
    const ranked = rankAlternatives({ current, candidates, manual: ["c", "a", "d", "b"], rules: ALL_RULES, limit: 3 });
    expect(ranked.map((r) => r.product.productId)).toEqual(["c", "a", "d"]);
    expect(rankAlternatives({ current, candidates, manual: ["c"], rules: ALL_RULES, limit: 0 })).toEqual([]);
  });

  it("applies only the enabled rules, in the merchant's priority order", () => {
    const candidates = [product("vendor", { vendor: "Acme" }), product("type", { productType: "Shoes" }), product("manual")];
    const ranked = rankAlternatives({ current, candidates, manual: ["manual"], rules: ["vendor", "type"], limit: 10 });
    expect(ranked.map((r) => r.product.productId)).toEqual(["vendor", "type"]);
  });
});

describe("helpers", () => {
  it("parses Shopify tag lists and JSON collection lists", () => {
    expect(parseList("red, summer ,  ,sale")).toEqual(["red", "summer", "sale"]);
    expect(parseList('["gid://shopify/Collection/1","gid://shopify/Collection/2"]')).toEqual(["gid://shopify/Collection/1", "gid://shopify/Collection/2"]);
    expect(parseList("")).toEqual([]);
    expect(parseRules("vendor,bogus,type,vendor")).toEqual(["vendor", "type"]);
  });

  it("formats prices in the shop currency for the shopper's locale", () => {
    expect(formatPrice("1234.5", "EUR", "fr")).toMatch(/^1\s?234,50\s€$/u);
    expect(formatPrice("19.99", "USD", "en")).toBe("$19.99");
    expect(formatPrice("5", "JPY", "en")).toBe("¥5");
    expect(formatPrice("5", "not-a-currency", "en")).toBe("$5.00");
  });

  it("asks Shopify's CDN for a small image and leaves other hosts alone", () => {
    expect(sizedImage("https://cdn.shopify.com/s/files/1/a.jpg?v=1")).toBe("https://cdn.shopify.com/s/files/1/a.jpg?v=1&width=128");
    expect(sizedImage("https://example.com/a.jpg")).toBe("https://example.com/a.jpg");
    expect(sizedImage(null)).toBeNull();
  });
});
