// Propagation latency from recorded facts: for each external change the engine applied, the
// time from its store event (the observation's `at`) until the last "written" stock event of
// the same job run before that run applied its next change.
import type { Prisma, PrismaClient } from "@prisma/client";
import { chunks } from "./builtin/scope.server";

export const PROPAGATED_CAUSES = ["order", "cancellation", "refund", "external", "manual", "feed"];

export async function propagationLatencies(db: PrismaClient, where: Prisma.StockEventWhereInput, take?: number): Promise<{ id: number; ms: number }[]> {
  const applied = await db.stockEvent.findMany({
    where: { AND: [where, { result: "applied", cause: { in: PROPAGATED_CAUSES }, sourceEventId: { not: null }, correlationId: { not: null } }] },
    select: { id: true, groupId: true, shop: true, sourceEventId: true, correlationId: true },
    orderBy: { id: "asc" },
    ...(take ? { take } : {}),
  });
  if (!applied.length) return [];
  const runEvents: { id: number; correlationId: string | null; result: string; createdAt: Date }[] = [];
  for (const ids of chunks([...new Set(applied.map((a) => a.correlationId!))])) {
    runEvents.push(
      ...(await db.stockEvent.findMany({
        where: { correlationId: { in: ids }, OR: [{ result: "written" }, { result: "applied", cause: { in: PROPAGATED_CAUSES } }] },
        select: { id: true, correlationId: true, result: true, createdAt: true },
      })),
    );
  }
  const byRun = new Map<string, typeof runEvents>();
  for (const e of runEvents.sort((a, b) => a.id - b.id)) byRun.set(e.correlationId!, [...(byRun.get(e.correlationId!) ?? []), e]);
  const eventAt = new Map<string, number>();
  for (const ids of chunks([...new Set(applied.map((a) => a.sourceEventId!))])) {
    const obs = await db.syncObservation.findMany({ where: { eventId: { in: ids } }, select: { groupId: true, shop: true, eventId: true, at: true } });
    for (const o of obs) eventAt.set(`${o.groupId}|${o.shop}|${o.eventId}`, o.at.getTime());
  }
  const out: { id: number; ms: number }[] = [];
  for (const a of applied) {
    const start = eventAt.get(`${a.groupId}|${a.shop}|${a.sourceEventId}`);
    if (start === undefined) continue;
    let confirmed: number | null = null;
    for (const e of byRun.get(a.correlationId!) ?? []) {
      if (e.id <= a.id) continue;
      if (e.result === "applied") {
        if (confirmed !== null) break;
        continue;
      }
      confirmed = e.createdAt.getTime();
    }
    if (confirmed !== null) out.push({ id: a.id, ms: Math.max(0, confirmed - start) });
  }
  return out;
}
