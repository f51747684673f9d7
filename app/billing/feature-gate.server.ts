// A page's plan gate for a feature (feeds on Growth; channels and alerts on Plus): the loader
// says whether the plan includes it (the page shows PlanLimitBanner instead of the add form) and
// the action refuses the intents that add or start it with the same limit, never silently.
import { PlanLimitError, type PlanRefusal } from "./limit-error";
import { assertWithinPlan } from "./limits.server";
import type { Feature } from "./plans";

/** null when `shop`'s plan includes `feature`; otherwise the refusal with the upgrade path. */
export async function featureRefusal(shop: string, feature: Feature): Promise<PlanRefusal | null> {
  try {
    await assertWithinPlan(shop, { feature });
    return null;
  } catch (error) {
    if (error instanceof PlanLimitError) return { ok: false, error: error.message, limit: error.limit };
    throw error;
  }
}
