// KPIs from the sync engine's recorded facts: reconciliation reads, stock events, exceptions.
import { histogramOf } from "../histogram";
import { registerKpi } from "../registry.server";
import { countSummary, percentileSummary, ratioSummary } from "../summaries";
import { propagationLatencies } from "../propagation.server";
import { chunks, openAt } from "./scope.server";

/** Reconciliation results that say whether the store matched: equal, or different (folded or drift). */
const JUDGED = ["unchanged", "folded", "drift"];

registerKpi({
  id: "inventory_accuracy",
  title: "Inventory accuracy",
  definition: "Share of SKU × store pairs whose store value matched the expected value at their last reconciliation.",
  format: "percent",
  better: "higher",
  target: 99,
  combine: "latest",
  order: 10,
  summarize: ratioSummary({ combine: "latest", decimals: 2 }),
  async aggregate({ scope, to, db }) {
    if (!scope.groupIds.length) return null;
    const latest = await db.syncObservation.groupBy({
      by: ["linkId"],
      where: { groupId: { in: scope.groupIds }, kind: "reconcile", at: { lt: to }, result: { in: JUDGED } },
      _max: { id: true },
    });
    if (!latest.length) return null;
    let matched = 0;
    for (const ids of chunks(latest.map((l) => l._max.id!))) {
      matched += await db.syncObservation.count({ where: { id: { in: ids }, result: "unchanged" } });
    }
    return { num: matched, den: latest.length };
  },
});

registerKpi({
  id: "oversells",
  title: "Oversells",
  definition: "Orders that took a store or the shared pool below zero.",
  format: "count",
  better: "lower",
  combine: "sum",
  order: 20,
  summarize: countSummary({ combine: "sum" }),
  async aggregate({ scope, from, to, db }) {
    if (!scope.groupIds.length) return null;
    const events = await db.stockEvent.findMany({
      where: {
        groupId: { in: scope.groupIds },
        cause: "order",
        createdAt: { gte: from, lt: to },
        OR: [{ valueAfter: { lt: 0 } }, { poolAfter: { lt: 0 } }],
      },
      select: { id: true, shop: true, detail: true, sourceEventId: true },
    });
    // One order can oversell several SKUs: count the order once (its webhook reference).
    const orders = new Set(events.map((e) => `${e.shop}|${e.detail ?? e.sourceEventId ?? e.id}`));
    return { num: orders.size, den: 0 };
  },
});

registerKpi({
  id: "propagation_latency",
  title: "Propagation latency",
  definition: "From a store's change (its event time) until the last other store's write was confirmed.",
  format: "ms",
  better: "lower",
  combine: "sum",
  order: 30,
  summarize: percentileSummary([50, 95]),
  async aggregate({ scope, from, to, db }) {
    if (!scope.groupIds.length) return null;
    const latencies = await propagationLatencies(db, { groupId: { in: scope.groupIds }, createdAt: { gte: from, lt: to } });
    return latencies.length ? { num: latencies.length, den: 0, data: { hist: histogramOf(latencies.map((l) => l.ms)) } } : null;
  },
});

registerKpi({
  id: "revenue_at_risk",
  title: "Revenue at risk",
  definition: "Units in open exceptions × the SKU's price.",
  format: "money",
  better: "lower",
  combine: "latest",
  order: 80,
  summarize: countSummary({ combine: "latest" }),
  async aggregate({ scope, to, db }) {
    const open = await db.syncException.findMany({ where: { AND: [openAt(scope, to), { sku: { not: null } }, { amount: { not: null } }] }, select: { sku: true, amount: true } });
    const skus = [...new Set(open.map((e) => e.sku!))];
    const prices = new Map<string, number>();
    for (const ids of chunks(skus)) {
      const variants = await db.catalogVariant.findMany({ where: { shop: scope.shop, sku: { in: ids } }, select: { sku: true, price: true } });
      for (const v of variants) prices.set(v.sku!, Math.max(prices.get(v.sku!) ?? 0, Number(v.price) || 0));
    }
    let money = 0;
    let units = 0;
    for (const e of open) {
      const u = Math.abs(e.amount!);
      units += u;
      money += u * (prices.get(e.sku!) ?? 0);
    }
    return { num: Math.round(money * 100) / 100, den: 0, data: { units } };
  },
});

registerKpi({
  id: "units_protected",
  title: "Units protected",
  definition: "Units the pool still holds for SKUs a store shows as sold out (kept back by allocation or buffers).",
  format: "count",
  better: "higher",
  combine: "latest",
  currentOnly: true,
  order: 25,
  summarize: countSummary({ combine: "latest" }),
  async aggregate({ scope, db }) {
    if (!scope.groupIds.length) return null;
    const soldOut = await db.syncLink.findMany({ where: { groupId: { in: scope.groupIds }, status: "linked", lastSeen: { lte: 0 } }, select: { itemId: true }, distinct: ["itemId"] });
    let units = 0;
    let skus = 0;
    for (const ids of chunks(soldOut.map((l) => l.itemId))) {
      const items = await db.syncItem.findMany({ where: { id: { in: ids }, pool: { gt: 0 } }, select: { pool: true } });
      skus += items.length;
      units += items.reduce((s, i) => s + i.pool, 0);
    }
    return { num: units, den: 0, data: { skus } };
  },
});
