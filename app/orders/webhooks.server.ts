import prisma from "../db.server";
import { gid } from "../gid";
import type { TopicEvent } from "../webhooks/topic-event";

interface OrderPayload {
  id: number;
  admin_graphql_api_id?: string;
  name?: string;
  email?: string | null;
  created_at?: string;
  cancelled_at?: string | null;
  customer?: { id: number } | null;
  line_items?: unknown[];
}

function orderRow(shop: string, o: OrderPayload) {
  return {
    shop,
    orderId: o.admin_graphql_api_id ?? gid("Order", o.id),
    name: o.name ?? null,
    email: o.email ?? null,
    customerId: o.customer?.id ? String(o.customer.id) : null,
    lineCount: o.line_items?.length ?? 0,
    createdAt: o.created_at ? new Date(o.created_at) : new Date(),
    cancelledAt: o.cancelled_at ? new Date(o.cancelled_at) : null,
  };
}

async function upsertOrder(shop: string, o: OrderPayload) {
  const row = orderRow(shop, o);
  await prisma.shopOrder.upsert({
    where: { shop_orderId: { shop, orderId: row.orderId } },
    create: row,
    // The webhook is authoritative for what a survey's Admin API check may have stored first.
    update: { cancelledAt: row.cancelledAt, lineCount: row.lineCount, name: row.name, email: row.email, customerId: row.customerId },
  });
}

export const onOrder = ({ shop, payload }: TopicEvent<OrderPayload>) => upsertOrder(shop, payload);

export async function onRefund({ shop, payload, occurredAt }: TopicEvent<{ order_id: number; created_at?: string }>) {
  await prisma.shopOrder.updateMany({
    where: { shop, orderId: gid("Order", payload.order_id) },
    data: { refundedAt: payload.created_at ? new Date(payload.created_at) : occurredAt },
  });
}
