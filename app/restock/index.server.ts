// Back in stock: job handlers, privacy data, KPI and checklist item, registered on import
// (app/jobs.server.ts imports this once for web and worker processes).
import { adminClientFor } from "../admin/shop-client.server";
import prisma from "../db.server";
import { registerKpi } from "../kpi/registry.server";
import { countSummary } from "../kpi/summaries";
import { registerCustomerData, registerShopData } from "../privacy/registry.server";
import { registerJob } from "../queue/registry.server";
import { registerChecklistItem } from "../setup/checklist.server";
import { RESTOCK_BATCH_JOB, runBatch } from "./send.server";
import { applySoldOutRule, SOLD_OUT_JOB } from "./soldout.server";
import { emailHash } from "./tokens.server";

registerJob<{ runId: string; batch: number }>(RESTOCK_BATCH_JOB, (p) => runBatch(p.runId, p.batch));
registerJob<{ productId: string }>(SOLD_OUT_JOB, async (p, ctx) => {
  await applySoldOutRule(ctx.shop!, p.productId, adminClientFor(ctx.shop!));
});

// customers/data_request exports a shopper's subscriptions, customers/redact erases them (by the
// address Shopify names). An address that unsubscribed stays suppressed by its hash only.
const byAddress = (shop: string, email?: string) => (email ? { shop, emailHash: emailHash(email) } : null);

registerCustomerData({
  name: "restock",
  async exportCustomer(shop, _customerId, scope) {
    const where = byAddress(shop, scope.email);
    if (!where) return [];
    const subs = await prisma.restockSubscription.findMany({ where, orderBy: { createdAt: "asc" } });
    return subs.map((s) => ({
      variantId: s.variantId,
      email: s.email,
      status: s.status,
      consentText: s.consentText,
      consentAt: s.consentAt?.toISOString() ?? null,
      confirmedAt: s.confirmedAt?.toISOString() ?? null,
      notifiedAt: s.notifiedAt?.toISOString() ?? null,
      createdAt: s.createdAt.toISOString(),
    }));
  },
  async eraseCustomer(shop, _customerId, scope) {
    const where = byAddress(shop, scope.email);
    if (!where) return 0;
    const subs = await prisma.restockSubscription.findMany({ where, select: { id: true } });
    const ids = subs.map((s) => s.id);
    const [, , deleted] = await prisma.$transaction([
      prisma.restockDelivery.deleteMany({ where: { shop, subscriptionId: { in: ids } } }),
      prisma.restockConversion.deleteMany({ where: { shop, subscriptionId: { in: ids } } }),
      prisma.restockSubscription.deleteMany({ where: { id: { in: ids } } }),
    ]);
    return deleted.count;
  },
});

registerShopData({
  name: "restock",
  async eraseShop(shop) {
    const counts = await prisma.$transaction([
      prisma.restockDelivery.deleteMany({ where: { shop } }),
      prisma.restockConversion.deleteMany({ where: { shop } }),
      prisma.restockRun.deleteMany({ where: { shop } }),
      prisma.restockSubscription.deleteMany({ where: { shop } }),
      prisma.restockSuppressedAddress.deleteMany({ where: { shop } }),
      prisma.restockWatch.deleteMany({ where: { shop } }),
      prisma.restockSettings.deleteMany({ where: { shop } }),
      prisma.soldOutProduct.deleteMany({ where: { shop } }),
      prisma.soldOutActivity.deleteMany({ where: { shop } }),
    ]);
    return counts.reduce((n, c) => n + c.count, 0);
  },
});

registerKpi({
  id: "restock_recovered_revenue",
  title: "Recovered by back-in-stock alerts",
  definition: "Revenue of orders by a notified address for that variant within 7 days of the alert.",
  format: "money",
  better: "higher",
  combine: "sum",
  order: 80,
  summarize: countSummary({ combine: "sum" }),
  async aggregate({ scope, from, to, db }) {
    const agg = await db.restockConversion.aggregate({ where: { shop: scope.shop, createdAt: { gte: from, lt: to } }, _sum: { amount: true }, _count: { _all: true } });
    if (!agg._count._all) return null;
    return { num: Math.round((agg._sum.amount ?? 0) * 100) / 100, den: 0 };
  },
});

registerChecklistItem({
  id: "restock_alerts",
  order: 45,
  async check(shop) {
    const subs = await prisma.restockSubscription.count({ where: { shop } });
    return {
      title: "Let shoppers ask to be told when it's back",
      description: subs ? `${subs} back-in-stock sign-ups so far.` : "The widget shows an “Email me when it's back” form on sold-out variants. Review the consent text and sending rules.",
      state: subs ? "done" : "todo",
      action: { label: "Open Back in stock", url: "/app/restock" },
    };
  },
});
