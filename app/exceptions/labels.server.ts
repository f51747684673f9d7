// Names instead of ids for the admin pages: a SKU's product and variant title from the shop's
// catalog, a group member's location as its store and location name.
import prisma from "../db.server";

/** sku → "Product · Variant" (the variant title is left out when it is Shopify's "Default Title"). */
export async function productLabels(shop: string, skus: (string | null)[]): Promise<Record<string, string>> {
  const wanted = [...new Set(skus.filter((s): s is string => !!s))];
  if (wanted.length === 0) return {};
  const variants = await prisma.catalogVariant.findMany({ where: { shop, sku: { in: wanted } }, select: { sku: true, productId: true, title: true } });
  const products = await prisma.catalogProduct.findMany({ where: { shop, productId: { in: [...new Set(variants.map((v) => v.productId))] } }, select: { productId: true, title: true } });
  const titles = new Map(products.map((p) => [p.productId, p.title]));
  const out: Record<string, string> = {};
  for (const v of variants) {
    if (!v.sku || out[v.sku]) continue;
    const product = titles.get(v.productId);
    const variant = v.title && v.title !== "Default Title" ? v.title : "";
    out[v.sku] = [product, variant].filter(Boolean).join(" · ") || v.sku;
  }
  return out;
}

/** `${groupId}|${locationId}` → "store (Location name)" for the members of those groups. */
export async function locationLabels(pairs: { groupId: string | null; locationId: string | null }[]): Promise<Record<string, string>> {
  const groupIds = [...new Set(pairs.map((p) => p.groupId).filter((g): g is string => !!g))];
  if (groupIds.length === 0) return {};
  const members = await prisma.syncMember.findMany({ where: { groupId: { in: groupIds } }, select: { groupId: true, shop: true, locationId: true, locationName: true } });
  const out: Record<string, string> = {};
  for (const m of members) out[`${m.groupId}|${m.locationId}`] = `${m.shop.replace(".myshopify.com", "")} (${m.locationName ?? "location not named yet"})`;
  return out;
}

export const locationKey = (groupId: string | null, locationId: string | null) => `${groupId}|${locationId}`;
