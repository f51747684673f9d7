// The shop's plan limits and the checks other features call where a limit bites:
//   const { plan } = await planLimits(shop);
//   await assertWithinPlan(shop, { feature: "feeds" });      // throws PlanLimitError
import prisma from "../db.server";
import { PlanLimitError } from "./limit-error";
import { cheapestPlanFor, FEATURE_LABEL, formatLimit, planById, type Feature, type PlanSpec } from "./plans";

export interface ShopPlanState {
  plan: PlanSpec;
  /** Shopify's status of the subscription behind a paid plan (null on Free) */
  status: string | null;
  trialEndsAt: Date | null;
  test: boolean;
  /** a frozen (unpaid) subscription: Free limits apply until it thaws */
  frozen: boolean;
}

/** The plan whose limits apply to the shop right now (Free when nothing is recorded). */
export async function planLimits(shop: string): Promise<ShopPlanState> {
  const row = await prisma.shopPlan.findUnique({ where: { shop } });
  const frozen = row?.status === "FROZEN";
  const paid = row && row.status === "ACTIVE" ? planById(row.plan) : planById("free");
  return { plan: paid, status: row?.status ?? null, trialEndsAt: row?.trialEndsAt ?? null, test: row?.test ?? false, frozen };
}

export interface PlanNeed {
  feature?: Feature;
  /** linked stores (other stores in the shop's sync group) the action leads to */
  linkedStores?: number;
  /** synced SKUs the action leads to */
  skus?: number;
}

/** Throws PlanLimitError (with the upgrade path) when `shop`'s plan does not allow `need`. */
export async function assertWithinPlan(shop: string, need: PlanNeed, opts: { asking?: string } = {}): Promise<void> {
  const state = await planLimits(shop);
  const p = state.plan;
  const needed = cheapestPlanFor(need);
  const other = opts.asking && opts.asking !== shop ? ` (the plan of ${shop}, which owns the group)` : "";
  const base = { current: p.id, needed: needed.id, planShop: shop, frozen: state.frozen };
  if (need.feature && !p.features.includes(need.feature)) {
    throw new PlanLimitError(`${FEATURE_LABEL[need.feature]} need the ${needed.name} plan; this store is on ${p.name}${other}.`, {
      ...base,
      kind: "feature",
      feature: need.feature,
      requested: null,
      allowed: null,
    });
  }
  if (need.linkedStores !== undefined && need.linkedStores > p.linkedStores) {
    throw new PlanLimitError(`The ${p.name} plan links ${formatLimit(p.linkedStores)} other store${p.linkedStores === 1 ? "" : "s"}${other}; this needs ${need.linkedStores}. Upgrade to ${needed.name} to link more.`, {
      ...base,
      kind: "linkedStores",
      requested: need.linkedStores,
      allowed: p.linkedStores,
    });
  }
  if (need.skus !== undefined && need.skus > p.skus) {
    throw new PlanLimitError(`The ${p.name} plan syncs ${formatLimit(p.skus)} SKUs${other}; this group has ${need.skus.toLocaleString("en-US")}. Upgrade to ${needed.name} to sync them all.`, {
      ...base,
      kind: "skus",
      requested: need.skus,
      allowed: p.skus,
    });
  }
}
