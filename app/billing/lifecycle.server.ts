// The install lifecycle beyond the foundation's markUninstalled (app/shops.server.ts):
//  - uninstall: the sessions go through the app's session storage (so no cache keeps a revoked
//    token), the shop leaves its sync groups (the others keep syncing, nothing more is written to
//    it) and each membership is set aside; the plan record goes (Shopify cancels the app's
//    subscriptions on uninstall), so a reinstall lands on the plan page again;
//  - reinstall: the set-aside memberships come back only when the merchant confirms (Sync page);
//    links are made afresh from the store's current levels, under the plan's limits;
//  - shop/redact (48 h later) erases everything through the privacy registry's sweep.
import prisma from "../db.server";
import { sessionStorage } from "../shopify.server";
import { linkMember } from "../sync/enable.server";
import { leaveGroup } from "../sync/membership.server";
import { productionSyncDeps } from "../sync/production.server";
import type { SyncDeps } from "../sync/deps";
import { SyncInputError } from "../sync/errors";
import { markResolved, openException } from "../sync/exceptions.server";

export async function forgetSessions(shop: string): Promise<number> {
  const sessions = await sessionStorage.findSessionsByShop(shop);
  if (sessions.length) await sessionStorage.deleteSessions(sessions.map((s) => s.id));
  return sessions.length;
}

/** app/uninstalled: leave every group (set the membership aside) and forget the plan. */
export async function setAsideShop(shop: string): Promise<number> {
  const members = await prisma.syncMember.findMany({ where: { shop, status: "active" } });
  for (const m of members) {
    const group = await prisma.syncGroup.findUnique({ where: { id: m.groupId } });
    if (!group) continue;
    await prisma.suspendedMembership.upsert({
      where: { shop_groupId: { shop, groupId: m.groupId } },
      create: { shop, groupId: m.groupId, groupName: group.name, locationId: m.locationId, buffer: m.buffer },
      update: { groupName: group.name, locationId: m.locationId, buffer: m.buffer, suspendedAt: new Date() },
    });
    await leaveGroup(m.groupId, shop);
  }
  await prisma.shopPlan.deleteMany({ where: { shop } });
  return members.length;
}

export async function onUninstalledLifecycle({ shop }: { shop: string }) {
  await forgetSessions(shop);
  await setAsideShop(shop);
}

export async function suspendedMemberships(shop: string) {
  return prisma.suspendedMembership.findMany({ where: { shop }, orderBy: { suspendedAt: "asc" } });
}

/** The merchant confirms: the shop rejoins the group it left on uninstall (fresh links, plan limits apply). */
export async function rejoinGroup(shop: string, groupId: string, deps: SyncDeps = productionSyncDeps) {
  const s = await prisma.suspendedMembership.findUnique({ where: { shop_groupId: { shop, groupId } } });
  if (!s) throw new SyncInputError("Nothing to rejoin");
  const installed = await prisma.shop.findUnique({ where: { domain: shop } });
  if (!installed || installed.uninstalledAt) throw new SyncInputError("Install Stockroom on this store first");
  if (await prisma.syncMember.findFirst({ where: { shop, status: "active" } })) throw new SyncInputError("This store already belongs to a sync group; leave it first");
  const group = await prisma.syncGroup.findUnique({ where: { id: groupId } });
  const others = await prisma.syncMember.count({ where: { groupId, status: "active" } });
  if (!group || others === 0) {
    await prisma.suspendedMembership.delete({ where: { id: s.id } });
    throw new SyncInputError("That group no longer has any store; create a new one");
  }
  await deps.plan?.beforeJoin(groupId, shop);
  const member = await prisma.syncMember.update({ where: { groupId_shop: { groupId, shop } }, data: { status: "active", locationId: s.locationId, buffer: s.buffer } });
  // Its old links described the store before it left: link again from what it has now.
  const old = (await prisma.syncLink.findMany({ where: { memberId: member.id }, select: { id: true } })).map((l) => l.id);
  await prisma.$transaction([
    prisma.syncObservation.deleteMany({ where: { linkId: { in: old } } }),
    prisma.syncPendingWrite.deleteMany({ where: { linkId: { in: old } } }),
    prisma.syncLink.deleteMany({ where: { id: { in: old } } }),
  ]);
  await prisma.suspendedMembership.delete({ where: { id: s.id } });
  if (group.status === "active") await linkMember(deps, group, member);
  return { group, member };
}

export async function dismissRejoin(shop: string, groupId: string) {
  await prisma.suspendedMembership.deleteMany({ where: { shop, groupId } });
}

const SCOPE_NEEDS: Record<string, string> = {
  read_products: "reading the catalog (import, SKU matching, the widget's alternatives)",
  read_inventory: "reading stock levels (sync, reconciliation, the widget)",
  write_inventory: "writing stock to this store (sync)",
  read_orders: "order attribution (stock events, surveys, KPIs)",
  read_locations: "choosing the synced location",
};

function granted(scopes: string[], need: string) {
  return scopes.includes(need) || (need.startsWith("read_") && scopes.includes(`write_${need.slice(5)}`));
}

/**
 * app/scopes_update: a required scope the merchant took away is one open `missing_scope`
 * exception naming what stops working (resolved when the scope is granted again), so the
 * trouble is visible in the Exceptions queue instead of only in failing jobs.
 */
export async function reviewScopes(shop: string, current: string[], required = (process.env.SCOPES ?? "").split(",").filter(Boolean)) {
  const missing = required.filter((s) => !granted(current, s));
  const subject = `${shop}|scopes`;
  if (missing.length) {
    const what = missing.map((s) => `${s} (${SCOPE_NEEDS[s] ?? "a Stockroom feature"})`).join("; ");
    await openException({ class: "missing_scope", shop, subject, title: `Stockroom lacks ${missing.join(", ")} on ${shop}: ${what}. Grant the scope again in Shopify admin.`, detail: JSON.stringify({ missing, current }) });
    return missing;
  }
  const open = await prisma.syncException.findFirst({ where: { shop, class: "missing_scope", status: "open", openKey: { not: null } } });
  if (open) await markResolved(open.id, { resolution: "scope_granted", note: `Scopes granted again: ${current.join(", ")}`, by: "app/scopes_update" });
  return missing;
}
