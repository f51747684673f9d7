// Survey answers are taken only for orders the shop really has (issue 11, finding 5): a checkout
// session token proves a buyer is on some checkout of the shop, not which order they placed.
//
// An order is accepted when
//   - the app knows it from orders/create (ShopOrder), or else the Admin API confirms it: the
//     thank-you page often loads before the webhook arrives, so an order the Admin API does not
//     know yet is asked for again for up to CONFIRM_WAIT_MS (and orders/create may land meanwhile);
//     a confirmed order is remembered as a ShopOrder row, so the next call needs no API request;
//   - it was placed at most SURVEY_ORDER_MAX_AGE_DAYS ago (the order status page stays reachable;
//     older answers describe a different checkout and would skew the results);
//   - a logged-in buyer's token `sub` is the order's customer.
// Everything else is refused: 404 (no such order), 403 (too old, another customer), 503 (the
// Admin API could not answer within the wait: the extension may try again later).
import prisma from "../db.server";
import { adminClientFor } from "../admin/shop-client.server";
import type { AdminClient } from "../admin/client.server";
import { gid, numericId } from "../gid";
import { log } from "../log.server";
import type { SurveyOrderQuery, SurveyOrderQueryVariables } from "../types/admin.generated";

export const SURVEY_ORDER_MAX_AGE_DAYS = 30;
export const CONFIRM_WAIT_MS = 5_000;

export interface OrderCheckDeps {
  admin: (shop: string) => Pick<AdminClient, "request">;
  /** How long to wait for an order neither the webhook nor the Admin API knows yet. */
  waitMs?: number;
  now?: () => number;
}

/** The running app: the shop's offline Admin API client. */
export const productionOrderCheck: OrderCheckDeps = { admin: adminClientFor };

export class OrderCheckError extends Error {
  constructor(
    public status: 403 | 404 | 503,
    message: string,
  ) {
    super(message);
  }
}

export const SURVEY_ORDER = `#graphql
  query SurveyOrder($id: ID!) {
    order(id: $id) {
      id
      name
      email
      createdAt
      customer {
        id
      }
    }
  }
`;

interface KnownOrder {
  createdAt: Date;
  customerId: string | null;
}

async function fromAdmin(deps: OrderCheckDeps, shop: string, orderGid: string): Promise<KnownOrder | null> {
  const { data } = await deps.admin(shop).request<SurveyOrderQuery>(SURVEY_ORDER, { id: orderGid } satisfies SurveyOrderQueryVariables);
  const o = data?.order;
  if (!o) return null;
  const row = { createdAt: new Date(o.createdAt), customerId: o.customer ? numericId(o.customer.id) : null };
  await prisma.shopOrder.upsert({
    where: { shop_orderId: { shop, orderId: orderGid } },
    create: { shop, orderId: orderGid, name: o.name, email: o.email, ...row },
    update: {},
  });
  return row;
}

async function findOrder(deps: OrderCheckDeps, shop: string, orderGid: string): Promise<KnownOrder | null> {
  const now = deps.now ?? Date.now;
  const deadline = now() + (deps.waitMs ?? CONFIRM_WAIT_MS);
  let delay = 250;
  let failed: unknown = null;
  for (;;) {
    const known = await prisma.shopOrder.findUnique({ where: { shop_orderId: { shop, orderId: orderGid } }, select: { createdAt: true, customerId: true } });
    if (known) return known;
    try {
      const confirmed = await fromAdmin(deps, shop, orderGid);
      if (confirmed) return confirmed;
      failed = null;
    } catch (error) {
      failed = error;
    }
    const left = deadline - now();
    if (left <= 0) break;
    await new Promise((r) => setTimeout(r, Math.min(delay, left)));
    delay = Math.min(delay * 2, 2_000);
  }
  if (failed) {
    log("warn", "survey order could not be confirmed", { shop, orderId: orderGid, error: String(failed) });
    throw new OrderCheckError(503, "The order could not be confirmed yet; try again.");
  }
  return null;
}

/** Throws OrderCheckError unless `orderId` (numeric) is a recent order of `shop` placed by `customerId` (when given). */
export async function requireSurveyableOrder(shop: string, orderId: string, customerId: string | null | undefined, deps: OrderCheckDeps = productionOrderCheck): Promise<void> {
  const order = await findOrder(deps, shop, gid("Order", orderId));
  if (!order) throw new OrderCheckError(404, "This shop has no such order.");
  const now = (deps.now ?? Date.now)();
  if (now - order.createdAt.getTime() > SURVEY_ORDER_MAX_AGE_DAYS * 86_400_000) throw new OrderCheckError(403, "This order is too old for the survey.");
  if (customerId && order.customerId !== customerId) throw new OrderCheckError(403, "This order belongs to another customer.");
}
