// The library's `billing` config (@shopify/shopify-app-remix): one recurring plan per paid
// Stockroom plan, 14-day trial. Shopify prorates the switch between plans itself: with the
// STANDARD replacement behaviour an upgrade replaces the current subscription at once (the
// unused part is credited) and a downgrade waits for the end of the paid period.
import { BillingInterval, BillingReplacementBehavior } from "@shopify/shopify-app-remix/server";
import { PLANS, TRIAL_DAYS } from "./plans";

const growth = PLANS.find((p) => p.id === "growth")!;
const plus = PLANS.find((p) => p.id === "plus")!;

const recurring = (amount: number) => ({
  trialDays: TRIAL_DAYS,
  replacementBehavior: BillingReplacementBehavior.Standard,
  lineItems: [{ amount, currencyCode: "USD", interval: BillingInterval.Every30Days as const }],
});

export const billingConfig = {
  [growth.name]: recurring(growth.price),
  [plus.name]: recurring(plus.price),
} as const;
