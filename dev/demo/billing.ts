// Demo step: both shops on the Plus plan (with its trial), so the demo's group of ~165 SKUs and
// every feature it seeds (feeds: Growth; channels and alerts: Plus) are within the plan. The
// subscription is approved in the stand-in; the app learns it from app_subscriptions/update.
// The charge is what the app itself would ask for: a real one, since the demo shops are not
// development stores. A test charge there would be invisible to the Plans page's billing.check
// (isTest only on development stores), which would then drop the shop to Free and pause the group.
import type { DemoContext } from "./context.ts";
import { waitFor } from "./context.ts";

export async function subscribePlus(ctx: DemoContext): Promise<void> {
  const { default: prisma } = await ctx.app<typeof import("../../app/db.server")>("/app/db.server.ts");
  const { PLANS } = await ctx.app<typeof import("../../app/billing/plans")>("/app/billing/plans.ts");
  const plus = PLANS.find((p) => p.id === "plus")!;
  for (const shop of [ctx.north, ctx.south]) ctx.standin.control.subscribe({ shop, name: plus.name, amount: plus.price, trialDays: 14 });
  await waitFor("the Plus subscriptions", async () => (await prisma.shopPlan.count({ where: { shop: { in: [ctx.north, ctx.south] }, plan: "plus", status: "ACTIVE" } })) === 2);
}

/**
 * The demo's third store (issue 15): `east-shop`, with most of the shared catalog, so linking a
 * third store (the Growth plan) can be tried. Seeded by dev/demo-seed.ts with the other two.
 */
export const EAST_SHOP = {
  domain: "east-shop.myshopify.com",
  name: "East Shop",
  locations: ["East Warehouse", "Pier Store"] as [string, string],
  range: [2, 58] as [number, number],
  seed: 303,
};
