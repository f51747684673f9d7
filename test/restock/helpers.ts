// Catalog rows and ledger levels as the webhooks would have written them, for back-in-stock tests.
import prisma from "../../app/db.server";
import type { JobQueue, JobSpec } from "../../app/queue/types";

export const SHOP = "north-shop.myshopify.com";

export async function seedShop(shop = SHOP, name = "North Shop") {
  await prisma.shop.upsert({ where: { domain: shop }, create: { domain: shop, name, currencyCode: "USD" }, update: { uninstalledAt: null } });
}

let nextId = 100;
export async function seedProduct(opts: { shop?: string; title: string; vendor?: string; available: number; price?: string; sku?: string }) {
  const shop = opts.shop ?? SHOP;
  const n = nextId++;
  const productId = `gid://shopify/Product/${n}`;
  const variantId = `gid://shopify/ProductVariant/${n}1`;
  const inventoryItemId = `gid://shopify/InventoryItem/${n}1`;
  await prisma.catalogProduct.create({
    data: { shop, productId, title: opts.title, handle: opts.title.toLowerCase().replace(/\W+/g, "-"), vendor: opts.vendor ?? "Acme", imageUrl: `https://cdn.shopify.com/s/files/${n}.jpg` },
  });
  await prisma.catalogVariant.create({ data: { shop, variantId, productId, inventoryItemId, title: "Default Title", sku: opts.sku ?? `SKU-${n}`, price: opts.price ?? "20.00" } });
  await setLevel(shop, inventoryItemId, opts.available);
  return { productId, variantId, inventoryItemId, numericVariant: `${n}1`, numericItem: Number(`${n}1`) };
}

export async function setLevel(shop: string, inventoryItemId: string, available: number) {
  const locationId = "gid://shopify/Location/1";
  await prisma.inventoryLevel.upsert({
    where: { shop_inventoryItemId_locationId: { shop, inventoryItemId, locationId } },
    create: { shop, inventoryItemId, locationId, available, seenAt: new Date() },
    update: { available, seenAt: new Date() },
  });
}

/** A queue that only records what was enqueued (the tests run the batches themselves). */
export function recordingQueue(): JobQueue & { jobs: JobSpec[] } {
  const jobs: JobSpec[] = [];
  return {
    jobs,
    async enqueue(spec) {
      jobs.push(spec);
    },
    async schedule() {},
    async cancelShopJobs() {
      return 0;
    },
  };
}
