import type { ImportRun } from "@prisma/client";
import prisma from "../db.server";
import { log } from "../log.server";
import { resolveShopifyUrl, seamFetch } from "../standin-seam.server";
import { syncClient } from "../sync/admin-ops.server";
import type { SyncBulkRunMutation, SyncBulkRunMutationVariables } from "../types/admin.generated";
import { onTopic } from "../webhooks/handlers.server";
import { bulkInsert } from "./bulk-insert.server";

export const BULK_RUN = `#graphql
  mutation SyncBulkRun($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation { id status createdAt }
      userErrors { field message code }
    }
  }
`;

/** The bulk query: every variant with its product and its inventory levels (JSONL, `__parentId`). */
export const CATALOG_LEVELS_BULK_QUERY = `{
  productVariants {
    edges {
      node {
        id
        sku
        barcode
        title
        price
        inventoryPolicy
        product { id title handle vendor productType status }
        inventoryItem {
          id
          tracked
          inventoryLevels {
            edges {
              node {
                id
                location { id }
                quantities(names: ["available", "on_hand", "committed"]) { name quantity }
              }
            }
          }
        }
      }
    }
  }
}`;

/** Starts a bulk read of a shop's catalog and levels; the finish webhook streams it in. */
export async function startBulkLevelsRun(shop: string, opts: { purpose?: "import" | "reconcile"; groupId?: string } = {}): Promise<ImportRun> {
  const run = await prisma.importRun.create({ data: { shop, purpose: opts.purpose ?? "import", groupId: opts.groupId ?? null, status: "created" } });
  const vars: SyncBulkRunMutationVariables = { query: CATALOG_LEVELS_BULK_QUERY };
  const { data } = await syncClient(shop).request<SyncBulkRunMutation>(BULK_RUN, vars);
  const r = data.bulkOperationRunQuery;
  if (!r?.bulkOperation || r.userErrors.length) {
    const error = r?.userErrors.map((e) => e.message).join("; ") || "bulk operation not started";
    return prisma.importRun.update({ where: { id: run.id }, data: { status: "failed", error, finishedAt: new Date() } });
  }
  return prisma.importRun.update({ where: { id: run.id }, data: { status: "running", bulkOperationId: r.bulkOperation.id, startedAt: new Date(r.bulkOperation.createdAt) } });
}

export async function latestImport(shop: string) {
  return prisma.importRun.findFirst({ where: { shop }, orderBy: { startedAt: "desc" } });
}

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
 * Streams a bulk result (JSONL) line by line into the catalog and the ledger, in chunks, never
 * holding the file: memory stays flat whatever the catalog size. Levels newer in the ledger
 * (a webhook after the bulk operation started) are kept.
 */
export async function ingestJsonl(
  run: Pick<ImportRun, "id" | "shop" | "purpose" | "groupId">,
  lines: AsyncIterable<string>,
  window: { from: Date; until: Date },
): Promise<{ variants: number; levels: number }> {
  const shop = run.shop;
  const itemOfVariant = new Map<string, string>();
  let variants: VariantLine[] = [];
  let levels: { itemId: string; line: LevelLine }[] = [];
  let totals = { variants: 0, levels: 0 };
  const reconcile = run.purpose === "reconcile" && run.groupId ? await reconcileTarget(run.groupId, shop) : null;
  const reconcileLevels = new Map<string, number | null>();

  // A first import (no catalog or ledger rows yet) only inserts: no lookups, no deletes.
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
    if (run.purpose === "import") await writeChunk(shop, vs, ls, window.from, fresh ? seenProducts : null);
    else if (reconcile) for (const l of ls) if (l.line.location.id === reconcile.locationId) reconcileLevels.set(l.itemId, qty(l.line, "available"));
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
  if (reconcile) {
    const { recordReconcileReads } = await import("../sync/reconcile.server");
    await recordReconcileReads(run.groupId!, { shop, levels: reconcileLevels, from: window.from, until: window.until, source: `reconcile:bulk:${run.id}` });
  }
  return totals;
}

async function reconcileTarget(groupId: string, shop: string) {
  return prisma.syncMember.findUnique({ where: { groupId_shop: { groupId, shop } } });
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

/**
 * Lines of a remote JSONL file, streamed with backpressure: the next chunk is read only when
 * the consumer asks for more lines (readline's async iterator would queue lines unboundedly
 * while the database writes a chunk).
 */
export async function* fetchLines(url: string, fetchImpl: typeof fetch = seamFetch(globalThis.fetch)): AsyncIterable<string> {
  const res = await fetchImpl(resolveShopifyUrl(url));
  if (!res.ok || !res.body) throw new Error(`bulk file answered HTTP ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let rest = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    rest += decoder.decode(value, { stream: true });
    let nl = rest.indexOf("\n");
    let start = 0;
    while (nl !== -1) {
      yield rest.slice(start, nl).replace(/\r$/, "");
      start = nl + 1;
      nl = rest.indexOf("\n", start);
    }
    rest = rest.slice(start);
  }
  rest += decoder.decode();
  if (rest) yield rest;
}

interface BulkFinishPayload {
  admin_graphql_api_id: string;
  completed_at?: string | null;
  created_at?: string;
  error_code?: string | null;
  status: string;
  type?: string;
}

export const bulkImportConfig: { fetch?: typeof fetch; fileUrl?: (shop: string, id: string) => Promise<string | null> } = {};

/** bulk_operations/finish: stream the finished operation's file into the run it belongs to. */
export async function handleBulkFinish(shop: string, p: BulkFinishPayload): Promise<void> {
  const run = await prisma.importRun.findFirst({ where: { shop, bulkOperationId: p.admin_graphql_api_id } });
  if (!run || run.status === "completed") return;
  if (p.status.toLowerCase() !== "completed") {
    await prisma.importRun.update({ where: { id: run.id }, data: { status: "failed", error: p.error_code ?? p.status, finishedAt: new Date() } });
    return;
  }
  const url = await bulkFileUrl(shop, p.admin_graphql_api_id);
  const until = p.completed_at ? new Date(p.completed_at) : new Date();
  let totals = { variants: 0, levels: 0 };
  if (url) totals = await ingestJsonl(run, fetchLines(url, bulkImportConfig.fetch), { from: run.startedAt, until });
  await prisma.importRun.update({ where: { id: run.id }, data: { status: "completed", ...totals, finishedAt: new Date() } });
  log("info", "bulk run completed", { shop, purpose: run.purpose, ...totals });
  if (run.purpose === "import") {
    const { linkShopAfterImport } = await import("../sync/groups.server");
    await linkShopAfterImport(shop);
  }
}

const BULK_STATUS = `#graphql
  query SyncBulkStatus($id: ID!) {
    node(id: $id) { ... on BulkOperation { id status url objectCount completedAt } }
  }
`;

async function bulkFileUrl(shop: string, id: string): Promise<string | null> {
  if (bulkImportConfig.fileUrl) return bulkImportConfig.fileUrl(shop, id);
  const { data } = await syncClient(shop).request<import("../types/admin.generated").SyncBulkStatusQuery>(BULK_STATUS, { id });
  const node = data.node as { url?: string | null } | null;
  return node?.url ?? null;
}

onTopic<BulkFinishPayload>("bulk_operations/finish", ({ shop, payload }) => handleBulkFinish(shop, payload));
