// Streams a bulk result (JSONL) into the catalog and the ledger, in chunks, never holding the
// file: memory stays flat whatever the catalog size.
import type { ImportRun } from "@prisma/client";
import prisma from "../db.server";
import { bulkInsert } from "./bulk-insert.server";

interface VariantLine {
  id: string;
  sku: string | null;
  barcode: string | null;
  title: string;
  price?: string;
  inventoryPolicy?: string;
  product?: { id: string; title: string; handle: string; vendor?: string; productType?: string; status?: string };
  inventoryItem?: { id: string; tracked: boolean } | null;
}
interface LevelLine {
  id: string;
  location: { id: string };
  quantities: { name: string; quantity: number }[];
  __parentId: string;
}

const CHUNK = 2_000;

/**
 * Levels newer in the ledger (a webhook after the bulk operation started) are kept; the rest are
 * stamped with the operation's start. A first import (no catalog or ledger rows yet) only inserts.
 */
export async function ingestJsonl(run: Pick<ImportRun, "id" | "shop" | "purpose">, lines: AsyncIterable<string>, window: { from: Date; until: Date }): Promise<{ variants: number; levels: number }> {
  const shop = run.shop;
  const itemOfVariant = new Map<string, string>();
  let variants: VariantLine[] = [];
  let levels: { itemId: string; line: LevelLine }[] = [];
  let totals = { variants: 0, levels: 0 };
  const fresh =
    run.purpose === "import" &&
    !(await prisma.catalogVariant.findFirst({ where: { shop }, select: { variantId: true } })) &&
    !(await prisma.inventoryLevel.findFirst({ where: { shop }, select: { inventoryItemId: true } })) &&
    !(await prisma.catalogProduct.findFirst({ where: { shop }, select: { productId: true } }));
  const seenProducts = new Set<string>();

  const flush = async () => {
    if (!variants.length && !levels.length) return;
    const vs = variants;
    const ls = levels;
    variants = [];
    levels = [];
    await writeChunk(shop, vs, ls, window.from, fresh ? seenProducts : null);
    totals = { variants: totals.variants + vs.length, levels: totals.levels + ls.length };
    await prisma.importRun.update({ where: { id: run.id }, data: { variants: totals.variants, levels: totals.levels } });
  };

  for await (const raw of lines) {
    if (!raw) continue;
    const o = JSON.parse(raw) as VariantLine | LevelLine;
    if ("__parentId" in o) {
      const itemId = itemOfVariant.get(o.__parentId);
      if (itemId) levels.push({ itemId, line: o });
    } else {
      // Flush only before a new variant, so a variant's levels are never split across chunks.
      if (variants.length + levels.length >= CHUNK) await flush();
      const v = o as VariantLine;
      if (v.inventoryItem?.id) itemOfVariant.set(v.id, v.inventoryItem.id);
      variants.push(v);
    }
  }
  await flush();
  return totals;
}

function qty(l: LevelLine, name: string): number | null {
  return l.quantities.find((q) => q.name === name)?.quantity ?? null;
}

async function writeChunk(shop: string, vs: VariantLine[], ls: { itemId: string; line: LevelLine }[], seenAt: Date, freshProducts: Set<string> | null) {
  const products = new Map<string, NonNullable<VariantLine["product"]>>();
  for (const v of vs) if (v.product && !freshProducts?.has(v.product.id)) products.set(v.product.id, v.product);
  if (freshProducts) return writeFreshChunk(shop, vs, ls, seenAt, products, freshProducts);
  const levelKeys = ls.map((l) => ({ inventoryItemId: l.itemId, locationId: l.line.location.id }));
  // Ledger rows a webhook already moved past the bulk operation's start are kept.
  const newer = levelKeys.length
    ? await prisma.inventoryLevel.findMany({
        where: { shop, inventoryItemId: { in: [...new Set(levelKeys.map((k) => k.inventoryItemId))] }, seenAt: { gt: seenAt } },
        select: { inventoryItemId: true, locationId: true },
      })
    : [];
  const keep = new Set(newer.map((n) => `${n.inventoryItemId}|${n.locationId}`));
  const levelRows = ls
    .filter((l) => !keep.has(`${l.itemId}|${l.line.location.id}`))
    .map((l) => ({
      shop,
      inventoryItemId: l.itemId,
      locationId: l.line.location.id,
      available: qty(l.line, "available") ?? 0,
      onHand: qty(l.line, "on_hand"),
      committed: qty(l.line, "committed"),
      seenAt,
    }));
  await prisma.$transaction([
    prisma.catalogProduct.deleteMany({ where: { shop, productId: { in: [...products.keys()] } } }),
    prisma.catalogProduct.createMany({
      data: [...products.values()].map((p) => ({
        shop,
        productId: p.id,
        title: p.title,
        handle: p.handle,
        vendor: p.vendor ?? "",
        productType: p.productType ?? "",
        status: p.status ?? "ACTIVE",
      })),
    }),
    prisma.catalogVariant.deleteMany({ where: { shop, variantId: { in: vs.map((v) => v.id) } } }),
    prisma.catalogVariant.createMany({
      data: vs.map((v) => ({
        shop,
        variantId: v.id,
        productId: v.product?.id ?? "",
        inventoryItemId: v.inventoryItem?.id ?? null,
        title: v.title,
        sku: v.sku || null,
        barcode: v.barcode || null,
        price: v.price ?? "0.00",
        inventoryPolicy: v.inventoryPolicy ?? "DENY",
        tracked: v.inventoryItem?.tracked ?? true,
      })),
    }),
    // Rows older than the bulk operation's start are replaced; newer ones (a webhook) stay.
    ...chunked([...new Set(levelRows.map((r) => r.inventoryItemId))], 500).map((items) =>
      prisma.inventoryLevel.deleteMany({ where: { shop, inventoryItemId: { in: items }, seenAt: { lte: seenAt } } }),
    ),
    prisma.inventoryLevel.createMany({ data: levelRows }),
  ]);
}

function variantRow(shop: string, v: VariantLine) {
  return {
    shop,
    variantId: v.id,
    productId: v.product?.id ?? "",
    inventoryItemId: v.inventoryItem?.id ?? null,
    title: v.title,
    sku: v.sku || null,
    barcode: v.barcode || null,
    price: v.price ?? "0.00",
    inventoryPolicy: v.inventoryPolicy ?? "DENY",
    tracked: v.inventoryItem?.tracked ?? true,
  };
}

async function writeFreshChunk(
  shop: string,
  vs: VariantLine[],
  ls: { itemId: string; line: LevelLine }[],
  seenAt: Date,
  products: Map<string, NonNullable<VariantLine["product"]>>,
  seen: Set<string>,
) {
  for (const id of products.keys()) seen.add(id);
  const now = new Date();
  await bulkInsert(
    "CatalogProduct",
    ["shop", "productId", "title", "handle", "vendor", "productType", "status", "updatedAt"],
    [...products.values()].map((p) => [shop, p.id, p.title, p.handle, p.vendor ?? "", p.productType ?? "", p.status ?? "ACTIVE", now]),
  );
  await bulkInsert(
    "CatalogVariant",
    ["shop", "variantId", "productId", "inventoryItemId", "title", "sku", "barcode", "price", "inventoryPolicy", "tracked", "updatedAt"],
    vs.map((v) => {
      const r = variantRow(shop, v);
      return [r.shop, r.variantId, r.productId, r.inventoryItemId, r.title, r.sku, r.barcode, r.price, r.inventoryPolicy, r.tracked, now];
    }),
  );
  await bulkInsert(
    "InventoryLevel",
    ["shop", "inventoryItemId", "locationId", "available", "onHand", "committed", "seenAt", "version", "updatedAt"],
    ls.map((l) => [shop, l.itemId, l.line.location.id, qty(l.line, "available") ?? 0, qty(l.line, "on_hand"), qty(l.line, "committed"), seenAt, 0, now]),
  );
}

function chunked<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

