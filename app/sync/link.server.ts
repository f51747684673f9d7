import type { Prisma, SyncGroup, SyncLink, SyncMember } from "@prisma/client";
import prisma from "../db.server";

type Db = Prisma.TransactionClient | typeof prisma;

export interface LinkInput {
  sku: string;
  inventoryItemId: string;
  variantId?: string | null;
  available: number;
  at: Date;
  /** From a confirmed starting plan: the pool of a new SKU and what this member will show. */
  start?: { pool: number; target: number; allocating: boolean; rule: string };
}

/**
 * Links one member item to the group SKU's pool. A new SKU starts its pool from the starting
 * plan (or, without one, from this value); a member joining an existing SKU keeps the pool.
 */
export async function linkItem(group: SyncGroup, member: SyncMember, v: LinkInput, db: Db = prisma): Promise<SyncLink | null> {
  let item = await db.syncItem.findUnique({ where: { groupId_sku: { groupId: group.id, sku: v.sku } } });
  const startsPool = !item && (v.start !== undefined || group.mode !== "source" || group.sourceShop === member.shop);
  if (!item) {
    const pool = v.start ? v.start.pool : startsPool ? v.available : 0;
    item = await db.syncItem.upsert({
      where: { groupId_sku: { groupId: group.id, sku: v.sku } },
      create: { groupId: group.id, sku: v.sku, pool, allocating: v.start?.allocating ?? group.protection === "guaranteed" },
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
      startTarget: v.start?.target ?? null,
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
      detail: v.start ? `starting pool (${v.start.rule}): ${item.pool}; this store ${v.available} → ${v.start.target}` : null,
    },
  });
  return link;
}
