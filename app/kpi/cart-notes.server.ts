// What each checkout line's stock note told the buyer (recorded by api.stock-notes), joined
// to the order through the checkout token that orders/create carries. The NPS-by-availability
// KPI splits survey answers with it.
import prisma from "../db.server";
import type { TopicEvent } from "../webhooks/topic-event";

type NoteStatus = "ok" | "low" | "short" | "sold_out" | "untracked";

const TOKEN = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Records the notes one stock-notes request answered; ignored without a usable checkout token. */
export async function recordCartStockNotes(
  shop: string,
  checkoutToken: unknown,
  notes: { variantId: string; status: NoteStatus; requested: number }[],
): Promise<number> {
  if (typeof checkoutToken !== "string" || !TOKEN.test(checkoutToken)) return 0;
  for (const n of notes) {
    const variantId = /(\d+)$/.exec(n.variantId)?.[1] ?? n.variantId;
    await prisma.cartStockNote.upsert({
      where: { shop_checkoutToken_variantId: { shop, checkoutToken, variantId } },
      create: { shop, checkoutToken, variantId, status: n.status, requested: n.requested },
      update: { status: n.status, requested: n.requested },
    });
  }
  return notes.length;
}

export async function linkCheckoutToOrder(shop: string, checkoutToken: string | null | undefined, orderId: number | string): Promise<number> {
  if (!checkoutToken) return 0;
  const { count } = await prisma.cartStockNote.updateMany({ where: { shop, checkoutToken }, data: { orderId: String(orderId) } });
  return count;
}

/** orders/create step (app/webhooks/pipelines.server.ts): the order's checkout token joins its stock notes. */
export async function onOrderLinkStockNotes({ shop, payload }: TopicEvent<{ id: number; checkout_token?: string | null }>): Promise<void> {
  await linkCheckoutToOrder(shop, payload.checkout_token, payload.id);
}
