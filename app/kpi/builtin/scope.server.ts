// Which facts a shop's KPIs count: those of the sync groups it is an active member of, and
// its own facts outside any group (the same visibility as the Exceptions page).
import type { Prisma } from "@prisma/client";
import type { KpiScope } from "../registry.server";

export function visibleToScope(scope: KpiScope): Prisma.SyncExceptionWhereInput {
  return { OR: [{ groupId: { in: scope.groupIds } }, { groupId: null, shop: scope.shop }] };
}

/** Exceptions open at `at`: opened before it and not resolved by then. */
export function openAt(scope: KpiScope, at: Date): Prisma.SyncExceptionWhereInput {
  return {
    AND: [visibleToScope(scope), { createdAt: { lt: at } }, { OR: [{ resolvedAt: null }, { resolvedAt: { gte: at } }] }],
  };
}

export function chunks<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
