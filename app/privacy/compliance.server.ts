import prisma from "../db.server";
import { onTopic } from "../webhooks/handlers.server";
import { customerDataProviders, registerCustomerData, registerShopData, shopDataProviders } from "./registry.server";

interface CustomerPayload {
  shop_domain: string;
  customer: { id: number; email?: string; phone?: string };
  orders_requested?: number[];
  orders_to_redact?: number[];
  data_request?: { id: number };
}

export async function exportCustomerData(shop: string, customerId: string) {
  const sections: Record<string, unknown> = {};
  for (const p of customerDataProviders()) sections[p.name] = await p.exportCustomer(shop, customerId);
  return sections;
}

export async function eraseCustomerData(shop: string, customerId: string) {
  const erased: Record<string, number> = {};
  for (const p of customerDataProviders()) erased[p.name] = await p.eraseCustomer(shop, customerId);
  return erased;
}

/** Erases every row the app holds for a shop (48 hours after uninstall, Shopify sends shop/redact). */
export async function eraseShopData(shop: string) {
  const erased: Record<string, number> = {};
  for (const p of shopDataProviders()) erased[p.name] = await p.eraseShop(shop);
  return erased;
}

// Foundation tables. Feature modules register their own tables the same way.
registerCustomerData({
  name: "orders",
  exportCustomer: (shop, customerId) =>
    prisma.shopOrder.findMany({ where: { shop, customerId }, select: { orderId: true, name: true, email: true, createdAt: true } }),
  eraseCustomer: async (shop, customerId) =>
    (await prisma.shopOrder.updateMany({ where: { shop, customerId }, data: { customerId: null, email: null } })).count,
});

registerShopData({
  name: "foundation",
  eraseShop: async (shop) => {
    const results = await prisma.$transaction([
      prisma.session.deleteMany({ where: { shop } }),
      // The job running this redaction finishes normally; everything else of the shop goes.
      prisma.job.deleteMany({ where: { shop, status: { not: "running" } } }),
      prisma.shopOrder.deleteMany({ where: { shop } }),
      prisma.inventoryLevel.deleteMany({ where: { shop } }),
      prisma.catalogVariant.deleteMany({ where: { shop } }),
      prisma.catalogProduct.deleteMany({ where: { shop } }),
      prisma.webhookInbox.deleteMany({ where: { shop, topic: { not: "shop/redact" } } }),
      prisma.privacyRequest.deleteMany({ where: { shop } }),
      prisma.shop.deleteMany({ where: { domain: shop } }),
    ]);
    return results.reduce((n, r) => n + r.count, 0);
  },
});

onTopic<CustomerPayload>("customers/data_request", async ({ shop, payload }) => {
  const customerId = String(payload.customer.id);
  const data = await exportCustomerData(shop, customerId);
  await prisma.privacyRequest.create({
    data: { shop, topic: "customers/data_request", customerId, result: JSON.stringify({ request: payload.data_request?.id, data }) },
  });
});

onTopic<CustomerPayload>("customers/redact", async ({ shop, payload }) => {
  const customerId = String(payload.customer.id);
  const erased = await eraseCustomerData(shop, customerId);
  await prisma.privacyRequest.create({ data: { shop, topic: "customers/redact", customerId, result: JSON.stringify(erased) } });
});

onTopic("shop/redact", async ({ shop }) => {
  await eraseShopData(shop);
  // The inbox row of this very delivery is the only trace left: proof the request was honoured.
});
