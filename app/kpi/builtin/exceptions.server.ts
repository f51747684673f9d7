// KPIs of the exception queue: open by class, time to owner, time to resolution, SLA overdue.
import { histogramOf } from "../histogram";
import { registerKpi } from "../registry.server";
import { countSummary, percentileSummary } from "../summaries";
import { openAt, visibleToScope } from "./scope.server";

registerKpi({
  id: "exceptions_open",
  title: "Open exceptions",
  definition: "Exceptions waiting for an owner's action, by class.",
  format: "count",
  better: "lower",
  combine: "latest",
  order: 40,
  summarize: countSummary({ combine: "latest", breakdown: "byClass" }),
  async aggregate({ scope, to, db }) {
    const rows = await db.syncException.groupBy({ by: ["class"], where: openAt(scope, to), _count: { _all: true } });
    const byClass = Object.fromEntries(rows.map((r) => [r.class, r._count._all]));
    return { num: rows.reduce((s, r) => s + r._count._all, 0), den: 0, data: { byClass } };
  },
});

registerKpi({
  id: "sla_overdue",
  title: "SLA overdue",
  definition: "Open exceptions past the SLA of their class.",
  format: "count",
  better: "lower",
  combine: "latest",
  order: 41,
  summarize: countSummary({ combine: "latest" }),
  async aggregate({ scope, to, db }) {
    const num = await db.syncException.count({ where: { AND: [openAt(scope, to), { slaDueAt: { lt: to } }] } });
    return { num, den: 0 };
  },
});

registerKpi({
  id: "time_to_owner",
  title: "Time to owner",
  definition: "Median time from an exception opening until it had an owner (by rule or by hand).",
  format: "duration",
  better: "lower",
  combine: "sum",
  order: 42,
  summarize: percentileSummary([50]),
  async aggregate({ scope, from, to, db }) {
    const rows = await db.exceptionOwnership.findMany({
      where: { assignedAt: { gte: from, lt: to }, OR: [{ groupId: { in: scope.groupIds } }, { groupId: null, shop: scope.shop }] },
      select: { openedAt: true, assignedAt: true },
    });
    const ms = rows.map((r) => r.assignedAt!.getTime() - r.openedAt.getTime());
    return ms.length ? { num: ms.length, den: 0, data: { hist: histogramOf(ms) } } : null;
  },
});

registerKpi({
  id: "time_to_resolution",
  title: "Time to resolution",
  definition: "Median time from an exception opening until it was resolved with a note.",
  format: "duration",
  better: "lower",
  combine: "sum",
  order: 43,
  summarize: percentileSummary([50]),
  async aggregate({ scope, from, to, db }) {
    const rows = await db.syncException.findMany({
      where: { AND: [visibleToScope(scope), { resolvedAt: { gte: from, lt: to } }] },
      select: { createdAt: true, resolvedAt: true },
    });
    const ms = rows.map((r) => r.resolvedAt!.getTime() - r.createdAt.getTime());
    return ms.length ? { num: ms.length, den: 0, data: { hist: histogramOf(ms) } } : null;
  },
});
