// Enabling a group (it writes exactly the starting plan the merchant confirmed) and linking a
// member's SKUs (join, after an import).
import type { SyncGroup, SyncMember } from "@prisma/client";
import prisma from "../db.server";
import { requireMember } from "./access.server";
import { readLevels } from "./admin-ops.server";
import type { SyncDeps } from "./deps";
import { SyncInputError } from "./errors";
import { openException } from "./exceptions.server";
import { enqueueItem } from "./jobs";
import { linkItem } from "./link.server";
import { previewGroup } from "./matching.server";
import { scheduleReconciliation } from "./reconcile.server";
import { computePlan, planDifferences, planOf, savePlan, type StartPlan } from "./start-plan.server";
import { ruleLabel, type StartRule } from "./start-rules";

/** What enabling would link (matched, one store only, conflicting, missing keys), for a member shop. */
export async function previewMatching(groupId: string, shop: string) {
  const { group } = await requireMember(groupId, shop);
  return previewGroup(group, await prisma.syncMember.findMany({ where: { groupId, status: "active" } }));
}

/** Reads the members' current levels and saves the starting plan for `rule` (writes nothing to a store). */
export async function previewStart(deps: SyncDeps, groupId: string, shop: string, rule: StartRule): Promise<StartPlan> {
  const { group } = await requireMember(groupId, shop);
  if (group.status !== "draft") throw new SyncInputError("The starting pool is chosen once, before the first enable");
  if (rule.kind === "store" && !(await prisma.syncMember.findFirst({ where: { groupId, shop: rule.shop, status: "active" } }))) throw new SyncInputError("Choose a member store");
  return savePlan(groupId, shop, await computePlan(deps, group, rule));
}

export type EnableResult = { status: "enabled"; group: SyncGroup; plan: StartPlan | null } | { status: "changed"; changed: string[]; plan: StartPlan };

/**
 * Enables the group. A draft group needs the starting plan the merchant saw (`planId`; without
 * one, the owner's counts are the truth): the members are read again, and if any SKU's numbers
 * moved nothing is written and a fresh plan comes back to confirm. A paused group just resumes.
 */
export async function enableGroup(deps: SyncDeps, groupId: string, shop: string, opts: { planId?: string } = {}): Promise<EnableResult> {
  const { group } = await requireMember(groupId, shop);
  if (group.status === "active") return { status: "enabled", group, plan: null };
  await deps.plan?.beforeSync(groupId, shop);
  if (group.status === "paused") {
    const active = await prisma.syncGroup.update({ where: { id: groupId }, data: { status: "active" } });
    await enqueueAllItems(deps, groupId, shop);
    return { status: "enabled", group: active, plan: null };
  }
  const saved = opts.planId ? await prisma.syncStartPlan.findFirst({ where: { id: opts.planId, groupId, usedAt: null } }) : null;
  if (opts.planId && !saved) throw new SyncInputError("That starting plan is no longer valid; preview again");
  const rule: StartRule = saved ? planOf(saved).rule : { kind: "store", shop: group.ownerShop };
  const now = await computePlan(deps, group, rule);
  if (saved) {
    const changed = planDifferences(planOf(saved), now);
    if (changed.length) return { status: "changed", changed, plan: await savePlan(groupId, shop, now) };
  }
  const plan = saved ? { ...now, id: saved.id } : await savePlan(groupId, shop, now);
  // The plan just read every member: the first scheduled reconciliation is one interval away.
  const active = await prisma.syncGroup.update({ where: { id: groupId }, data: { status: "active", lastReconciledAt: new Date() } });
  for (const c of now.preview.conflicting) {
    await openException({
      class: "sku_conflict",
      groupId,
      shop: c.shop,
      sku: c.key,
      subject: `${c.shop}|${c.key}`,
      title: `${c.variants.length} variants share ${group.matchBy} ${c.key} in ${c.shop}: not synced until fixed`,
      members: c.variants,
    });
  }
  const members = new Map((await prisma.syncMember.findMany({ where: { groupId, status: "active" } })).map((m) => [m.id, m]));
  for (const r of plan.rows) {
    for (const m of r.members) {
      const member = members.get(m.memberId);
      if (!member) continue;
      await linkItem(active, member, {
        sku: r.key,
        inventoryItemId: m.inventoryItemId,
        variantId: m.variantId,
        available: m.current,
        at: now.readAt,
        start: { pool: r.pool, target: m.target, allocating: r.allocating, rule: `${ruleLabel(plan.rule)}: ${r.words}` },
      });
    }
  }
  await prisma.syncStartPlan.update({ where: { id: plan.id }, data: { usedAt: new Date() } });
  await enqueueAllItems(deps, groupId, shop);
  await scheduleReconciliation(deps);
  return { status: "enabled", group: active, plan };
}

/** Creates the member's links for every matchable SKU (reading its real levels first). */
export async function linkMember(deps: SyncDeps, group: SyncGroup, member: SyncMember) {
  const members = await prisma.syncMember.findMany({ where: { groupId: group.id, status: "active" } });
  const p = await previewGroup(group, members);
  const rows = [...p.matched, ...p.unmatched]
    .map((r) => ({ key: r.key, v: r.members.find((x) => x.shop === member.shop) }))
    .filter((r): r is { key: string; v: NonNullable<typeof r.v> } => !!r.v?.inventoryItemId);
  for (let i = 0; i < rows.length; i += 250) {
    const chunk = rows.slice(i, i + 250);
    const at = new Date();
    const levels = await readLevels(deps.admin, member.shop, chunk.map((r) => r.v.inventoryItemId!), member.locationId);
    for (const r of chunk) {
      const level = levels.find((l) => l.inventoryItemId === r.v.inventoryItemId);
      if (!level || level.available === null) continue;
      await linkItem(group, member, { sku: r.key, inventoryItemId: r.v.inventoryItemId!, variantId: r.v.variantId, available: level.available, at });
    }
  }
  await enqueueAllItems(deps, group.id, member.shop);
}

/** After an import: link what the shop's catalog now holds in its active group. */
export async function linkShopAfterImport(deps: SyncDeps, shop: string) {
  const members = await prisma.syncMember.findMany({ where: { shop, status: "active" } });
  for (const m of members) {
    const group = await prisma.syncGroup.findUnique({ where: { id: m.groupId } });
    if (group?.status === "active") await linkMember(deps, group, m);
  }
}

export async function enqueueAllItems(deps: SyncDeps, groupId: string, shop: string | null) {
  const items = await prisma.syncItem.findMany({ where: { groupId }, select: { sku: true } });
  for (const it of items) await enqueueItem(deps.queue, groupId, it.sku, shop);
}
