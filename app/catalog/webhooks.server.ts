import prisma from "../db.server";
import { gid } from "../gid";
import type { TopicEvent } from "../webhooks/topic-event";

interface ProductPayload {
  id: number;
  admin_graphql_api_id?: string;
  title: string;
  handle: string;
  vendor?: string | null;
  product_type?: string | null;
  tags?: string | null;
  status?: string | null;
  image?: { src?: string } | null;
  images?: Array<{ src?: string }>;
  variants?: Array<{
    id: number;
    admin_graphql_api_id?: string;
    title: string;
    sku?: string | null;
    barcode?: string | null;
    price?: string | null;
    inventory_policy?: string | null;
    inventory_item_id?: number | null;
    inventory_management?: string | null;
  }>;
}

/** Keeps the catalog read model (used by the widget, alternatives and SKU matching) current. */
export async function upsertProductFromWebhook(shop: string, p: ProductPayload): Promise<void> {
  const productId = p.admin_graphql_api_id ?? gid("Product", p.id);
  const fields = {
    title: p.title,
    handle: p.handle,
    vendor: p.vendor ?? "",
    productType: p.product_type ?? "",
    tags: p.tags ?? "",
    status: (p.status ?? "active").toUpperCase(),
    imageUrl: p.image?.src ?? p.images?.[0]?.src ?? null,
  };
  const variants = p.variants ?? [];
  await prisma.$transaction([
    prisma.catalogProduct.upsert({
      where: { shop_productId: { shop, productId } },
      create: { shop, productId, ...fields },
      update: fields,
    }),
    prisma.catalogVariant.deleteMany({
      where: { shop, productId, variantId: { notIn: variants.map((v) => v.admin_graphql_api_id ?? gid("ProductVariant", v.id)) } },
    }),
    ...variants.map((v) => {
      const variantId = v.admin_graphql_api_id ?? gid("ProductVariant", v.id);
      const data = {
        productId,
        title: v.title,
        sku: v.sku || null,
        barcode: v.barcode || null,
        price: v.price ?? "0.00",
        inventoryPolicy: (v.inventory_policy ?? "deny").toUpperCase(),
        ...(v.inventory_item_id ? { inventoryItemId: gid("InventoryItem", v.inventory_item_id) } : {}),
        ...(v.inventory_management !== undefined ? { tracked: v.inventory_management === "shopify" } : {}),
      };
      return prisma.catalogVariant.upsert({
        where: { shop_variantId: { shop, variantId } },
        create: { shop, variantId, ...data },
        update: data,
      });
    }),
  ]);
}

export const onProductUpdate = ({ shop, payload }: TopicEvent<ProductPayload>) => upsertProductFromWebhook(shop, payload);

export async function onProductDelete({ shop, payload }: TopicEvent<{ id: number }>) {
  const productId = gid("Product", payload.id);
  await prisma.$transaction([
    prisma.catalogVariant.deleteMany({ where: { shop, productId } }),
    prisma.catalogProduct.deleteMany({ where: { shop, productId } }),
  ]);
}
