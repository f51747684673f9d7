// Group and member settings, pausing. Mode and matching change only while the group is paused;
// the rest (protection, thresholds, buffers, reconciliation) may change while it syncs.
import type { SyncGroup } from "@prisma/client";
import prisma from "../db.server";
import { requireMember } from "./access.server";
import { readLocationName } from "./admin-ops.server";
import { enqueueItemCommand } from "./commands.server";
import type { SyncDeps } from "./deps";
import { enableGroup, enqueueAllItems, type EnableResult } from "./enable.server";
import { SyncAccessError, SyncInputError } from "./errors";
import type { MatchBy, SyncMode } from "./membership.server";
import type { Protection } from "./targets";

export interface GroupSettingsPatch {
  mode?: SyncMode;
  matchBy?: MatchBy;
  sourceShop?: string | null;
  driftThreshold?: number;
  reconcileIntervalMs?: number;
  name?: string;
  protection?: Protection;
  /** automatic's threshold in units; null: measured */
  allocateBelow?: number | null;
}

export async function updateGroupSettings(groupId: string, shop: string, patch: GroupSettingsPatch, deps?: SyncDeps): Promise<SyncGroup> {
  const { group } = await requireMember(groupId, shop);
  const mode = patch.mode ?? group.mode;
  const sourceShop = mode === "source" ? (patch.sourceShop ?? group.sourceShop ?? group.ownerShop) : null;
  const changesMatching = mode !== group.mode || (patch.matchBy !== undefined && patch.matchBy !== group.matchBy) || sourceShop !== group.sourceShop;
  if (group.status === "active" && changesMatching) throw new SyncInputError("Pause the group before changing its mode or matching");
  if (mode === "source" && sourceShop !== group.sourceShop) {
    const m = await prisma.syncMember.findUnique({ where: { groupId_shop: { groupId, shop: sourceShop! } } });
    if (!m || m.status !== "active") throw new SyncInputError("The source must be a member");
  }
  if (patch.name !== undefined && !patch.name.trim()) throw new SyncInputError("Name is required");
  const updated = await prisma.syncGroup.update({
    where: { id: groupId },
    data: {
      mode,
      sourceShop,
      ...(patch.matchBy !== undefined ? { matchBy: patch.matchBy } : {}),
      ...(patch.driftThreshold !== undefined ? { driftThreshold: Math.max(0, Math.floor(patch.driftThreshold)) } : {}),
      ...(patch.reconcileIntervalMs !== undefined ? { reconcileIntervalMs: Math.max(60_000, Math.floor(patch.reconcileIntervalMs)) } : {}),
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.protection !== undefined ? { protection: patch.protection } : {}),
      ...(patch.allocateBelow !== undefined ? { allocateBelow: patch.allocateBelow === null ? null : Math.max(0, Math.floor(patch.allocateBelow)) } : {}),
    },
  });
  const movesTargets = (patch.protection !== undefined && patch.protection !== group.protection) || (patch.allocateBelow !== undefined && patch.allocateBelow !== group.allocateBelow);
  if (deps && movesTargets && updated.status === "active") await enqueueAllItems(deps, groupId, shop);
  return updated;
}

export async function updateMember(deps: SyncDeps, groupId: string, shop: string, patch: { locationId?: string; buffer?: number }) {
  const { group, member } = await requireMember(groupId, shop);
  const moves = patch.locationId && patch.locationId !== member.locationId;
  if (moves && group.status === "active") throw new SyncInputError("Pause the group before changing the location");
  const updated = await prisma.syncMember.update({
    where: { id: member.id },
    data: {
      ...(moves ? { locationId: patch.locationId, locationName: await readLocationName(deps.admin, shop, patch.locationId!) } : {}),
      ...(patch.buffer !== undefined ? { buffer: Math.max(0, Math.floor(patch.buffer)) } : {}),
    },
  });
  if (patch.buffer !== undefined && group.status === "active") await enqueueAllItems(deps, groupId, shop);
  return updated;
}

/** Members whose location name was never stored (mapped before names were kept) get it now. */
export async function fillLocationNames(deps: SyncDeps, groupId: string) {
  const missing = await prisma.syncMember.findMany({ where: { groupId, status: "active", locationName: null } });
  for (const m of missing) {
    const name = await readLocationName(deps.admin, m.shop, m.locationId);
    if (name) await prisma.syncMember.update({ where: { id: m.id }, data: { locationName: name } });
  }
}

export async function setGroupStatus(deps: SyncDeps, groupId: string, shop: string, status: "active" | "paused", opts: { planId?: string } = {}): Promise<EnableResult> {
  const { group } = await requireMember(groupId, shop);
  if (status === "active") return enableGroup(deps, groupId, shop, opts);
  const updated = await prisma.syncGroup.update({ where: { id: groupId }, data: { status: group.status === "draft" ? "draft" : "paused" } });
  return { status: "enabled", group: updated, plan: null };
}

export async function setItemPaused(deps: SyncDeps, groupId: string, shop: string, sku: string, paused: boolean, note: string) {
  await requireMember(groupId, shop);
  if (!note.trim()) throw new SyncInputError("A note is required");
  const item = await prisma.syncItem.findUnique({ where: { groupId_sku: { groupId, sku } } });
  if (!item) throw new SyncAccessError("SKU not found");
  await enqueueItemCommand(deps.queue, groupId, sku, shop, { kind: paused ? "pause" : "resume", note: note.trim(), by: shop });
}
