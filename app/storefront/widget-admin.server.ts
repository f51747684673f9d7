// Server side of the admin page "Storefront widget" (app/routes/app.widget.tsx): the shop's
// widget settings, manual alternative picks and preview data, all from the app's own tables.
import prisma from "../db.server";
import { ALL_RULES, formatPrice, parseRules, sizedImage, type AlternativeRule } from "./alternatives";
import { invalidateStorefrontCache, loadWidgetSettings, type WidgetSettingsValue } from "./stock.server";
import { STOCK_STATES, type StockState } from "../../widget/src/state";

export interface PickRow {
  productId: string;
  productTitle: string;
  altProductId: string;
  altTitle: string;
  position: number;
}

export interface ProductOption {
  productId: string;
  title: string;
}

export interface PreviewAlternative {
  productId: string;
  title: string;
  url: string;
  image: string | null;
  price: string;
}

export async function widgetAdminData(shop: string, search: string) {
  const [settings, picks, shopRow] = await Promise.all([
    loadWidgetSettings(shop),
    prisma.widgetAlternativePick.findMany({ where: { shop }, orderBy: [{ productId: "asc" }, { position: "asc" }] }),
    prisma.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }),
  ]);
  const ids = [...new Set(picks.flatMap((p) => [p.productId, p.altProductId]))];
  const titled = ids.length
    ? await prisma.catalogProduct.findMany({ where: { shop, productId: { in: ids } }, select: { productId: true, title: true } })
    : [];
  const title = new Map(titled.map((p) => [p.productId, p.title]));
  const q = search.trim();
  const products = await prisma.catalogProduct.findMany({
    where: { shop, status: "ACTIVE", ...(q ? { title: { contains: q } } : {}) },
    orderBy: { title: "asc" },
    take: 50,
    select: { productId: true, title: true },
  });
  const [sample, catalogProducts] = await Promise.all([
    prisma.catalogProduct.findMany({ where: { shop, status: "ACTIVE" }, orderBy: { title: "asc" }, take: 8 }),
    prisma.catalogProduct.count({ where: { shop, status: "ACTIVE" } }),
  ]);
  const prices = sample.length
    ? await prisma.catalogVariant.findMany({ where: { shop, productId: { in: sample.map((p) => p.productId) } }, select: { productId: true, price: true } })
    : [];
  const currency = shopRow?.currencyCode || "USD";
  const previewAlternatives: PreviewAlternative[] = sample.map((p) => {
    const min = prices.filter((v) => v.productId === p.productId).reduce<number | null>((m, v) => (m === null || Number(v.price) < m ? Number(v.price) : m), null);
    return {
      productId: p.productId,
      title: p.title,
      url: `https://${shop}/products/${encodeURIComponent(p.handle)}`,
      image: sizedImage(p.imageUrl),
      price: formatPrice(String(min ?? 0), currency),
    };
  });
  // Before the catalog import has run there is nothing to show: the preview uses examples.
  if (!previewAlternatives.length) {
    for (const [i, price] of ["24.00", "32.50", "18.00", "45.00"].entries()) {
      previewAlternatives.push({ productId: `example-${i + 1}`, title: `Example product ${i + 1}`, url: "#", image: null, price: formatPrice(price, currency) });
    }
  }
  return {
    settings,
    picks: picks.map<PickRow>((p) => ({
      productId: p.productId,
      productTitle: title.get(p.productId) ?? p.productId,
      altProductId: p.altProductId,
      altTitle: title.get(p.altProductId) ?? p.altProductId,
      position: p.position,
    })),
    products: products as ProductOption[],
    /** Active products the app's catalog holds (0 before the first import). */
    catalogProducts,
    previewAlternatives,
  };
}

export type SettingsInput = Record<string, string | undefined>;

/** Validates the settings form; returns field errors or the value to store. */
export function parseSettingsForm(form: SettingsInput): { errors: Record<string, string> } | { value: WidgetSettingsValue } {
  const errors: Record<string, string> = {};
  const threshold = Number(form.threshold);
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > 1000) errors.threshold = "Enter a whole number from 1 to 1000.";
  const limit = Number(form.alternativesLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 8) errors.alternativesLimit = "Choose from 1 to 8.";
  const style = form.style ?? "inline";
  if (!["inline", "badge", "bar"].includes(style)) errors.style = "Unknown style.";
  const messages: Partial<Record<StockState, string>> = {};
  for (const s of STOCK_STATES) {
    const m = (form[`msg_${s}`] ?? "").trim();
    if (m.length > 200) errors[`msg_${s}`] = "At most 200 characters.";
    if (m) messages[s] = m;
  }
  const rules = parseRules(form.rules ?? "") as AlternativeRule[];
  if (Object.keys(errors).length) return { errors };
  return {
    value: {
      threshold,
      showCount: form.showCount === "true" || form.showCount === "on",
      style: style as WidgetSettingsValue["style"],
      messages,
      alternativesEnabled: form.alternativesEnabled === "true" || form.alternativesEnabled === "on",
      alternativesLimit: limit,
      rules: ALL_RULES.filter((r) => rules.includes(r)),
    },
  };
}

export async function saveWidgetSettings(shop: string, v: WidgetSettingsValue): Promise<void> {
  const data = {
    threshold: v.threshold,
    showCount: v.showCount,
    style: v.style,
    messages: JSON.stringify(v.messages),
    alternativesEnabled: v.alternativesEnabled,
    alternativesLimit: v.alternativesLimit,
    rules: v.rules.join(","),
  };
  await prisma.widgetSettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
  invalidateStorefrontCache(shop);
}

export async function addPick(shop: string, productId: string, altProductId: string): Promise<string | null> {
  if (!productId || !altProductId) return "Choose a product and an alternative.";
  if (productId === altProductId) return "A product cannot be its own alternative.";
  const found = await prisma.catalogProduct.count({ where: { shop, productId: { in: [productId, altProductId] } } });
  if (found !== 2) return "Unknown product.";
  const last = await prisma.widgetAlternativePick.findFirst({ where: { shop, productId }, orderBy: { position: "desc" } });
  await prisma.widgetAlternativePick.upsert({
    where: { shop_productId_altProductId: { shop, productId, altProductId } },
    create: { shop, productId, altProductId, position: (last?.position ?? -1) + 1 },
    update: {},
  });
  invalidateStorefrontCache(shop);
  return null;
}

export async function removePick(shop: string, productId: string, altProductId: string): Promise<void> {
  await prisma.widgetAlternativePick.deleteMany({ where: { shop, productId, altProductId } });
  invalidateStorefrontCache(shop);
}

/** The theme editor deep link that adds the app block to the product template's main section. */
export function themeEditorLink(shop: string, apiKey: string): string {
  return `https://${shop}/admin/themes/current/editor?template=product&addAppBlockId=${encodeURIComponent(apiKey)}/stock&target=mainSection`;
}
