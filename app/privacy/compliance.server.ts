import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { gid } from "../gid";
import type { TopicEvent } from "../webhooks/topic-event";
import { customerDataProviders, registerCustomerData, registerShopData, shopDataProviders, type CustomerScope } from "./registry.server";

interface CustomerPayload {
  shop_domain: string;
  customer: { id: number; email?: string; phone?: string };
  orders_requested?: number[];
  orders_to_redact?: number[];
  data_request?: { id: number };
}

export async function exportCustomerData(shop: string, customerId: string, scope: CustomerScope = { orderIds: [] }) {
  const sections: Record<string, unknown> = {};
  for (const p of customerDataProviders()) sections[p.name] = await p.exportCustomer(shop, customerId, scope);
  return sections;
}

export async function eraseCustomerData(shop: string, customerId: string, scope: CustomerScope = { orderIds: [] }) {
  const erased: Record<string, number> = {};
  for (const p of customerDataProviders()) erased[p.name] = await p.eraseCustomer(shop, customerId, scope);
  return erased;
}

/**
 * Erases every row the app holds for a shop (48 hours after uninstall, Shopify sends
 * shop/redact). Registered providers run first (for anything beyond their rows); then every
 * model with a `shop` column is swept, so a table added later cannot be forgotten.
 */
export async function eraseShopData(shop: string) {
  const erased: Record<string, number> = {};
  for (const p of shopDataProviders()) erased[p.name] = await p.eraseShop(shop);
  let pending = shopScopedModels();
  // Children before parents: a delete blocked by a foreign key is retried after the others.
  for (let pass = 0; pending.length > 0 && pass < 5; pass++) {
    const blocked: string[] = [];
    for (const model of pending) {
      try {
        const where = model === "WebhookInbox" ? { shop, topic: { not: "shop/redact" } } : { shop };
        const { count } = await delegate(model).deleteMany({ where });
        erased[model] = (erased[model] ?? 0) + count;
      } catch (error) {
        if (pass === 4) throw error;
        blocked.push(model);
      }
    }
    pending = blocked;
  }
  erased.Shop = (await prisma.shop.deleteMany({ where: { domain: shop } })).count;
  return erased;
}

function shopScopedModels(): string[] {
  return Prisma.dmmf.datamodel.models
    .filter((m) => m.fields.some((f) => f.name === "shop" && f.kind === "scalar"))
    .map((m) => m.name);
}

function delegate(model: string): { deleteMany(args: { where: object }): Promise<{ count: number }> } {
  return (prisma as unknown as Record<string, any>)[model.charAt(0).toLowerCase() + model.slice(1)];
}

// Foundation tables. Feature modules register their own tables the same way.
const customerOrders = (shop: string, customerId: string, { orderIds }: CustomerScope) => ({
  shop,
  OR: [{ customerId }, { orderId: { in: orderIds.map((id) => gid("Order", id)) } }],
});

registerCustomerData({
  name: "orders",
  exportCustomer: (shop, customerId, scope) =>
    prisma.shopOrder.findMany({
      where: customerOrders(shop, customerId, scope),
      select: { orderId: true, name: true, email: true, createdAt: true },
    }),
  eraseCustomer: async (shop, customerId, scope) =>
    (await prisma.shopOrder.updateMany({ where: customerOrders(shop, customerId, scope), data: { customerId: null, email: null } }))
      .count,
});

registerShopData({
  name: "queue",
  // Stop the shop's queued work first; the job running this redaction finishes normally
  // (the sweep below then removes it with the rest of the shop's rows).
  eraseShop: async (shop) => (await prisma.job.deleteMany({ where: { shop, status: { not: "running" } } })).count,
});

export async function onCustomerDataRequest({ shop, payload }: TopicEvent<CustomerPayload>) {
  const customerId = String(payload.customer.id);
  const data = await exportCustomerData(shop, customerId, { orderIds: (payload.orders_requested ?? []).map(String), email: payload.customer.email });
  await prisma.privacyRequest.create({
    data: { shop, topic: "customers/data_request", customerId, result: JSON.stringify({ request: payload.data_request?.id, data }) },
  });
}

export async function onCustomerRedact({ shop, payload }: TopicEvent<CustomerPayload>) {
  const customerId = String(payload.customer.id);
  // Guest checkouts have no customer record: their data is reached through the order ids.
  const erased = await eraseCustomerData(shop, customerId, { orderIds: (payload.orders_to_redact ?? []).map(String), email: payload.customer.email });
  await prisma.privacyRequest.create({ data: { shop, topic: "customers/redact", customerId, result: JSON.stringify(erased) } });
}

export async function onShopRedact({ shop }: TopicEvent) {
  await eraseShopData(shop);
  // The inbox row of this very delivery is the only trace left: proof the request was honoured.
}
