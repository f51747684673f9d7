// Stockroom's plans: what each costs and allows. Shared by the server (limits, billing config)
// and the Plans page (comparison table); no server imports here.

export type PlanId = "free" | "growth" | "plus";
export type Feature = "widget" | "survey" | "feeds" | "channels" | "alerts";

export interface PlanSpec {
  id: PlanId;
  /** The name Shopify shows the merchant and the app's `billing` config key (the subscription's name). */
  name: string;
  /** USD per 30 days (0 = free). */
  price: number;
  /** Other stores a sync group owned by this shop may link (Infinity = unlimited). */
  linkedStores: number;
  /** SKUs a sync group owned by this shop may sync. */
  skus: number;
  features: readonly Feature[];
}

export const TRIAL_DAYS = 14;

export const PLANS: readonly PlanSpec[] = [
  { id: "free", name: "Free", price: 0, linkedStores: 1, skus: 100, features: ["widget", "survey"] },
  { id: "growth", name: "Growth", price: 29, linkedStores: 3, skus: 5_000, features: ["widget", "survey", "feeds"] },
  { id: "plus", name: "Plus", price: 79, linkedStores: Infinity, skus: Infinity, features: ["widget", "survey", "feeds", "channels", "alerts"] },
];

/** The paid plans' names, as the `billing` config and Shopify know them. */
export const PAID_PLAN_NAMES = PLANS.filter((p) => p.price > 0).map((p) => p.name);

export const FEATURE_LABEL: Record<Feature, string> = {
  widget: "Storefront stock widget",
  survey: "Post-purchase survey",
  feeds: "Supplier feeds",
  channels: "Outbound channels",
  alerts: "Alerts by email and Slack",
};

export function planById(id: string | null | undefined): PlanSpec {
  return PLANS.find((p) => p.id === id) ?? PLANS[0];
}

export function planByName(name: string | null | undefined): PlanSpec | null {
  return PLANS.find((p) => p.name === name) ?? null;
}

/** The cheapest plan that allows `need` (a feature, or a count of linked stores / SKUs). */
export function cheapestPlanFor(need: { feature?: Feature; linkedStores?: number; skus?: number }): PlanSpec {
  return (
    PLANS.find(
      (p) =>
        (!need.feature || p.features.includes(need.feature)) &&
        (need.linkedStores === undefined || need.linkedStores <= p.linkedStores) &&
        (need.skus === undefined || need.skus <= p.skus),
    ) ?? PLANS[PLANS.length - 1]
  );
}

export function formatLimit(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString("en-US") : "Unlimited";
}
