// Exceptions get owners: when the engine opens an exception, the routing rule of its class
// (the store's own rule, else the group owner's) names the owner and the SLA; every exception
// gets an ownership record so "time to owner assignment" is measured, whether a rule or a
// person assigned it.
import type { Prisma, SyncException } from "@prisma/client";
import prisma from "../db.server";

type Db = Prisma.TransactionClient | typeof prisma;

/** Hook for app/sync/exceptions.server.ts openException, after a new exception was created. */
export async function routeOpenedException(ex: SyncException, db: Db = prisma): Promise<SyncException> {
  const shops = [ex.shop];
  if (ex.groupId) {
    const group = await db.syncGroup.findUnique({ where: { id: ex.groupId }, select: { ownerShop: true } });
    if (group && group.ownerShop !== ex.shop) shops.push(group.ownerShop);
  }
  const rules = await db.ownerRule.findMany({ where: { class: ex.class, shop: { in: shops } } });
  const rule = rules.find((r) => r.shop === ex.shop) ?? rules[0];
  const base = { exceptionId: ex.id, shop: ex.shop, groupId: ex.groupId, class: ex.class, openedAt: ex.createdAt };
  if (!rule) {
    await db.exceptionOwnership.upsert({ where: { exceptionId: ex.id }, create: base, update: {} });
    return ex;
  }
  const now = new Date();
  await db.exceptionOwnership.upsert({
    where: { exceptionId: ex.id },
    create: { ...base, owner: rule.owner, source: "rule", assignedAt: now, assignedBy: "routing rule" },
    update: {},
  });
  const trail = [...(JSON.parse(ex.trail) as unknown[]), { at: now.toISOString(), by: "routing rule", action: `assigned:${rule.owner}`, note: `SLA ${rule.slaHours} h (${rule.shop})` }];
  return db.syncException.update({
    where: { id: ex.id },
    data: { owner: rule.owner, slaDueAt: new Date(ex.createdAt.getTime() + rule.slaHours * 3_600_000), trail: JSON.stringify(trail) },
  });
}

/** Hook for a manual owner assignment: the first assignment ends the "time to owner" clock. */
export async function recordManualAssignment(ex: Pick<SyncException, "id" | "shop" | "groupId" | "class" | "createdAt">, owner: string, by: string, db: Db = prisma): Promise<void> {
  const now = new Date();
  const existing = await db.exceptionOwnership.findUnique({ where: { exceptionId: ex.id } });
  if (!existing) {
    await db.exceptionOwnership.create({ data: { exceptionId: ex.id, shop: ex.shop, groupId: ex.groupId, class: ex.class, openedAt: ex.createdAt, owner, source: "manual", assignedAt: now, assignedBy: by } });
    return;
  }
  await db.exceptionOwnership.update({
    where: { exceptionId: ex.id },
    data: existing.assignedAt ? { owner } : { owner, source: "manual", assignedAt: now, assignedBy: by },
  });
}
