import type { SyncGroup, SyncMember } from "@prisma/client";
import prisma from "../db.server";
import { SyncAccessError } from "./errors";

/** The group, if `shop` is an active member of it; otherwise "not found" (no existence leak). */
export async function requireMember(groupId: string, shop: string): Promise<{ group: SyncGroup; member: SyncMember }> {
  const member = await prisma.syncMember.findUnique({ where: { groupId_shop: { groupId, shop } } });
  if (!member || member.status !== "active") throw new SyncAccessError("Sync group not found");
  const group = await prisma.syncGroup.findUniqueOrThrow({ where: { id: groupId } });
  return { group, member };
}

export async function groupsOfShop(shop: string) {
  const members = await prisma.syncMember.findMany({ where: { shop, status: "active" } });
  return prisma.syncGroup.findMany({ where: { id: { in: members.map((m) => m.groupId) } }, orderBy: { createdAt: "asc" } });
}

