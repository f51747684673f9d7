// Recovered revenue: an order (orders/create) by an address that was mailed for that variant,
// within 7 days of the mail.
import prisma from "../db.server";
import { gid } from "../gid";
import { emailHash } from "./tokens.server";

export const CONVERSION_WINDOW_MS = 7 * 86_400_000;

export interface OrderForConversion {
  id: number;
  admin_graphql_api_id?: string;
  email?: string | null;
  contact_email?: string | null;
  currency?: string;
  created_at?: string;
  line_items?: Array<{ variant_id?: number | null; quantity?: number; price?: string }>;
}

export async function recordConversions(shop: string, order: OrderForConversion): Promise<number> {
  const email = order.email || order.contact_email;
  if (!email || !order.line_items?.length) return 0;
  const hash = emailHash(email);
  const at = order.created_at ? new Date(order.created_at) : new Date();
  const orderId = order.admin_graphql_api_id ?? gid("Order", order.id);
  let n = 0;
  for (const line of order.line_items) {
    if (!line.variant_id) continue;
    const variantId = gid("ProductVariant", line.variant_id);
    const sub = await prisma.restockSubscription.findUnique({ where: { shop_variantId_emailHash: { shop, variantId, emailHash: hash } } });
    if (!sub?.notifiedAt || at.getTime() < sub.notifiedAt.getTime() || at.getTime() - sub.notifiedAt.getTime() > CONVERSION_WINDOW_MS) continue;
    const amount = Number(line.price ?? 0) * (line.quantity ?? 1);
    await prisma.restockConversion.upsert({
      where: { shop_orderId_variantId: { shop, orderId, variantId } },
      create: { shop, orderId, variantId, subscriptionId: sub.id, amount, currency: order.currency ?? "USD", createdAt: at },
      update: {},
    });
    n++;
  }
  return n;
}
