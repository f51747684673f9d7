import type { PlanId } from "./plans";

/** What a refused action needed, for the upgrade banner (app/components/billing/PlanLimitBanner). */
export interface PlanLimit {
  kind: "linkedStores" | "skus" | "feature";
  /** the plan that applies (the group owner's for sync groups) and the cheapest one that allows it */
  current: PlanId;
  needed: PlanId;
  /** how many the action needs and the plan allows (null for a feature) */
  requested: number | null;
  allowed: number | null;
  feature?: string;
  /** the store whose plan applies, when it is not the one asking */
  planShop: string;
  /** true when the plan applies because a subscription is frozen (unpaid) */
  frozen?: boolean;
}

/** An action the shop's plan does not allow. Shown with the plan comparison, never silently. */
export class PlanLimitError extends Error {
  override name = "PlanLimitError";
  readonly status = 402;
  constructor(
    message: string,
    readonly limit: PlanLimit,
  ) {
    super(message);
  }
}

/** What a page shows and an action answers when the shop's plan does not allow something. */
export interface PlanRefusal {
  ok: false;
  error: string;
  limit: PlanLimit;
}
