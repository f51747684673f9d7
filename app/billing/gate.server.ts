// The sync engine's plan checks (SyncDeps.plan): a group is governed by its owner's plan.
import prisma from "../db.server";
import { previewGroup } from "../sync/matching.server";
import { assertWithinPlan } from "./limits.server";

async function activeMembers(groupId: string) {
  return prisma.syncMember.findMany({ where: { groupId, status: "active" } });
}

/** SKUs the group syncs (or, before its first enable, would sync). */
export async function groupSkuCount(groupId: string): Promise<number> {
  const group = await prisma.syncGroup.findUniqueOrThrow({ where: { id: groupId } });
  if (group.status !== "draft") return prisma.syncItem.count({ where: { groupId } });
  const p = await previewGroup(group, await activeMembers(groupId));
  return p.matched.length + p.unmatched.length;
}

export const planGate = {
  /** `shop` is about to join: the group would link one more store than it does now. */
  async beforeJoin(groupId: string, shop: string) {
    const group = await prisma.syncGroup.findUniqueOrThrow({ where: { id: groupId } });
    const others = (await activeMembers(groupId)).filter((m) => m.shop !== group.ownerShop && m.shop !== shop).length;
    await assertWithinPlan(group.ownerShop, { linkedStores: others + 1 }, { asking: shop });
  },
  /** The group is about to start (or resume) syncing. */
  async beforeSync(groupId: string, shop: string) {
    const group = await prisma.syncGroup.findUniqueOrThrow({ where: { id: groupId } });
    const linked = (await activeMembers(groupId)).filter((m) => m.shop !== group.ownerShop).length;
    await assertWithinPlan(group.ownerShop, { linkedStores: linked, skus: await groupSkuCount(groupId) }, { asking: shop });
  },
};
