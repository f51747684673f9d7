import type { Prisma, SyncGroup, SyncItem, SyncLink, SyncMember } from "@prisma/client";
import prisma from "../db.server";
import { log } from "../log.server";
import { databaseUrl, isPostgresUrl } from "../db-url";
import { jobCreateData } from "../queue/db-queue.server";
import { dbQueue } from "../queue/index.server";
import { readLevels } from "./admin-ops.server";
import { openException } from "./exceptions.server";
import { entryKey, itemOrderingKey } from "./keys";
import { resolveStoredBatch, writerFor, type WriteOutcome } from "./writer.server";

export const SYNC_ITEM_JOB = "sync.item";

/**
 * Engine settings. `echoDetection` and `cas` exist only so the property suite can show that
 * switching either off breaks P1–P5; production never changes them.
 */
export const engineConfig = {
  echoDetection: true,
  cas: true,
  /** Possible difference between Shopify's clock and ours; widens the uncertainty windows. */
  clockSkewMs: Number(process.env.SYNC_CLOCK_SKEW_MS ?? 0),
  maxRounds: 200,
  /** A run of one key keeps following new observations for at most this long. */
  runBudgetMs: 5_000,
  /**
   * SQLite: skip a job when one of the key is still queued. Off by default: measured worse in
   * bench/flash-sale (the single queued job waits behind the webhook backlog in claim order).
   */
  coalesceJobs: process.env.SYNC_COALESCE_JOBS === "1",
};

type Db = Prisma.TransactionClient | typeof prisma;

/** Enqueues the serialized job of one (group, SKU). */
export async function enqueueItem(groupId: string, sku: string, shop: string | null, tx?: Prisma.TransactionClient, runAt?: Date) {
  await dbQueue.enqueue(
    { name: SYNC_ITEM_JOB, payload: { groupId, sku }, shop, orderingKey: itemOrderingKey(groupId, sku), maxAttempts: 8, runAt },
    tx,
  );
}

// ─────────────────────────────────────────────────────────────── intake

export interface LevelChange {
  shop: string;
  inventoryItemId: string;
  locationId: string;
  available: number;
  /** Store time of the change (X-Shopify-Triggered-At, ms precision). */
  at: Date;
  eventId: string;
  inboxId?: string | null;
  payload?: unknown;
}

/**
 * Intake of a change to (store, item, location): routes it to the links that follow that
 * level and queues their SKU's job. Unknown items of a member store open an exception.
 * Redelivery is a no-op (unique link × event).
 */
export async function intakeLevelChange(c: LevelChange): Promise<{ routed: number }> {
  let links = await prisma.syncLink.findMany({
    where: { shop: c.shop, inventoryItemId: c.inventoryItemId, locationId: c.locationId, status: "linked" },
  });
  if (links.length === 0) {
    const linked = await linkUnknownItem(c);
    if (!linked) return { routed: 0 };
    links = [linked];
  }
  let routed = 0;
  for (const link of links) {
    // One batch transaction: the observation (unique per link × event: a redelivery fails the
    // batch, so no job either) and the SKU's job.
    try {
      await prisma.$transaction([
        prisma.syncObservation.create({
          data: {
            groupId: link.groupId,
            sku: link.sku,
            linkId: link.id,
            shop: c.shop,
            available: c.available,
            at: c.at,
            eventId: c.eventId,
            inboxId: c.inboxId ?? null,
          },
        }),
        enqueueObservationJob(link.groupId, link.sku, c.shop),
      ]);
      routed++;
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002") throw error;
    }
  }
  if (routed) dbQueue.notify();
  return { routed };
}

/**
 * The SKU's job for a new observation. On SQLite (one connection, transactions serialized) a
 * job of the key that is still queued — not yet claimed — will see this observation, so none
 * is added: a burst of webhooks for one SKU costs one job, not one per webhook. On PostgreSQL
 * (several processes) a claim can slip between check and commit, so a job is always added;
 * the extra ones return at once (processItem's "observation" fast path).
 */
function enqueueObservationJob(groupId: string, sku: string, shop: string) {
  const data = jobCreateData({ name: SYNC_ITEM_JOB, payload: { groupId, sku, reason: "observation" }, shop, orderingKey: itemOrderingKey(groupId, sku), maxAttempts: 8 });
  if (!engineConfig.coalesceJobs || isPostgresUrl(databaseUrl())) return prisma.job.create({ data });
  const now = new Date().toISOString().replace("Z", "+00:00");
  return prisma.$executeRawUnsafe(
    `INSERT INTO "Job" ("name","payload","shop","orderingKey","status","attempts","maxAttempts","runAt","createdAt","updatedAt")
     SELECT ?,?,?,?,'queued',0,?,?,?,? WHERE NOT EXISTS (SELECT 1 FROM "Job" WHERE "orderingKey" = ? AND "status" = 'queued' AND "name" = ?)`,
    data.name,
    data.payload,
    data.shop,
    data.orderingKey,
    data.maxAttempts,
    now,
    now,
    now,
    data.orderingKey,
    data.name,
  );
}

/** An item of an active member that no link follows: link it by SKU, or raise unknown_sku. */
async function linkUnknownItem(c: LevelChange): Promise<SyncLink | null> {
  const members = await prisma.syncMember.findMany({ where: { shop: c.shop, status: "active", locationId: c.locationId } });
  for (const member of members) {
    const group = await prisma.syncGroup.findUnique({ where: { id: member.groupId } });
    if (!group || group.status !== "active") continue;
    const variant = await prisma.catalogVariant.findFirst({ where: { shop: c.shop, inventoryItemId: c.inventoryItemId } });
    const key = variant ? (group.matchBy === "barcode" ? variant.barcode : variant.sku) : null;
    if (!variant || !key) {
      await openException({
        class: "unknown_sku",
        groupId: group.id,
        shop: c.shop,
        locationId: c.locationId,
        subject: `${c.shop}|${c.inventoryItemId}`,
        title: variant ? `Variant ${variant.title} has no ${group.matchBy}: it cannot be matched` : `Inventory item ${c.inventoryItemId} is not in the catalog`,
        sourceEventId: c.eventId,
        payloadSnapshot: c.payload ?? { inventoryItemId: c.inventoryItemId, available: c.available },
        members: [c.shop],
      });
      await prisma.stockEvent.create({
        data: {
          groupId: group.id,
          shop: c.shop,
          inventoryItemId: c.inventoryItemId,
          locationId: c.locationId,
          cause: "manual",
          sourceEventId: c.eventId,
          payloadRef: c.inboxId ?? null,
          valueAfter: c.available,
          result: "unknown_sku",
        },
      });
      continue;
    }
    const link = await linkItem(group, member, { sku: key, inventoryItemId: c.inventoryItemId, variantId: variant.variantId, available: c.available, at: c.at });
    if (link) return link;
  }
  return null;
}

/**
 * Links one member item to the group SKU's pool. A new SKU starts its pool from this value;
 * a member joining an existing SKU keeps the pool (its own value is overwritten by propagation).
 */
export async function linkItem(
  group: SyncGroup,
  member: SyncMember,
  v: { sku: string; inventoryItemId: string; variantId?: string | null; available: number; at: Date },
  db: Db = prisma,
): Promise<SyncLink | null> {
  let item = await db.syncItem.findUnique({ where: { groupId_sku: { groupId: group.id, sku: v.sku } } });
  const startsPool = !item && (group.mode !== "source" || group.sourceShop === member.shop);
  if (!item) {
    item = await db.syncItem.upsert({
      where: { groupId_sku: { groupId: group.id, sku: v.sku } },
      create: { groupId: group.id, sku: v.sku, pool: startsPool ? v.available : 0 },
      update: {},
    });
  }
  const existing = await db.syncLink.findUnique({ where: { itemId_memberId: { itemId: item.id, memberId: member.id } } });
  if (existing) return existing.status === "linked" ? existing : null;
  const link = await db.syncLink.create({
    data: {
      groupId: group.id,
      itemId: item.id,
      memberId: member.id,
      shop: member.shop,
      sku: v.sku,
      inventoryItemId: v.inventoryItemId,
      variantId: v.variantId ?? null,
      locationId: member.locationId,
      lastSeen: v.available,
      lastSeenAt: v.at,
    },
  });
  await db.stockEvent.create({
    data: {
      groupId: group.id,
      sku: v.sku,
      shop: member.shop,
      inventoryItemId: v.inventoryItemId,
      locationId: member.locationId,
      cause: "initial",
      delta: 0,
      valueAfter: v.available,
      poolAfter: item.pool,
      result: startsPool ? "pool_started" : "linked",
    },
  });
  return link;
}

// ─────────────────────────────────────────────────────────────── the per-SKU job

interface LinkState extends SyncLink {
  dirty: boolean;
  needRead: boolean;
  /** a compare-and-set write to this link went stale in this job: write deltas instead */
  contended: boolean;
}

interface Ctx {
  group: SyncGroup;
  item: SyncItem;
  itemDirty: boolean;
  members: Map<string, SyncMember>;
  links: LinkState[];
  events: Prisma.StockEventCreateManyInput[];
  correlationId: string;
}

/** Cause of a delta in this mode: folded into the pool, or overwritten (source → destinations). */
function folds(ctx: Ctx, link: SyncLink, delta: number): boolean {
  if (ctx.group.mode !== "source") return true;
  if (link.shop === ctx.group.sourceShop) return true;
  // Destinations: sales (negative) reach the source; manual edits are overwritten.
  return delta < 0;
}

function applyDelta(ctx: Ctx, link: LinkState, delta: number, cause: string, result: string, extra: { sourceEventId?: string; payloadRef?: string | null; detail?: string | null } = {}) {
  const folded = folds(ctx, link, delta);
  if (folded && delta !== 0) {
    ctx.item.pool += delta;
    ctx.item.version += 1;
    ctx.itemDirty = true;
  }
  ctx.events.push({
    groupId: ctx.group.id,
    sku: ctx.item.sku,
    shop: link.shop,
    inventoryItemId: link.inventoryItemId,
    locationId: link.locationId,
    cause,
    delta,
    valueAfter: link.lastSeen,
    poolAfter: ctx.item.pool,
    result: folded ? result : "overwritten",
    correlationId: ctx.correlationId,
    sourceEventId: extra.sourceEventId ?? null,
    payloadRef: extra.payloadRef ?? null,
    detail: extra.detail ?? null,
  });
}

const skew = () => engineConfig.clockSkewMs;

/**
 * Classifies one observation against the link (DESIGN §4 intake):
 *  - older than what the link knows → stale;
 *  - equal to lastSeen → nothing changed (an echo when it is the value the app wrote);
 *  - inside a window where a write or read of ours was in flight, or tied with lastSeenAt →
 *    ambiguous: read the store's real value instead of guessing;
 *  - otherwise → an external delta.
 */
export function classify(
  link: Pick<SyncLink, "lastSeen" | "lastSeenAt" | "uncertainUntil" | "lastWritten">,
  o: { available: number; at: Date },
): "stale" | "echo" | "unchanged" | "ambiguous" | "external" {
  const t = o.at.getTime();
  const seenAt = link.lastSeenAt.getTime();
  if (t < seenAt) return "stale";
  if (o.available === link.lastSeen) return link.lastWritten === o.available && link.uncertainUntil ? "echo" : "unchanged";
  if (link.uncertainUntil && t <= link.uncertainUntil.getTime()) return "ambiguous";
  if (t === seenAt) return "ambiguous";
  return "external";
}

async function loadCtx(groupId: string, sku: string, correlationId: string): Promise<Ctx | null> {
  const group = await prisma.syncGroup.findUnique({ where: { id: groupId } });
  const item = await prisma.syncItem.findUnique({ where: { groupId_sku: { groupId, sku } } });
  if (!group || !item) return null;
  const links = await prisma.syncLink.findMany({ where: { itemId: item.id, status: "linked" }, orderBy: { shop: "asc" } });
  const members = new Map(
    (await prisma.syncMember.findMany({ where: { groupId, id: { in: links.map((l) => l.memberId) } } })).map((m) => [m.id, m]),
  );
  return {
    group,
    item,
    itemDirty: false,
    members,
    links: links.filter((l) => members.get(l.memberId)?.status === "active").map((l) => ({ ...l, dirty: false, needRead: false, contended: false })),
    events: [],
    correlationId,
  };
}

async function persist(ctx: Ctx, extra?: (tx: Prisma.TransactionClient) => Promise<void>) {
  if (!extra && !ctx.itemDirty && !ctx.events.length && !ctx.links.some((l) => l.dirty)) return;
  await prisma.$transaction(async (tx) => {
    if (ctx.itemDirty) {
      await tx.syncItem.update({ where: { id: ctx.item.id }, data: { pool: ctx.item.pool, version: ctx.item.version, paused: ctx.item.paused, pausedReason: ctx.item.pausedReason } });
      ctx.itemDirty = false;
    }
    for (const l of ctx.links) {
      if (!l.dirty) continue;
      await tx.syncLink.update({
        where: { id: l.id },
        data: { lastSeen: l.lastSeen, lastSeenAt: l.lastSeenAt, uncertainUntil: l.uncertainUntil, lastWritten: l.lastWritten, writeSeq: l.writeSeq },
      });
      l.dirty = false;
    }
    if (ctx.events.length) {
      await tx.stockEvent.createMany({ data: ctx.events });
      ctx.events = [];
    }
    if (extra) await extra(tx);
  });
}

/**
 * Outcome of a write: the link knows the value it wrote, with the write's time window. A delta
 * write (adjust) also reports the value after it: any difference from the target is a
 * concurrent change at that store, folded into the pool (absorbed, so its webhook is stale).
 */
function recordApplied(ctx: Ctx, link: LinkState, value: number, sentAt: Date, doneAt: Date, after: number = value) {
  const before = link.lastSeen;
  if (engineConfig.echoDetection) {
    link.lastSeen = after;
    link.lastWritten = after;
    link.lastSeenAt = new Date(sentAt.getTime() - skew());
    link.uncertainUntil = new Date(doneAt.getTime() + skew());
  }
  // (echo detection off = the app forgets what it wrote: its own webhook then looks external)
  link.dirty = true;
  ctx.events.push({
    groupId: ctx.group.id,
    sku: ctx.item.sku,
    shop: link.shop,
    inventoryItemId: link.inventoryItemId,
    locationId: link.locationId,
    cause: "sync_write",
    delta: value - before,
    valueAfter: after,
    poolAfter: ctx.item.pool,
    result: "written",
    correlationId: ctx.correlationId,
  });
  if (after !== value && engineConfig.echoDetection) applyDelta(ctx, link, after - value, "concurrent", "absorbed");
}

/** Reads the real value of links marked needRead and folds the differences (concurrent changes). */
async function readAndFold(ctx: Ctx, cause: "concurrent" | "reconciliation" = "concurrent") {
  const todo = ctx.links.filter((l) => l.needRead);
  const byShop = new Map<string, LinkState[]>();
  for (const l of todo) byShop.set(`${l.shop}|${l.locationId}`, [...(byShop.get(`${l.shop}|${l.locationId}`) ?? []), l]);
  await Promise.all(
    [...byShop.values()].map(async (ls) => {
      const sentAt = new Date();
      const reads = await readLevels(ls[0].shop, ls.map((l) => l.inventoryItemId), ls[0].locationId);
      const doneAt = new Date();
      for (const l of ls) {
        const r = reads.find((x) => x.inventoryItemId === l.inventoryItemId);
        l.needRead = false;
        if (!r || r.available === null) continue;
        const delta = r.available - l.lastSeen;
        l.lastSeen = r.available;
        l.lastSeenAt = new Date(sentAt.getTime() - skew());
        l.uncertainUntil = new Date(doneAt.getTime() + skew());
        l.dirty = true;
        if (delta !== 0) applyDelta(ctx, l, delta, cause, "absorbed");
      }
    }),
  );
}

/** Finishes writes whose outcome was never recorded (crash or ambiguous failure). */
async function resolvePending(ctx: Ctx) {
  const pending = await prisma.syncPendingWrite.findMany({ where: { itemId: ctx.item.id, status: "pending" }, orderBy: { sentAt: "asc" } });
  for (const pw of pending) {
    const link = ctx.links.find((l) => l.id === pw.linkId);
    let status = "failed";
    if (pw.batchKey && link) {
      const outcomes = await resolveStoredBatch(pw.batchKey);
      const o = outcomes?.[pw.position];
      if (!o || o.kind === "error") throw new Error(`write ${pw.entryKey} still unresolved`);
      if (o.kind === "applied") {
        recordApplied(ctx, link, pw.value, pw.sentAt, new Date(), o.after ?? pw.value);
        status = "applied";
      } else if (o.kind === "stale") {
        link.needRead = true;
        status = "stale";
      } else status = o.kind === "rejected" ? "failed" : "stale";
      if (status === "stale") link.needRead = true;
    }
    await persist(ctx, async (tx) => {
      await tx.syncPendingWrite.update({ where: { id: pw.id }, data: { status, resolvedAt: new Date() } });
    });
  }
}

export interface ProcessResult {
  observations: number;
  writes: number;
  stale: number;
  reads: number;
}

/**
 * The serialized job of one (group, SKU): apply observations, fold deltas into the pool,
 * propagate `max(0, pool − buffer)` to every member with compare-and-set writes, and on
 * CHANGE_FROM_QUANTITY_STALE read, fold the concurrent change and retry.
 */
export async function processItem(groupId: string, sku: string, opts: { finalAttempt?: boolean; reason?: string; attempt?: number } = {}): Promise<ProcessResult> {
  if (opts.reason === "observation" && (opts.attempt ?? 1) === 1) {
    // Jobs queued per observation coalesce: an earlier run of this key already handled ours.
    const [obs, pending] = await Promise.all([
      prisma.syncObservation.findFirst({ where: { groupId, sku, processedAt: null }, select: { id: true } }),
      prisma.syncPendingWrite.findFirst({ where: { status: "pending", entryKey: { startsWith: `${groupId}:${sku}:` } }, select: { id: true } }),
    ]);
    if (!obs && !pending) return { observations: 0, writes: 0, stale: 0, reads: 0 };
  }
  try {
    return await processItemOnce(groupId, sku);
  } catch (error) {
    if (opts.finalAttempt) {
      const ctx = await loadCtx(groupId, sku, "final");
      if (ctx) await raiseWriteFailed(ctx, error);
    }
    throw error;
  }
}

async function processItemOnce(groupId: string, sku: string): Promise<ProcessResult> {
  const startedAt = Date.now();
  const correlationId = `${groupId}:${sku}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const result: ProcessResult = { observations: 0, writes: 0, stale: 0, reads: 0 };
  const ctx = await loadCtx(groupId, sku, correlationId);
  if (!ctx) {
    await prisma.syncObservation.updateMany({ where: { groupId, sku, processedAt: null }, data: { processedAt: new Date(), result: "ignored" } });
    return result;
  }
  await resolvePending(ctx);

  for (let round = 0; round < engineConfig.maxRounds; round++) {
    // 1. observations, oldest first
    const obs = await prisma.syncObservation.findMany({ where: { groupId, sku, processedAt: null }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    const results = new Map<number, string>();
    const ambiguous: number[] = [];
    for (const o of obs) {
      const link = ctx.links.find((l) => l.id === o.linkId);
      if (!link) {
        results.set(o.id, "ignored");
        continue;
      }
      if (o.kind === "reconcile") {
        const inflight = obs.some((x) => x.linkId === o.linkId && x.kind !== "reconcile");
        results.set(o.id, await applyReconcileRead(ctx, link, o, inflight));
        continue;
      }
      const kind = classify(link, o);
      results.set(o.id, kind);
      if (kind === "echo" || kind === "unchanged") {
        if (o.at > link.lastSeenAt) link.lastSeenAt = o.at;
        if (link.uncertainUntil && o.at >= link.uncertainUntil) link.uncertainUntil = null;
        link.dirty = true;
      } else if (kind === "ambiguous") {
        // Stays unprocessed until the read below succeeds: a failed read retries it.
        results.delete(o.id);
        ambiguous.push(o.id);
        link.needRead = true;
      } else if (kind === "external") {
        const delta = o.available - link.lastSeen;
        link.lastSeen = o.available;
        link.lastSeenAt = o.at;
        link.uncertainUntil = null;
        link.dirty = true;
        const why = await attributeCause(link, o.at, delta);
        applyDelta(ctx, link, delta, why.cause, "applied", { sourceEventId: o.eventId, payloadRef: o.inboxId, detail: why.ref });
      }
    }
    result.observations += obs.length;
    const now = new Date();
    if (obs.length) await persist(ctx, async (tx) => {
      const byResult = new Map<string, number[]>();
      for (const [id, r] of results) byResult.set(r, [...(byResult.get(r) ?? []), id]);
      for (const [r, ids] of byResult) await tx.syncObservation.updateMany({ where: { id: { in: ids } }, data: { processedAt: now, result: r } });
    });

    // 2. reads where the stream could not tell
    if (ctx.links.some((l) => l.needRead)) {
      result.reads += ctx.links.filter((l) => l.needRead).length;
      await readAndFold(ctx);
      await persist(ctx, async (tx) => {
        if (ambiguous.length) await tx.syncObservation.updateMany({ where: { id: { in: ambiguous } }, data: { processedAt: new Date(), result: "ambiguous" } });
      });
    }

    if (ctx.item.pool < 0) await raiseOversell(ctx);
    if (ctx.item.paused || ctx.group.status !== "active") return result;

    // 3. propagation
    const writes = ctx.links
      .map((l) => ({ link: l, target: Math.max(0, ctx.item.pool - (ctx.members.get(l.memberId)?.buffer ?? 0)) }))
      .filter(({ link, target }) => link.lastSeen !== target);
    if (writes.length === 0) return result;

    const versionAtWrite = ctx.item.version;
    const pendings: { link: LinkState; target: number; key: string }[] = [];
    for (const w of writes) {
      w.link.writeSeq += 1;
      w.link.dirty = true;
      const key = entryKey({ groupId, sku, memberId: w.link.memberId, poolVersion: ctx.item.version, writeSeq: w.link.writeSeq });
      pendings.push({ ...w, key });
    }
    const created = await prisma.$transaction(async (tx) => {
      for (const p of pendings) await tx.syncLink.update({ where: { id: p.link.id }, data: { writeSeq: p.link.writeSeq } });
      return Promise.all(
        pendings.map((p) =>
          tx.syncPendingWrite.create({
            data: { linkId: p.link.id, itemId: ctx.item.id, batchKey: "", entryKey: p.key, position: 0, changeFrom: p.link.lastSeen, value: p.target, poolVersion: ctx.item.version },
          }),
        ),
      );
    });
    for (const p of pendings) p.link.dirty = false;
    const sentAt = new Date();
    const outcomes: WriteOutcome[] = await Promise.all(
      pendings.map((p, i) =>
        writerFor(p.link.shop, p.link.contended ? "adjust" : "set").write({
          pendingId: created[i].id,
          entryKey: p.link.contended ? `${p.key}:adj` : p.key,
          inventoryItemId: p.link.inventoryItemId,
          locationId: p.link.locationId,
          changeFrom: engineConfig.cas || p.link.contended ? p.link.lastSeen : null,
          quantity: p.target,
          mode: p.link.contended ? "adjust" : "set",
        }),
      ),
    );
    const doneAt = new Date();
    let anyStale = false;
    let failure: unknown = null;
    const statuses: { id: string; status: string }[] = [];
    outcomes.forEach((o, i) => {
      const p = pendings[i];
      if (o.kind === "applied") {
        recordApplied(ctx, p.link, p.target, sentAt, doneAt, o.after ?? p.target);
        result.writes++;
        statuses.push({ id: created[i].id, status: "applied" });
      } else if (o.kind === "stale") {
        // A concurrent change won the race: the next round writes a delta, whose answer
        // tells exactly what that change was (no extra read, cannot go stale again).
        anyStale = true;
        result.stale++;
        p.link.contended = true;
        statuses.push({ id: created[i].id, status: "stale" });
      } else if (o.kind === "rejected") {
        statuses.push({ id: created[i].id, status: "failed" });
        ctx.events.push({ groupId, sku, shop: p.link.shop, inventoryItemId: p.link.inventoryItemId, locationId: p.link.locationId, cause: "sync_write", delta: 0, valueAfter: p.link.lastSeen, poolAfter: ctx.item.pool, result: "failed", detail: o.message, correlationId });
        failure = failure ?? new Error(`write rejected: ${o.message}`);
      } else {
        failure = failure ?? o.error;
      }
    });
    await persist(ctx, async (tx) => {
      for (const s of statuses) await tx.syncPendingWrite.update({ where: { id: s.id }, data: { status: s.status, resolvedAt: doneAt } });
    });
    if (failure) throw failure;
    const poolMoved = ctx.item.version !== versionAtWrite;
    if (!anyStale && !poolMoved) {
      // Observations that arrived while writing are handled now, in this run (a burst keeps
      // one run of the key busy instead of waiting for the next claim), within a time budget.
      if (Date.now() - startedAt > engineConfig.runBudgetMs) return result;
      const more = await prisma.syncObservation.findFirst({ where: { groupId, sku, processedAt: null }, select: { id: true } });
      if (!more) return result;
    }
  }
  log("info", "sync item still busy after the round limit; requeued", { groupId, sku });
  await enqueueItem(groupId, sku, null, undefined, new Date(Date.now() + 1_000));
  return result;
}

async function raiseOversell(ctx: Ctx) {
  await openException({
    class: "oversell",
    groupId: ctx.group.id,
    shop: ctx.group.ownerShop,
    sku: ctx.item.sku,
    subject: ctx.item.sku,
    title: `Orders took ${-ctx.item.pool} more unit(s) of ${ctx.item.sku} than the pool had`,
    amount: ctx.item.pool,
    members: ctx.links.map((l) => ({ shop: l.shop, lastSeen: l.lastSeen })),
  });
}

async function raiseWriteFailed(ctx: Ctx, error: unknown) {
  await openException({
    class: "write_failed",
    groupId: ctx.group.id,
    shop: ctx.group.ownerShop,
    sku: ctx.item.sku,
    subject: ctx.item.sku,
    title: `Writing ${ctx.item.sku} failed after retries`,
    detail: String(error).slice(0, 2_000),
    members: ctx.links.map((l) => ({ shop: l.shop, lastSeen: l.lastSeen })),
  });
}

/**
 * Why a store's number moved, for the audit trail: an order, cancellation or refund webhook of
 * the same shop naming the variant close in time, else a manual/external change. Best effort (the
 * order webhook may come later); the delta itself never depends on it.
 */
async function attributeCause(link: SyncLink, at: Date, delta: number): Promise<{ cause: string; ref: string | null }> {
  const none = { cause: "external", ref: null };
  if (!link.variantId) return none;
  const variantNum = Number(link.variantId.split("/").pop());
  const rows = await prisma.webhookInbox.findMany({
    where: {
      shop: link.shop,
      topic: { in: delta < 0 ? ["orders/create"] : ["orders/cancelled", "refunds/create"] },
      receivedAt: { gte: new Date(at.getTime() - 30_000), lte: new Date(at.getTime() + 30_000) },
    },
    select: { id: true, topic: true, payload: true },
    orderBy: { receivedAt: "desc" },
    take: 50,
  });
  for (const r of rows) {
    if (!r.payload.includes(String(variantNum))) continue;
    let units = 0;
    try {
      const p = JSON.parse(r.payload) as { line_items?: { variant_id?: number; quantity?: number }[]; refund_line_items?: { quantity?: number; line_item?: { variant_id?: number } }[] };
      for (const li of p.line_items ?? []) if (li.variant_id === variantNum) units += li.quantity ?? 0;
      for (const rl of p.refund_line_items ?? []) if (rl.line_item?.variant_id === variantNum) units += rl.quantity ?? 0;
    } catch {
      continue;
    }
    // The order's units for this variant must be exactly this change, and each order explains one change.
    if (units !== Math.abs(delta)) continue;
    const ref = `inbox:${r.id}`;
    if (await prisma.stockEvent.findFirst({ where: { shop: link.shop, sku: link.sku, detail: ref }, select: { id: true } })) continue;
    return { cause: r.topic === "orders/create" ? "order" : r.topic === "orders/cancelled" ? "cancellation" : "refund", ref };
  }
  return none;
}

/** A delivery for this level is stored but not processed yet (it will explain the difference). */
async function webhookWaiting(link: SyncLink): Promise<boolean> {
  const itemNum = link.inventoryItemId.split("/").pop();
  const rows = await prisma.webhookInbox.findMany({
    where: { shop: link.shop, topic: "inventory_levels/update", status: "received" },
    select: { payload: true },
    take: 1_000,
  });
  return rows.some((r) => r.payload.includes(`"inventory_item_id":${itemNum},`) || r.payload.includes(`"inventory_item_id":${itemNum}}`));
}

/**
 * A reconciliation read of one member (true somewhere in [at, until]). Differences explained by
 * in-flight work (unprocessed webhooks, a write or read in flight) are left to that work; small
 * unexplained drift is folded; drift above the group's threshold opens one exception per SKU
 * and pauses the SKU (lastSeen follows the store, the pool does not take the suspect number).
 */
async function applyReconcileRead(
  ctx: Ctx,
  link: LinkState,
  o: { available: number; at: Date; until: Date | null; eventId: string },
  inflight: boolean,
): Promise<string> {
  if (o.at < link.lastSeenAt) return "stale";
  if (o.available === link.lastSeen) return "unchanged";
  if (inflight || (link.uncertainUntil && o.at <= link.uncertainUntil) || (await webhookWaiting(link))) {
    // The next reconciliation looks again once that work is done.
    return "inflight";
  }
  const drift = o.available - link.lastSeen;
  link.lastSeen = o.available;
  link.lastSeenAt = o.at;
  link.uncertainUntil = o.until;
  link.dirty = true;
  if (Math.abs(drift) <= ctx.group.driftThreshold) {
    applyDelta(ctx, link, drift, "reconciliation", "applied", { sourceEventId: o.eventId });
    return "folded";
  }
  ctx.item.paused = true;
  ctx.item.pausedReason = `drift ${drift > 0 ? "+" : ""}${drift} at ${link.shop}`;
  ctx.itemDirty = true;
  const existing = await prisma.syncException.findUnique({ where: { openKey: `drift|${ctx.group.id}|${ctx.item.sku}` } });
  const members = existing ? (JSON.parse(existing.members) as { shop: string; drift: number; storeValue: number }[]) : [];
  const mine = members.find((m) => m.shop === link.shop);
  if (mine) {
    mine.drift += drift;
    mine.storeValue = o.available;
  } else members.push({ shop: link.shop, drift, storeValue: o.available });
  await openException({
    class: "drift",
    groupId: ctx.group.id,
    shop: link.shop,
    sku: ctx.item.sku,
    locationId: link.locationId,
    subject: ctx.item.sku,
    title: `${link.shop} shows ${o.available} for ${ctx.item.sku}, the engine expected ${o.available - drift} (${drift > 0 ? "+" : ""}${drift}); SKU paused`,
    amount: members.reduce((a, m) => a + m.drift, 0),
    members,
    sourceEventId: o.eventId,
    payloadSnapshot: { read: o.available, expected: o.available - drift, window: [o.at.toISOString(), o.until?.toISOString() ?? null], pool: ctx.item.pool },
  });
  ctx.events.push({
    groupId: ctx.group.id,
    sku: ctx.item.sku,
    shop: link.shop,
    inventoryItemId: link.inventoryItemId,
    locationId: link.locationId,
    cause: "reconciliation",
    delta: drift,
    valueAfter: o.available,
    poolAfter: ctx.item.pool,
    result: "drift",
    sourceEventId: o.eventId,
    correlationId: ctx.correlationId,
  });
  return "drift";
}

// ─────────────────────────────────────────────────────────────── operator commands

export const SYNC_COMMAND_JOB = "sync.command";

export type ItemCommand =
  | { kind: "pause"; note: string; by: string }
  | { kind: "resume"; note: string; by: string }
  | { kind: "accept_store"; exceptionId: string; note: string; by: string }
  | { kind: "accept_pool"; exceptionId: string; note: string; by: string }
  | { kind: "retry"; exceptionId: string; note: string; by: string };

/** Operator actions run as jobs on the SKU's ordering key, so they never race the engine. */
export async function enqueueItemCommand(groupId: string, sku: string, shop: string, command: ItemCommand) {
  await dbQueue.enqueue({ name: SYNC_COMMAND_JOB, payload: { groupId, sku, command }, shop, orderingKey: itemOrderingKey(groupId, sku), maxAttempts: 3 });
}

export async function applyItemCommand(groupId: string, sku: string, command: ItemCommand) {
  const { markResolved } = await import("./exceptions.server");
  const item = await prisma.syncItem.findUnique({ where: { groupId_sku: { groupId, sku } } });
  if (!item) return;
  const group = await prisma.syncGroup.findUniqueOrThrow({ where: { id: groupId } });
  const event = (result: string, delta = 0, poolAfter = item.pool) =>
    prisma.stockEvent.create({ data: { groupId, sku, shop: command.by.includes(".") ? command.by : group.ownerShop, cause: "operator", delta, poolAfter, result, detail: `${command.kind}: ${command.note}` } });
  switch (command.kind) {
    case "pause":
      await prisma.syncItem.update({ where: { id: item.id }, data: { paused: true, pausedReason: command.note } });
      await event("paused");
      return;
    case "resume":
      await prisma.syncItem.update({ where: { id: item.id }, data: { paused: false, pausedReason: null } });
      await event("resumed");
      break;
    case "accept_store": {
      const ex = await prisma.syncException.findUniqueOrThrow({ where: { id: command.exceptionId } });
      // The store's numbers are the truth: the drift held in the exception joins the pool.
      const delta = ex.class === "drift" ? (ex.amount ?? 0) : 0;
      const updated = await prisma.syncItem.update({ where: { id: item.id }, data: { pool: { increment: delta }, version: { increment: 1 }, paused: false, pausedReason: null } });
      await event("accepted_store", delta, updated.pool);
      await markResolved(ex.id, { resolution: "accept_store", note: command.note, by: command.by });
      break;
    }
    case "accept_pool": {
      const ex = await prisma.syncException.findUniqueOrThrow({ where: { id: command.exceptionId } });
      // The pool is the truth: stores are overwritten with it (the drift is discarded).
      await prisma.syncItem.update({ where: { id: item.id }, data: { paused: false, pausedReason: null } });
      await event("accepted_pool", 0);
      await markResolved(ex.id, { resolution: "accept_pool", note: command.note, by: command.by });
      break;
    }
    case "retry": {
      const ex = await prisma.syncException.findUniqueOrThrow({ where: { id: command.exceptionId } });
      await markResolved(ex.id, { resolution: "retry", note: command.note, by: command.by });
      break;
    }
  }
  await processItem(groupId, sku);
}
