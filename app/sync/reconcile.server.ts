import prisma from "../db.server";
import { log } from "../log.server";
import { dbQueue } from "../queue/index.server";
import { readLevels } from "./admin-ops.server";
import { enqueueItem } from "./engine.server";
import { requireMember } from "./groups.server";

export const RECONCILE_GROUP_JOB = "sync.reconcile";
export const RECONCILE_ALL_JOB = "sync.reconcile-due";
export const RECONCILE_SCHEDULE = "sync-reconcile";
/** Members with more linked items than this are read with a bulk operation. */
export const BULK_RECONCILE_THRESHOLD = Number(process.env.SYNC_BULK_RECONCILE_THRESHOLD ?? 2_000);

/** Every minute the scheduler looks for groups whose own interval (default 15 min) has passed. */
export async function scheduleReconciliation(checkEveryMs = 60_000) {
  await dbQueue.schedule(RECONCILE_SCHEDULE, RECONCILE_ALL_JOB, checkEveryMs);
}

export async function reconcileDueGroups(now = new Date()) {
  const groups = await prisma.syncGroup.findMany({ where: { status: "active" } });
  for (const g of groups) {
    if (g.lastReconciledAt && now.getTime() - g.lastReconciledAt.getTime() < g.reconcileIntervalMs) continue;
    await dbQueue.enqueue({ name: RECONCILE_GROUP_JOB, payload: { groupId: g.id, by: "schedule" }, shop: g.ownerShop, orderingKey: `reconcile|${g.id}` });
  }
}

/** On demand from the admin (scoped to a member shop). */
export async function requestReconciliation(groupId: string, shop: string) {
  await requireMember(groupId, shop);
  await dbQueue.enqueue({ name: RECONCILE_GROUP_JOB, payload: { groupId, by: shop }, shop, orderingKey: `reconcile|${groupId}` });
}

export interface MemberLevels {
  shop: string;
  /** inventoryItemId → available (null: no level) */
  levels: Map<string, number | null>;
  from: Date;
  until: Date;
  source: string;
}

/**
 * Reads every member's real levels and hands them to each SKU's serialized job as
 * reconciliation observations, which explain, fold or raise drift (engine.applyReconcileRead).
 * Large members are read with a bulk operation (the result arrives via bulk_operations/finish).
 */
export async function reconcileGroup(groupId: string, { by = "schedule" }: { by?: string } = {}) {
  const group = await prisma.syncGroup.findUnique({ where: { id: groupId } });
  if (!group || group.status !== "active") return { members: 0, observations: 0 };
  const members = await prisma.syncMember.findMany({ where: { groupId, status: "active" } });
  let observations = 0;
  for (const m of members) {
    const links = await prisma.syncLink.findMany({ where: { memberId: m.id, status: "linked" }, select: { inventoryItemId: true } });
    if (links.length > BULK_RECONCILE_THRESHOLD) {
      const { startBulkLevelsRun } = await import("../import/bulk-import.server");
      await startBulkLevelsRun(m.shop, { purpose: "reconcile", groupId });
      continue;
    }
    for (let i = 0; i < links.length; i += 250) {
      const ids = links.slice(i, i + 250).map((l) => l.inventoryItemId);
      const from = new Date();
      const reads = await readLevels(m.shop, ids, m.locationId);
      const until = new Date();
      observations += await recordReconcileReads(groupId, {
        shop: m.shop,
        levels: new Map(reads.map((r) => [r.inventoryItemId, r.available])),
        from,
        until,
        source: `reconcile:${by}:${from.getTime()}`,
      });
    }
  }
  await prisma.syncGroup.update({ where: { id: groupId }, data: { lastReconciledAt: new Date() } });
  log("info", "reconciliation read members", { groupId, members: members.length, observations });
  return { members: members.length, observations };
}

export async function recordReconcileReads(groupId: string, r: MemberLevels): Promise<number> {
  const links = await prisma.syncLink.findMany({ where: { groupId, shop: r.shop, status: "linked", inventoryItemId: { in: [...r.levels.keys()] } } });
  let n = 0;
  const skus = new Set<string>();
  for (const l of links) {
    const available = r.levels.get(l.inventoryItemId);
    if (available === null || available === undefined) continue;
    await prisma.syncObservation
      .create({
        data: { groupId, sku: l.sku, linkId: l.id, shop: r.shop, available, at: r.from, until: r.until, kind: "reconcile", eventId: `${r.source}:${l.id}` },
      })
      .then(() => {
        n++;
        skus.add(l.sku);
      })
      .catch((e) => {
        if ((e as { code?: string }).code !== "P2002") throw e;
      });
  }
  for (const sku of skus) await enqueueItem(groupId, sku, r.shop);
  dbQueue.notify();
  return n;
}
