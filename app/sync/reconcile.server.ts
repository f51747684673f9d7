// Reconciliation: reads every member's real levels and hands them to each SKU's serialized job
// as reconciliation observations, which explain, fold or raise drift (reconcile-read.server.ts).
import prisma from "../db.server";
import { startBulkLevelsRun } from "../import/bulk-import.server";
import { log } from "../log.server";
import { requireMember } from "./access.server";
import { readLevels } from "./admin-ops.server";
import type { SyncDeps } from "./deps";
import { enqueueItem, RECONCILE_ALL_JOB, RECONCILE_GROUP_JOB, RECONCILE_SCHEDULE } from "./jobs";

/** Members with more linked items than this are read with a bulk operation. */
export const BULK_RECONCILE_THRESHOLD = Number(process.env.SYNC_BULK_RECONCILE_THRESHOLD ?? 2_000);

/** Every minute the scheduler looks for groups whose own interval (default 15 min) has passed. */
export async function scheduleReconciliation(deps: SyncDeps, checkEveryMs = 60_000) {
  await deps.queue.schedule(RECONCILE_SCHEDULE, RECONCILE_ALL_JOB, checkEveryMs);
}

export async function reconcileDueGroups(deps: SyncDeps, now = new Date()) {
  const groups = await prisma.syncGroup.findMany({ where: { status: "active" } });
  for (const g of groups) {
    if (g.lastReconciledAt && now.getTime() - g.lastReconciledAt.getTime() < g.reconcileIntervalMs) continue;
    // One scheduled run per due reconciliation: while it waits behind a backlog the group stays
    // due, and every minute's check would queue another full read. Keyed by the interval slot as
    // well, so a run that died does not stop the schedule: the next slot queues a fresh one.
    const slot = Math.floor(now.getTime() / g.reconcileIntervalMs);
    const dedupeKey = `reconcile|${g.id}|${g.lastReconciledAt?.getTime() ?? "never"}|${slot}`;
    await deps.queue.enqueue({ name: RECONCILE_GROUP_JOB, payload: { groupId: g.id, by: "schedule" }, shop: g.ownerShop, orderingKey: `reconcile|${g.id}`, dedupeKey });
  }
}

/** On demand from the admin (scoped to a member shop). */
export async function requestReconciliation(deps: SyncDeps, groupId: string, shop: string) {
  await requireMember(groupId, shop);
  await deps.queue.enqueue({ name: RECONCILE_GROUP_JOB, payload: { groupId, by: shop }, shop, orderingKey: `reconcile|${groupId}` });
}

export interface MemberLevels {
  shop: string;
  /** inventoryItemId → available (null: no level) */
  levels: Map<string, number | null>;
  from: Date;
  until: Date;
  source: string;
}

/** Large members are read with a bulk operation: its result arrives as "import finished" (afterBulkRead). */
export async function reconcileGroup(deps: SyncDeps, groupId: string, { by = "schedule" }: { by?: string } = {}) {
  const group = await prisma.syncGroup.findUnique({ where: { id: groupId } });
  if (!group || group.status !== "active") return { members: 0, observations: 0 };
  const members = await prisma.syncMember.findMany({ where: { groupId, status: "active" } });
  let observations = 0;
  for (const m of members) {
    const links = await prisma.syncLink.findMany({ where: { memberId: m.id, status: "linked" }, select: { inventoryItemId: true } });
    if (links.length > BULK_RECONCILE_THRESHOLD) {
      await startBulkLevelsRun(deps.admin(m.shop), m.shop, { purpose: "reconcile", groupId });
      continue;
    }
    for (let i = 0; i < links.length; i += 250) {
      const ids = links.slice(i, i + 250).map((l) => l.inventoryItemId);
      const from = new Date();
      const reads = await readLevels(deps.admin, m.shop, ids, m.locationId);
      const until = new Date();
      observations += await recordReconcileReads(deps, groupId, { shop: m.shop, levels: new Map(reads.map((r) => [r.inventoryItemId, r.available])), from, until, source: `reconcile:${by}:${from.getTime()}` });
    }
  }
  await prisma.syncGroup.update({ where: { id: groupId }, data: { lastReconciledAt: new Date() } });
  log("info", "reconciliation read members", { groupId, members: members.length, observations });
  return { members: members.length, observations };
}

/**
 * A bulk read for reconciliation finished: the import wrote the levels it read into the ledger
 * (stamped with the operation's start); rows a webhook moved since are newer and left to it.
 */
export async function afterBulkRead(deps: SyncDeps, run: { id: string; shop: string; groupId: string | null; startedAt: Date; finishedAt: Date | null }) {
  if (!run.groupId) return 0;
  const member = await prisma.syncMember.findUnique({ where: { groupId_shop: { groupId: run.groupId, shop: run.shop } } });
  if (!member || member.status !== "active") return 0;
  const rows = await prisma.inventoryLevel.findMany({ where: { shop: run.shop, locationId: member.locationId, seenAt: run.startedAt }, select: { inventoryItemId: true, available: true } });
  return recordReconcileReads(deps, run.groupId, {
    shop: run.shop,
    levels: new Map(rows.map((r) => [r.inventoryItemId, r.available])),
    from: run.startedAt,
    until: run.finishedAt ?? new Date(),
    source: `reconcile:bulk:${run.id}`,
  });
}

export async function recordReconcileReads(deps: SyncDeps, groupId: string, r: MemberLevels): Promise<number> {
  const links = await prisma.syncLink.findMany({ where: { groupId, shop: r.shop, status: "linked", inventoryItemId: { in: [...r.levels.keys()] } } });
  let n = 0;
  const skus = new Set<string>();
  for (const l of links) {
    const available = r.levels.get(l.inventoryItemId);
    if (available === null || available === undefined) continue;
    try {
      await prisma.syncObservation.create({ data: { groupId, sku: l.sku, linkId: l.id, shop: r.shop, available, at: r.from, until: r.until, kind: "reconcile", eventId: `${r.source}:${l.id}` } });
      n++;
      skus.add(l.sku);
    } catch (e) {
      if ((e as { code?: string }).code !== "P2002") throw e;
    }
  }
  for (const sku of skus) await enqueueItem(deps.queue, groupId, sku, r.shop);
  return n;
}
