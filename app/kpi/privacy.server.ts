// The operations data (KPI rollups and counters, checkout stock notes, exception owners,
// alert channels/rules/history, setup confirmations) for the compliance webhooks. Stock notes
// hold no buyer data but name an order: they go with customers/redact of that order.
import prisma from "../db.server";
import { registerCustomerData, registerShopData } from "../privacy/registry.server";

registerCustomerData({
  name: "operations",
  async exportCustomer(shop, _customerId, { orderIds }) {
    if (!orderIds.length) return [];
    const notes = await prisma.cartStockNote.findMany({ where: { shop, orderId: { in: orderIds.map(String) } }, select: { orderId: true, variantId: true, status: true, requested: true, createdAt: true } });
    return notes.map((n) => ({ orderId: n.orderId, variantId: n.variantId, stockNote: n.status, requested: n.requested, at: n.createdAt.toISOString() }));
  },
  async eraseCustomer(shop, _customerId, { orderIds }) {
    if (!orderIds.length) return 0;
    return (await prisma.cartStockNote.deleteMany({ where: { shop, orderId: { in: orderIds.map(String) } } })).count;
  },
});

registerShopData({
  name: "operations",
  async eraseShop(shop) {
    const results = await prisma.$transaction([
      prisma.kpiRollup.deleteMany({ where: { shop } }),
      prisma.kpiCounter.deleteMany({ where: { shop } }),
      prisma.cartStockNote.deleteMany({ where: { shop } }),
      prisma.ownerRule.deleteMany({ where: { shop } }),
      prisma.exceptionOwnership.deleteMany({ where: { shop } }),
      prisma.alertDelivery.deleteMany({ where: { shop } }),
      prisma.alertIncident.deleteMany({ where: { shop } }),
      prisma.alertRule.deleteMany({ where: { shop } }),
      prisma.alertChannel.deleteMany({ where: { shop } }),
      prisma.setupConfirmation.deleteMany({ where: { shop } }),
    ]);
    return results.reduce((n, r) => n + r.count, 0);
  },
});
