// The in-memory state of one (group, SKU) job: the group, the pool, the members' links, the
// stock events to append. Only the SKU's serialized job changes it; persist() writes it back.
import type { Prisma, SyncGroup, SyncItem, SyncLink, SyncMember } from "@prisma/client";
import prisma from "../db.server";
import { recordSale } from "./velocity";

export interface LinkState extends SyncLink {
  dirty: boolean;
  needRead: boolean;
  /** a compare-and-set write to this link went stale in this job */
  contended: boolean;
}

export interface ItemCtx {
  group: SyncGroup;
  item: SyncItem;
  itemDirty: boolean;
  members: Map<string, SyncMember>;
  links: LinkState[];
  events: Prisma.StockEventCreateManyInput[];
  correlationId: string;
  /** store time of the oldest change folded in this round (propagation samples) */
  changedAt: Date | null;
}

export async function loadItem(groupId: string, sku: string, correlationId: string): Promise<ItemCtx | null> {
  const [group, item] = await Promise.all([prisma.syncGroup.findUnique({ where: { id: groupId } }), prisma.syncItem.findUnique({ where: { groupId_sku: { groupId, sku } } })]);
  if (!group || !item) return null;
  const links = await prisma.syncLink.findMany({ where: { itemId: item.id, status: "linked" }, orderBy: { shop: "asc" } });
  const members = new Map((await prisma.syncMember.findMany({ where: { groupId, id: { in: links.map((l) => l.memberId) } } })).map((m) => [m.id, m]));
  return {
    group,
    item,
    itemDirty: false,
    members,
    links: links.filter((l) => members.get(l.memberId)?.status === "active").map((l) => ({ ...l, dirty: false, needRead: false, contended: false })),
    events: [],
    correlationId,
    changedAt: null,
  };
}

export const bufferOf = (ctx: ItemCtx, link: SyncLink) => ctx.members.get(link.memberId)?.buffer ?? 0;

export function dirty(ctx: ItemCtx): boolean {
  return ctx.itemDirty || ctx.events.length > 0 || ctx.links.some((l) => l.dirty);
}

export async function persist(ctx: ItemCtx, extra?: (tx: Prisma.TransactionClient) => Promise<void>) {
  if (!extra && !dirty(ctx)) return;
  await prisma.$transaction(async (tx) => {
    if (ctx.itemDirty) {
      const { pool, version, paused, pausedReason, allocating } = ctx.item;
      await tx.syncItem.update({ where: { id: ctx.item.id }, data: { pool, version, paused, pausedReason, allocating } });
      ctx.itemDirty = false;
    }
    for (const l of ctx.links) {
      if (!l.dirty) continue;
      const { lastSeen, lastSeenAt, uncertainUntil, lastWritten, writeSeq, salesDecayed, salesAt, salesSince, startTarget } = l;
      await tx.syncLink.update({ where: { id: l.id }, data: { lastSeen, lastSeenAt, uncertainUntil, lastWritten, writeSeq, salesDecayed, salesAt, salesSince, startTarget } });
      l.dirty = false;
    }
    if (ctx.events.length) {
      await tx.stockEvent.createMany({ data: ctx.events });
      ctx.events = [];
    }
    if (extra) await extra(tx);
  });
}

export function pushEvent(ctx: ItemCtx, link: SyncLink | null, e: Omit<Prisma.StockEventCreateManyInput, "groupId" | "sku" | "shop" | "correlationId"> & { shop?: string }) {
  ctx.events.push({
    groupId: ctx.group.id,
    sku: ctx.item.sku,
    shop: e.shop ?? link?.shop ?? ctx.group.ownerShop,
    inventoryItemId: link?.inventoryItemId ?? null,
    locationId: link?.locationId ?? null,
    correlationId: ctx.correlationId,
    ...e,
  });
}

/** Cause of a delta in this mode: folded into the pool, or overwritten (source → destinations). */
function folds(ctx: ItemCtx, link: SyncLink | null, delta: number): boolean {
  if (ctx.group.mode !== "source" || !link) return true;
  if (link.shop === ctx.group.sourceShop) return true;
  // Destinations: sales (negative) reach the source; manual edits are overwritten.
  return delta < 0;
}

export function changePool(ctx: ItemCtx, delta: number) {
  if (delta === 0) return;
  ctx.item.pool += delta;
  ctx.item.version += 1;
  ctx.itemDirty = true;
}

/** An external change at a member (or, link null, to the pool itself): folded into the pool. */
export function applyDelta(
  ctx: ItemCtx,
  link: LinkState | null,
  delta: number,
  cause: string,
  result: string,
  extra: { sourceEventId?: string; payloadRef?: string | null; detail?: string | null; at?: Date } = {},
) {
  const folded = folds(ctx, link, delta);
  if (folded) changePool(ctx, delta);
  if (link && delta < 0 && cause !== "reconciliation") {
    // Units left this store's shelf: its velocity (demand) grows.
    Object.assign(link, recordSale(link, -delta, (extra.at ?? new Date()).getTime()));
    link.dirty = true;
  }
  pushEvent(ctx, link, {
    cause,
    delta,
    valueAfter: link?.lastSeen ?? null,
    poolAfter: ctx.item.pool,
    result: folded ? result : "overwritten",
    sourceEventId: extra.sourceEventId ?? null,
    payloadRef: extra.payloadRef ?? null,
    detail: extra.detail ?? null,
  });
}
