// What the Sync page shows: groups with their members (location names), protection and
// threshold, the starting plan of a draft group, the latest rebalances, and per SKU the pool,
// each store's allocation and recent velocity.
import prisma from "../db.server";
import { groupsOfShop, requireMember } from "./access.server";
import { previewGroup } from "./matching.server";
import { latestPlan } from "./start-plan.server";
import { asProtection, automaticThreshold, DEFAULT_PROPAGATION_P99_MS } from "./targets";
import { velocity } from "./velocity";

export async function syncOverview(shop: string) {
  const groups = await groupsOfShop(shop);
  const out = [];
  for (const g of groups) {
    const members = await prisma.syncMember.findMany({ where: { groupId: g.id, status: "active" }, orderBy: { joinedAt: "asc" } });
    const [items, allocating, paused, keys, openExceptions, rebalances] = await Promise.all([
      prisma.syncItem.count({ where: { groupId: g.id } }),
      prisma.syncItem.count({ where: { groupId: g.id, allocating: true } }),
      prisma.syncItem.findMany({ where: { groupId: g.id, paused: true }, select: { sku: true, pausedReason: true }, take: 50 }),
      prisma.syncShareKey.findMany({ where: { groupId: g.id, usedAt: null, revokedAt: null, expiresAt: { gt: new Date() } }, select: { id: true, hint: true, expiresAt: true } }),
      prisma.syncException.count({ where: { groupId: g.id, status: "open" } }),
      recentRebalances(g.id),
    ]);
    const draft = g.status === "draft";
    const preview = draft ? await previewGroup(g, members) : null;
    const plan = draft ? await latestPlan(g.id) : null;
    const protection = g.mode === "source" ? "off" : asProtection(g.protection);
    out.push({
      group: g,
      members,
      items,
      allocating,
      paused,
      keys,
      openExceptions,
      rebalances,
      protection,
      p99Ms: g.propagationP99Ms ?? DEFAULT_PROPAGATION_P99_MS,
      p99Measured: g.propagationP99Ms !== null,
      preview: preview ? { matched: preview.matched.length, unmatched: preview.unmatched.length, conflicting: preview.conflicting, missingKey: preview.missingKey.length } : null,
      plan,
    });
  }
  const imports = await prisma.importRun.findMany({ where: { shop }, orderBy: { startedAt: "desc" }, take: 3 });
  return { groups: out, imports };
}

/** The group's latest allocation moves (taken / given), each with its cause, newest first. */
export function recentRebalances(groupId: string, take = 10) {
  return prisma.stockEvent.findMany({
    where: { groupId, cause: "rebalance" },
    orderBy: { id: "desc" },
    take,
    select: { id: true, createdAt: true, shop: true, sku: true, delta: true, valueAfter: true, poolAfter: true, result: true, detail: true },
  });
}

export const SKU_PAGE = 25;

/** One page of the group's SKUs: pool, phase, each member's allocation (what it shows) and velocity. */
export async function groupSkus(shop: string, groupId: string, opts: { page?: number; sku?: string } = {}, now = Date.now()) {
  const { group } = await requireMember(groupId, shop);
  const page = Math.max(1, opts.page ?? 1);
  const where = { groupId, ...(opts.sku ? { sku: { startsWith: opts.sku } } : {}) };
  const members = await prisma.syncMember.findMany({ where: { groupId, status: "active" }, orderBy: { joinedAt: "asc" } });
  const total = await prisma.syncItem.count({ where });
  const items = await prisma.syncItem.findMany({ where, orderBy: { sku: "asc" }, skip: (page - 1) * SKU_PAGE, take: SKU_PAGE });
  const links = await prisma.syncLink.findMany({ where: { itemId: { in: items.map((i) => i.id) }, status: "linked" } });
  const p99 = group.propagationP99Ms ?? DEFAULT_PROPAGATION_P99_MS;
  const rows = items.map((it) => {
    const mine = links.filter((l) => l.itemId === it.id);
    const perMember = members.map((m) => {
      const l = mine.find((x) => x.memberId === m.id);
      return l ? { memberId: m.id, shows: l.lastSeen, perMinute: Math.round(velocity(l, now) * 600) / 10 } : null;
    });
    const velocities = perMember.map((p) => (p ? p.perMinute / 60 : 0));
    return {
      sku: it.sku,
      pool: it.pool,
      allocating: it.allocating,
      paused: it.paused,
      threshold: automaticThreshold(group.allocateBelow, velocities, p99, mine.some((l) => l.salesAt !== null)),
      members: perMember,
    };
  });
  return { page, pages: Math.max(1, Math.ceil(total / SKU_PAGE)), total, members: members.map((m) => ({ id: m.id, shop: m.shop, buffer: m.buffer })), rows };
}
