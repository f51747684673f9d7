// What back-in-stock needs to know about a variant in one shop, from the app's own tables
// (catalog rows and the inventory ledger the webhooks keep): no Admin API call.
import prisma from "../db.server";
import { numericId } from "../gid";
import { resolveShopifyUrl } from "../standin-seam.server";

export interface VariantInfo {
  shop: string;
  variantId: string;
  productId: string;
  productTitle: string;
  variantTitle: string;
  handle: string;
  imageUrl: string | null;
  price: string;
  /** Tracked with DENY policy: only then can it sell out. */
  sellsOut: boolean;
  /** Units the shop can sell now (sum of `available` over its locations). */
  sellable: number;
}

export async function variantInfo(shop: string, variantId: string): Promise<VariantInfo | null> {
  const v = await prisma.catalogVariant.findUnique({ where: { shop_variantId: { shop, variantId } } });
  if (!v) return null;
  const p = await prisma.catalogProduct.findUnique({ where: { shop_productId: { shop, productId: v.productId } } });
  if (!p) return null;
  return {
    shop,
    variantId,
    productId: v.productId,
    productTitle: p.title,
    variantTitle: v.title,
    handle: p.handle,
    imageUrl: p.imageUrl,
    price: v.price,
    sellsOut: v.tracked && v.inventoryPolicy !== "CONTINUE",
    sellable: await sellableOf(shop, v.inventoryItemId),
  };
}

export async function sellableOf(shop: string, inventoryItemId: string | null): Promise<number> {
  if (!inventoryItemId) return 0;
  const agg = await prisma.inventoryLevel.aggregate({ where: { shop, inventoryItemId }, _sum: { available: true } });
  return agg._sum.available ?? 0;
}

/** The storefront URL of a path on the shop (through the dev seam when it is on). */
export function storefrontUrl(shop: string, path: string): string {
  return resolveShopifyUrl(`https://${shop}${path}`);
}

export function variantUrl(v: Pick<VariantInfo, "shop" | "handle" | "variantId">): string {
  return storefrontUrl(v.shop, `/products/${encodeURIComponent(v.handle)}?variant=${numericId(v.variantId)}`);
}

export function appUrl(path: string): string {
  return `${(process.env.SHOPIFY_APP_URL ?? "").replace(/\/$/, "")}${path}`;
}
