// Sold-out automation (shop setting, off by default): when every variant of a product is sold out
// across the group, unpublish it from the Online Store (publishableUnpublish) or tag it; when
// stock returns, republish or untag it. A product the merchant published, unpublished, tagged or
// untagged by hand after our change is left alone (state "manual") until it has stock again.
// Every step leaves a line in SoldOutActivity.
import prisma from "../db.server";
import { log } from "../log.server";
import { queue } from "../queue/index.server";
import type { JobQueue } from "../queue/types";
import { loadRestockSettings } from "./settings.server";

export const SOLD_OUT_JOB = "restock.soldout";

export const ONLINE_STORE_PUBLICATION = `#graphql
  query RestockPublications {
    publications(first: 25, catalogType: APP) {
      nodes { id catalog { title } }
    }
  }
`;

export const PRODUCT_PUBLICATION = `#graphql
  query RestockProductPublication($id: ID!, $publicationId: ID!) {
    product(id: $id) { id title tags publishedOnPublication(publicationId: $publicationId) }
  }
`;

export const UNPUBLISH = `#graphql
  mutation RestockUnpublish($id: ID!, $publicationId: ID!) {
    publishableUnpublish(id: $id, input: [{ publicationId: $publicationId }]) {
      userErrors { field message }
    }
  }
`;

export const PUBLISH = `#graphql
  mutation RestockPublish($id: ID!, $publicationId: ID!) {
    publishablePublish(id: $id, input: [{ publicationId: $publicationId }]) {
      userErrors { field message }
    }
  }
`;

export const TAGS_ADD = `#graphql
  mutation RestockTagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) { userErrors { field message } }
  }
`;

export const TAGS_REMOVE = `#graphql
  mutation RestockTagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) { userErrors { field message } }
  }
`;

export interface AdminLike {
  request<T = any>(document: string, variables?: Record<string, unknown>): Promise<{ data: T }>;
}

export async function enqueueSoldOutCheck(shop: string, productId: string, q: JobQueue = queue): Promise<void> {
  // One pending check per product is enough: it reads the state when it runs.
  await q.enqueue({ name: SOLD_OUT_JOB, shop, payload: { productId }, orderingKey: `soldout|${shop}|${productId}`, dedupeKey: `soldout|${shop}|${productId}|${Math.floor(Date.now() / 1000)}` });
}

/**
 * Sold out across the group: every variant is tracked, cannot be oversold, has no units in this
 * shop, and — when its SKU is in one of the shop's sync groups — the group's pool is empty too.
 */
export async function productSoldOut(shop: string, productId: string): Promise<boolean> {
  const variants = await prisma.catalogVariant.findMany({ where: { shop, productId } });
  if (!variants.length) return false;
  if (variants.some((v) => !v.tracked || v.inventoryPolicy === "CONTINUE" || !v.inventoryItemId)) return false;
  const levels = await prisma.inventoryLevel.groupBy({
    by: ["inventoryItemId"],
    where: { shop, inventoryItemId: { in: variants.map((v) => v.inventoryItemId!) } },
    _sum: { available: true },
  });
  if (levels.some((l) => (l._sum.available ?? 0) > 0)) return false;
  const skus = variants.map((v) => v.sku).filter((s): s is string => !!s);
  if (skus.length) {
    const members = await prisma.syncMember.findMany({ where: { shop, status: "active" }, select: { groupId: true } });
    if (members.length) {
      const pooled = await prisma.syncItem.count({ where: { groupId: { in: members.map((m) => m.groupId) }, sku: { in: skus }, pool: { gt: 0 } } });
      if (pooled > 0) return false;
    }
  }
  return true;
}

async function trail(shop: string, productId: string, title: string, action: string, detail = ""): Promise<void> {
  await prisma.soldOutActivity.create({ data: { shop, productId, title, action, detail } });
}

function userErrors(data: Record<string, { userErrors?: Array<{ message: string }> } | null>): string | null {
  const errs = Object.values(data).flatMap((v) => v?.userErrors ?? []);
  return errs.length ? errs.map((e) => e.message).join("; ") : null;
}

async function onlineStoreId(admin: AdminLike): Promise<string | null> {
  const { data } = await admin.request<{ publications: { nodes: Array<{ id: string; catalog: { title: string } | null }> } }>(ONLINE_STORE_PUBLICATION);
  return data.publications.nodes.find((p) => p.catalog?.title === "Online Store")?.id ?? null;
}

/** The SOLD_OUT_JOB handler: brings one product in line with its stock. */
export async function applySoldOutRule(shop: string, productId: string, admin: AdminLike): Promise<string> {
  const settings = await loadRestockSettings(shop);
  const row = await prisma.soldOutProduct.findUnique({ where: { shop_productId: { shop, productId } } });
  if (settings.soldOutAction === "off" && !row) return "off";
  const soldOut = await productSoldOut(shop, productId);
  const action = row?.action === "tagged" ? "tag" : row?.action === "unpublished" ? "unpublish" : settings.soldOutAction;
  if (action === "off") return "off";

  const publicationId = action === "unpublish" ? (row?.publicationId ?? (await onlineStoreId(admin))) : null;
  if (action === "unpublish" && !publicationId) {
    log("warn", "sold-out automation: no Online Store publication", { shop });
    return "no_publication";
  }
  const { data } = await admin.request<{ product: { id: string; title: string; tags: string[]; publishedOnPublication: boolean } | null }>(PRODUCT_PUBLICATION, {
    id: productId,
    publicationId: publicationId ?? "gid://shopify/Publication/0",
  });
  const product = data.product;
  if (!product) return "gone";
  const tag = settings.soldOutTag;
  const visibleNow = action === "unpublish" ? product.publishedOnPublication : !product.tags.some((t) => t.toLowerCase() === tag.toLowerCase());
  const key = { shop_productId: { shop, productId } };

  if (soldOut) {
    if (row?.state === "manual") return "manual";
    if (row?.state === "applied") {
      if (visibleNow) {
        // We hid it; it is visible again while still sold out: the merchant did that. Hands off.
        await prisma.soldOutProduct.update({ where: key, data: { state: "manual" } });
        await trail(shop, productId, product.title, "left_alone", action === "unpublish" ? "published by hand while sold out" : "tag removed by hand while sold out");
        return "manual";
      }
      return "unchanged";
    }
    if (!visibleNow) return "already_hidden"; // hidden by the merchant, not by us: not ours to undo
    if (settings.soldOutAction === "off") return "off";
    const res = action === "unpublish" ? await admin.request(UNPUBLISH, { id: productId, publicationId }) : await admin.request(TAGS_ADD, { id: productId, tags: [tag] });
    const err = userErrors(res.data);
    if (err) {
      await trail(shop, productId, product.title, "failed", err);
      return "failed";
    }
    const data = { action: action === "unpublish" ? "unpublished" : "tagged", publicationId, state: "applied", appliedAt: new Date() };
    await prisma.soldOutProduct.upsert({ where: key, create: { shop, productId, ...data }, update: data });
    await trail(shop, productId, product.title, action === "unpublish" ? "unpublished" : "tagged", action === "unpublish" ? "sold out in every store of the group" : `tag "${tag}" added: sold out`);
    return action === "unpublish" ? "unpublished" : "tagged";
  }

  // In stock.
  if (!row || row.state === "reverted") return "in_stock";
  if (row.state === "manual") {
    await prisma.soldOutProduct.update({ where: key, data: { state: "reverted" } });
    await trail(shop, productId, product.title, "released", "back in stock; the merchant's own change was kept");
    return "released";
  }
  if (visibleNow) {
    await prisma.soldOutProduct.update({ where: key, data: { state: "reverted" } });
    await trail(shop, productId, product.title, "left_alone", "already visible again (changed by hand)");
    return "manual";
  }
  const res = row.action === "unpublished" ? await admin.request(PUBLISH, { id: productId, publicationId }) : await admin.request(TAGS_REMOVE, { id: productId, tags: [tag] });
  const err = userErrors(res.data);
  if (err) {
    await trail(shop, productId, product.title, "failed", err);
    return "failed";
  }
  await prisma.soldOutProduct.update({ where: key, data: { state: "reverted" } });
  await trail(shop, productId, product.title, row.action === "unpublished" ? "republished" : "untagged", "stock returned");
  return row.action === "unpublished" ? "republished" : "untagged";
}
