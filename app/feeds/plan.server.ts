// A run's dry run: stream the rows, resolve each SKU (or barcode) against the catalog and the
// ledger (or the sync group's pool), write the planned changes ahead (FeedRunItem, batches of
// 250), summarize them, and decide: duplicate, held by the circuit breaker, waiting for review,
// or applying.
import type { Feed, FeedRun } from "@prisma/client";
import prisma from "../db.server";
import { openException } from "../sync/exceptions.server";
import { BATCH_SIZE, readLevels } from "./admin-ops.server";
import { FeedMapping, type RunSummary } from "./config";
import { FEED_APPLY_JOB, type FeedDeps } from "./deps";
import { parseFeed, type ParsedRow } from "./parse.server";

const CHUNK = 500;
const TOP = 10;

export type RunTrigger = "poll" | "upload" | "push" | "buffer";

export interface StartRunInput {
  feed: Feed;
  trigger: RunTrigger;
  body: AsyncIterable<Uint8Array | string>;
  etag?: string | null;
  lastModified?: string | null;
}

interface Planned {
  /** false: the SKU is in the feed and already right (kept for the stale-feed buffer) */
  write: boolean;
  sku: string;
  inventoryItemId: string | null;
  locationId: string | null;
  before: number | null;
  after: number;
  line: number;
}

function emptySummary(): RunSummary {
  return { rows: 0, known: 0, changed: 0, unchanged: 0, zeroed: 0, increases: [], decreases: [], unknown: [], unknownCount: 0, errors: [], errorCount: 0, held: [] };
}

function keepTop(list: RunSummary["increases"], entry: RunSummary["increases"][number]) {
  list.push(entry);
  const size = (e: typeof entry) => Math.abs(e.after - (e.before ?? 0));
  list.sort((a, b) => size(b) - size(a));
  if (list.length > TOP) list.length = TOP;
}

/** Buffer amounts still held back by a stale-feed buffer run (sku → units taken). */
async function bufferTaken(feed: Feed): Promise<Map<string, number>> {
  if (!feed.bufferRunId || feed.mode !== "delta") return new Map();
  const items = await prisma.feedRunItem.findMany({ where: { runId: feed.bufferRunId, state: "written" }, select: { sku: true, before: true, after: true } });
  return new Map(items.map((i) => [i.sku, (i.before ?? 0) - i.after]));
}

/** Resolves one chunk of rows to planned writes (before → after). */
async function resolveChunk(deps: FeedDeps, feed: Feed, rows: (ParsedRow & { ok: true })[], summary: RunSummary, taken: Map<string, number>): Promise<Planned[]> {
  const mapping = FeedMapping.parse(JSON.parse(feed.mapping));
  const keys = rows.map((r) => r.key);
  const planned: Planned[] = [];
  const plan = (row: (typeof rows)[number], sku: string, itemId: string | null, locationId: string | null, before: number | null) => {
    const base = before ?? 0;
    const after = Math.max(0, feed.mode === "set" ? row.quantity : base + row.quantity + (taken.get(sku) ?? 0));
    summary.known++;
    if (before === after) {
      summary.unchanged++;
      return void planned.push({ write: false, sku, inventoryItemId: itemId, locationId, before, after, line: row.line });
    }
    summary.changed++;
    if (after === 0 && base > 0) summary.zeroed++;
    keepTop(after > base ? summary.increases : summary.decreases, { sku, before, after });
    planned.push({ write: true, sku, inventoryItemId: itemId, locationId, before, after, line: row.line });
  };
  const unknown = (row: (typeof rows)[number]) => {
    summary.unknownCount++;
    if (summary.unknown.length < 50) summary.unknown.push({ sku: row.key, line: row.line });
  };

  if (feed.target === "pool") {
    const items = await prisma.syncItem.findMany({ where: { groupId: feed.groupId!, sku: { in: keys } }, select: { sku: true, pool: true } });
    const pool = new Map(items.map((i) => [i.sku, i.pool]));
    for (const row of rows) {
      if (pool.has(row.key)) plan(row, row.key, null, null, pool.get(row.key)!);
      else unknown(row);
    }
    return planned;
  }

  const byBarcode = Boolean(mapping.barcode);
  const variants = await prisma.catalogVariant.findMany({
    where: { shop: feed.shop, ...(byBarcode ? { barcode: { in: keys } } : { sku: { in: keys } }), inventoryItemId: { not: null } },
    select: { sku: true, barcode: true, inventoryItemId: true },
  });
  const itemOf = new Map(variants.map((v) => [(byBarcode ? v.barcode : v.sku)!, { itemId: v.inventoryItemId!, sku: v.sku ?? v.barcode! }]));
  const locationOf = (row: (typeof rows)[number]) => {
    if (!row.location) return feed.locationId!;
    return /^\d+$/.test(row.location) ? `gid://shopify/Location/${row.location}` : row.location;
  };
  const known = rows.filter((r) => itemOf.has(r.key));
  const levels = await prisma.inventoryLevel.findMany({
    where: { shop: feed.shop, inventoryItemId: { in: known.map((r) => itemOf.get(r.key)!.itemId) } },
    select: { inventoryItemId: true, locationId: true, available: true },
  });
  const level = new Map(levels.map((l) => [`${l.inventoryItemId}@${l.locationId}`, l.available]));
  // Items the ledger does not know at that location: read them once from Shopify.
  const missing = new Map<string, string[]>();
  for (const r of known) {
    const loc = locationOf(r);
    const id = itemOf.get(r.key)!.itemId;
    if (!level.has(`${id}@${loc}`)) missing.set(loc, [...(missing.get(loc) ?? []), id]);
  }
  for (const [loc, ids] of missing) {
    const read = await readLevels(deps.admin(feed.shop), loc, ids);
    for (const [id, q] of read) if (q !== null) level.set(`${id}@${loc}`, q);
  }
  for (const row of rows) {
    const v = itemOf.get(row.key);
    if (!v) {
      unknown(row);
      continue;
    }
    const loc = locationOf(row);
    const key = `${v.itemId}@${loc}`;
    if (!level.has(key)) {
      summary.errorCount++;
      if (summary.errors.length < 100) summary.errors.push({ line: row.line, reason: `${row.key} is not stocked at ${loc}` });
      continue;
    }
    plan(row, v.sku, v.itemId, loc, level.get(key)!);
  }
  return planned;
}

/** The circuit breaker's verdict: reasons to hold the run (none: it may go). */
export function breakerReasons(summary: RunSummary, feed: Pick<Feed, "zeroPct" | "changePct">): string[] {
  if (summary.known === 0) return [];
  const reasons: string[] = [];
  const zeroPct = (summary.zeroed / summary.known) * 100;
  const changePct = (summary.changed / summary.known) * 100;
  if (zeroPct > feed.zeroPct) reasons.push(`It would set ${summary.zeroed} of ${summary.known} SKUs (${zeroPct.toFixed(1)} %) to zero; the limit is ${feed.zeroPct} %.`);
  if (changePct > feed.changePct) reasons.push(`It would change ${summary.changed} of ${summary.known} SKUs (${changePct.toFixed(1)} %); the limit is ${feed.changePct} %.`);
  return reasons;
}

/**
 * Reads a delivery of the feed and plans its run. An identical body (same SHA-256 as the last
 * run that was applied or is under way) is recorded as a duplicate and changes nothing.
 */
export async function startRun(deps: FeedDeps, input: StartRunInput): Promise<FeedRun> {
  const { feed } = input;
  const mapping = FeedMapping.parse(JSON.parse(feed.mapping));
  const run = await prisma.feedRun.create({ data: { feedId: feed.id, shop: feed.shop, trigger: input.trigger, status: "parsing", etag: input.etag ?? null } });
  const summary = emptySummary();
  const taken = await bufferTaken(feed);
  const seen = new Map<string, number>();
  let seq = 0;
  let writes = 0;
  let pending: (ParsedRow & { ok: true })[] = [];
  const flush = async () => {
    if (!pending.length) return;
    const planned = await resolveChunk(deps, feed, pending, summary, taken);
    pending = [];
    if (!planned.length) return;
    await prisma.feedRunItem.createMany({
      data: planned.map(({ write, ...p }) => ({ runId: run.id, seq: seq++, batch: write ? Math.floor(writes++ / BATCH_SIZE) : -1, state: write ? "planned" : "unchanged", ...p })),
    });
  };
  try {
    const { rows, digest } = parseFeed(input.body, { format: feed.format as "csv" | "json", mapping });
    for await (const row of rows) {
      summary.rows++;
      if (!row.ok) {
        summary.errorCount++;
        if (summary.errors.length < 100) summary.errors.push({ line: row.line, reason: row.reason });
        continue;
      }
      const dupKey = `${row.key}@${row.location ?? ""}`;
      const first = seen.get(dupKey);
      if (first !== undefined) {
        summary.errorCount++;
        if (summary.errors.length < 100) summary.errors.push({ line: row.line, reason: `${row.key} is repeated (first on line ${first}); this row is ignored` });
        continue;
      }
      seen.set(dupKey, row.line);
      pending.push(row);
      if (pending.length >= CHUNK) await flush();
    }
    await flush();
    const contentHash = digest.hash();
    const previous = await prisma.feedRun.findFirst({
      where: { feedId: feed.id, id: { not: run.id }, contentHash, status: { in: ["applied", "applying", "held", "dry_run"] }, trigger: { not: "buffer" } },
      orderBy: { createdAt: "desc" },
    });
    const base = { contentHash, rowCount: summary.rows, errorCount: summary.errorCount, summary: JSON.stringify(summary) };
    if (previous) {
      await prisma.feedRunItem.deleteMany({ where: { runId: run.id } });
      return prisma.feedRun.update({ where: { id: run.id }, data: { ...base, status: "duplicate", total: 0, error: `Identical to run ${previous.id}` } });
    }
    await prisma.feedRunBatch.createMany({ data: Array.from({ length: Math.ceil(writes / BATCH_SIZE) }, (_, b) => ({ runId: run.id, batch: b })) });
    summary.held = input.trigger === "buffer" ? [] : breakerReasons(summary, feed);
    base.summary = JSON.stringify(summary);
    await prisma.feed.update({ where: { id: feed.id }, data: { lastFetchedAt: new Date(), lastError: null } });
    if (summary.held.length) {
      const { exception } = await openException({
        class: "feed_suspect",
        shop: feed.shop,
        groupId: feed.target === "pool" ? feed.groupId : null,
        subject: `feed|${feed.id}|run|${run.id}`,
        title: `Feed "${feed.name}" run held: ${summary.held[0]}`,
        detail: summary.held.join(" "),
        amount: summary.zeroed,
        sourceEventId: run.id,
        payloadSnapshot: { feedId: feed.id, runId: run.id, summary },
      });
      return prisma.feedRun.update({ where: { id: run.id }, data: { ...base, status: "held", total: writes, exceptionId: exception.id } });
    }
    if (input.trigger === "upload") return prisma.feedRun.update({ where: { id: run.id }, data: { ...base, status: "dry_run", total: writes } });
    const updated = await prisma.feedRun.update({ where: { id: run.id }, data: { ...base, status: "applying", total: writes } });
    await deps.queue.enqueue({ name: FEED_APPLY_JOB, payload: { runId: run.id }, shop: feed.shop, orderingKey: `feed:${feed.id}`, dedupeKey: `feed-apply:${run.id}` });
    return updated;
  } catch (error) {
    await prisma.feedRunItem.deleteMany({ where: { runId: run.id } });
    const message = error instanceof Error ? error.message : String(error);
    await prisma.feed.update({ where: { id: feed.id }, data: { lastError: message } });
    return prisma.feedRun.update({ where: { id: run.id }, data: { status: "failed", error: message, rowCount: summary.rows, summary: JSON.stringify(summary) } });
  }
}
