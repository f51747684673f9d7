// What the admin pages (Sync, Exceptions, Activity) read and do. Every function takes the
// authenticated shop and only reaches groups that shop is an active member of.
import type { SyncException } from "@prisma/client";
import prisma from "../db.server";
import { dbQueue } from "../queue/index.server";
import { enqueueItemCommand, type ItemCommand } from "./engine.server";
import { EXCEPTION_CLASSES, isOverdue, type TrailEntry } from "./exceptions.server";
import { SyncAccessError, SyncInputError, groupsOfShop, previewGroup, requireMember } from "./groups.server";

async function groupIdsOf(shop: string): Promise<string[]> {
  return (await prisma.syncMember.findMany({ where: { shop, status: "active" }, select: { groupId: true } })).map((m) => m.groupId);
}

export async function syncOverview(shop: string) {
  const groups = await groupsOfShop(shop);
  const out = [];
  for (const g of groups) {
    const members = await prisma.syncMember.findMany({ where: { groupId: g.id, status: "active" }, orderBy: { joinedAt: "asc" } });
    const items = await prisma.syncItem.count({ where: { groupId: g.id } });
    const paused = await prisma.syncItem.findMany({ where: { groupId: g.id, paused: true }, select: { sku: true, pausedReason: true }, take: 50 });
    const keys = await prisma.syncShareKey.findMany({ where: { groupId: g.id, usedAt: null, revokedAt: null, expiresAt: { gt: new Date() } }, select: { id: true, hint: true, expiresAt: true } });
    const openExceptions = await prisma.syncException.count({ where: { groupId: g.id, status: "open" } });
    const preview = g.status === "draft" ? await previewGroup(g.id, shop) : null;
    out.push({ group: g, members, items, paused, keys, openExceptions, preview });
  }
  const imports = await prisma.importRun.findMany({ where: { shop }, orderBy: { startedAt: "desc" }, take: 3 });
  return { groups: out, imports };
}

export interface ExceptionFilter {
  status?: "open" | "resolved" | "all";
  class?: string;
  sku?: string;
  owner?: string;
  overdue?: boolean;
}

export async function listExceptions(shop: string, f: ExceptionFilter = {}, now = new Date()) {
  const groupIds = await groupIdsOf(shop);
  const visible = { OR: [{ groupId: { in: groupIds } }, { groupId: null, shop }] };
  const where = {
    AND: [
      visible,
      f.status && f.status !== "all" ? { status: f.status } : f.status === "all" ? {} : { status: "open" },
      f.class ? { class: f.class } : {},
      f.sku ? { sku: { contains: f.sku } } : {},
      f.owner ? { owner: f.owner } : {},
      f.overdue ? { status: "open", slaDueAt: { lt: now } } : {},
    ],
  };
  const rows = await prisma.syncException.findMany({ where, orderBy: [{ status: "asc" }, { slaDueAt: "asc" }], take: 500 });
  const grouped = await prisma.syncException.groupBy({ by: ["class", "status"], where: visible, _count: { _all: true } });
  const counts: Record<string, { open: number; resolved: number }> = Object.fromEntries(EXCEPTION_CLASSES.map((c) => [c, { open: 0, resolved: 0 }]));
  for (const g of grouped) (counts[g.class] ??= { open: 0, resolved: 0 })[g.status as "open" | "resolved"] = g._count._all;
  const overdue = await prisma.syncException.count({ where: { AND: [visible, { status: "open", slaDueAt: { lt: now } }] } });
  return { rows: rows.map((r) => ({ ...r, overdue: isOverdue(r, now) })), counts, overdue };
}

/** The exception, if the shop may see it. */
export async function getException(shop: string, id: string): Promise<SyncException> {
  const ex = await prisma.syncException.findUnique({ where: { id } });
  if (!ex) throw new SyncAccessError("Exception not found");
  if (ex.groupId) {
    const m = await prisma.syncMember.findUnique({ where: { groupId_shop: { groupId: ex.groupId, shop } } });
    if (!m || m.status !== "active") throw new SyncAccessError("Exception not found");
  } else if (ex.shop !== shop) throw new SyncAccessError("Exception not found");
  return ex;
}

/** Stock-event trail of an exception: the SKU's events around it (the proof). */
export async function exceptionTrail(shop: string, id: string) {
  const ex = await getException(shop, id);
  const events = ex.groupId && ex.sku
    ? await prisma.stockEvent.findMany({ where: { groupId: ex.groupId, sku: ex.sku, createdAt: { lte: new Date((ex.resolvedAt ?? new Date()).getTime() + 60_000) } }, orderBy: { id: "desc" }, take: 100 })
    : await prisma.stockEvent.findMany({ where: { shop: ex.shop, sourceEventId: ex.sourceEventId ?? "-" }, orderBy: { id: "desc" }, take: 100 });
  return { exception: ex, trail: JSON.parse(ex.trail) as TrailEntry[], events };
}

export type ExceptionAction = "assign" | "retry" | "accept_store" | "accept_pool" | "pause" | "resume";

export async function actOnException(shop: string, id: string, input: { action: ExceptionAction; note: string; owner?: string; by?: string }) {
  const ex = await getException(shop, id);
  const by = input.by ?? shop;
  const note = input.note?.trim() ?? "";
  if (input.action === "assign") {
    const owner = input.owner?.trim();
    if (!owner) throw new SyncInputError("Owner is required");
    const trail = [...(JSON.parse(ex.trail) as TrailEntry[]), { at: new Date().toISOString(), by, action: `assigned:${owner}`, note }];
    return prisma.syncException.update({ where: { id }, data: { owner, trail: JSON.stringify(trail) } });
  }
  if (!note) throw new SyncInputError("A resolution note is required");
  if (ex.status !== "open") throw new SyncInputError("This exception is already resolved");
  if (!ex.groupId || !ex.sku) {
    // Not tied to a pool (e.g. unknown SKU): resolving records the note.
    const { markResolved } = await import("./exceptions.server");
    return markResolved(id, { resolution: input.action, note, by });
  }
  const trail = [...(JSON.parse(ex.trail) as TrailEntry[]), { at: new Date().toISOString(), by, action: `requested:${input.action}`, note }];
  await prisma.syncException.update({ where: { id }, data: { trail: JSON.stringify(trail) } });
  let command: ItemCommand;
  switch (input.action) {
    case "accept_store":
    case "accept_pool":
    case "retry":
      command = { kind: input.action, exceptionId: id, note, by };
      break;
    case "pause":
    case "resume":
      command = { kind: input.action, note, by };
      break;
    default:
      throw new SyncInputError("Unknown action");
  }
  await enqueueItemCommand(ex.groupId, ex.sku, shop, command);
  dbQueue.notify();
  return ex;
}

const CSV_COLUMNS = ["id", "class", "status", "sku", "shop", "locationId", "title", "amount", "owner", "slaDueAt", "overdue", "createdAt", "resolvedAt", "resolution", "resolutionNote"] as const;

function csvCell(v: unknown): string {
  const s = v instanceof Date ? v.toISOString() : v === null || v === undefined ? "" : String(v);
  // Quote, and neutralise spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export async function exceptionsCsv(shop: string, f: ExceptionFilter = {}): Promise<string> {
  const { rows } = await listExceptions(shop, f);
  const lines = [CSV_COLUMNS.join(",")];
  for (const r of rows) lines.push(CSV_COLUMNS.map((c) => csvCell((r as Record<string, unknown>)[c])).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** A SKU's timeline across the members of a group the shop belongs to. */
export async function skuTimeline(shop: string, groupId: string, sku: string, take = 200) {
  await requireMember(groupId, shop);
  const item = await prisma.syncItem.findUnique({ where: { groupId_sku: { groupId, sku } } });
  const links = item ? await prisma.syncLink.findMany({ where: { itemId: item.id } }) : [];
  const events = await prisma.stockEvent.findMany({ where: { groupId, sku }, orderBy: { id: "desc" }, take });
  return { item, links, events };
}

/** Recent stock events of the shop and of its groups. */
export async function shopFeed(shop: string, take = 100) {
  const groupIds = await groupIdsOf(shop);
  return prisma.stockEvent.findMany({ where: { OR: [{ shop }, { groupId: { in: groupIds } }] }, orderBy: { id: "desc" }, take });
}

/** The shop's own ledger rows (never another shop's). */
export async function shopLedger(shop: string, take = 200) {
  return prisma.inventoryLevel.findMany({ where: { shop }, orderBy: { updatedAt: "desc" }, take });
}
