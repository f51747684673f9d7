// What the admin pages (Sync, Exceptions, Activity) read and do. Every function takes the
// authenticated shop and only reaches groups that shop is an active member of.
import type { SyncException } from "@prisma/client";
import prisma from "../db.server";
import { recordManualAssignment } from "../owners/routing.server";
import { requireMember } from "./access.server";
import { enqueueItemCommand, type ItemCommand } from "./commands.server";
import type { SyncDeps } from "./deps";
import { SyncAccessError, SyncInputError } from "./errors";
import { EXCEPTION_CLASSES, isOverdue, markResolved, type TrailEntry } from "./exceptions.server";

async function groupIdsOf(shop: string): Promise<string[]> {
  return (await prisma.syncMember.findMany({ where: { shop, status: "active" }, select: { groupId: true } })).map((m) => m.groupId);
}

export interface ExceptionFilter {
  status?: "open" | "resolved" | "all";
  class?: string;
  sku?: string;
  owner?: string;
  overdue?: boolean;
  /** A page of the list (default: the first 500). */
  skip?: number;
  take?: number;
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
  const rows = await prisma.syncException.findMany({ where, orderBy: [{ status: "asc" }, { slaDueAt: "asc" }, { id: "asc" }], take: f.take ?? 500, skip: f.skip ?? 0 });
  const total = await prisma.syncException.count({ where });
  const grouped = await prisma.syncException.groupBy({ by: ["class", "status"], where: visible, _count: { _all: true } });
  const counts: Record<string, { open: number; resolved: number }> = Object.fromEntries(EXCEPTION_CLASSES.map((c) => [c, { open: 0, resolved: 0 }]));
  for (const g of grouped) (counts[g.class] ??= { open: 0, resolved: 0 })[g.status as "open" | "resolved"] = g._count._all;
  const overdue = await prisma.syncException.count({ where: { AND: [visible, { status: "open", slaDueAt: { lt: now } }] } });
  return { rows: rows.map((r) => ({ ...r, overdue: isOverdue(r, now) })), total, counts, overdue };
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

export async function actOnException(deps: SyncDeps, shop: string, id: string, input: { action: ExceptionAction; note: string; owner?: string; by?: string }) {
  const ex = await getException(shop, id);
  const by = input.by ?? shop;
  const note = input.note?.trim() ?? "";
  if (input.action === "assign") {
    const owner = input.owner?.trim();
    if (!owner) throw new SyncInputError("Owner is required");
    const trail = [...(JSON.parse(ex.trail) as TrailEntry[]), { at: new Date().toISOString(), by, action: `assigned:${owner}`, note }];
    await recordManualAssignment(ex, owner, by);
    return prisma.syncException.update({ where: { id }, data: { owner, trail: JSON.stringify(trail) } });
  }
  if (!note) throw new SyncInputError("A resolution note is required");
  if (ex.status !== "open") throw new SyncInputError("This exception is already resolved");
  if (!ex.groupId || !ex.sku) {
    // Not tied to a pool (e.g. unknown SKU): resolving records the note.
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
  await enqueueItemCommand(deps.queue, ex.groupId, ex.sku, shop, command);
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

/** Recent stock events of the shop and of its groups (`rebalances`: only allocation moves and phase changes). */
export async function shopFeed(shop: string, opts: { take?: number; skip?: number; rebalances?: boolean } = {}) {
  const groupIds = await groupIdsOf(shop);
  const where = { AND: [{ OR: [{ shop }, { groupId: { in: groupIds } }] }, opts.rebalances ? { cause: "rebalance" } : {}] };
  const [rows, total] = await Promise.all([prisma.stockEvent.findMany({ where, orderBy: { id: "desc" }, take: opts.take ?? 100, skip: opts.skip ?? 0 }), prisma.stockEvent.count({ where })]);
  return { rows, total };
}

/** The shop's own ledger rows (never another shop's). */
export async function shopLedger(shop: string, take = 200) {
  return prisma.inventoryLevel.findMany({ where: { shop }, orderBy: { updatedAt: "desc" }, take });
}
