// Stock state rules shared by the Liquid first paint (snippets/stockroom-state.liquid mirrors
// computeState), the loader, the Preact UI, the admin preview and the app proxy endpoint.
// Pure functions only: this file is bundled into the storefront loader, keep it tiny.

export type StockState = "in_stock" | "low" | "sold_out" | "continue" | "untracked";

export const STOCK_STATES: readonly StockState[] = ["in_stock", "low", "sold_out", "continue", "untracked"];

export interface StockFacts {
  /** Inventory tracked by Shopify (variant.inventory_management == 'shopify'). */
  tracked: boolean;
  /** Shopify inventory policy: "deny" | "continue" (any case). */
  policy: string;
  /** Sum of `available` over the variant's locations (Liquid's inventory_quantity). */
  available: number;
}

export function computeState(facts: StockFacts, threshold: number): StockState {
  if (!facts.tracked) return "untracked";
  if (facts.available <= 0) return facts.policy.toLowerCase() === "continue" ? "continue" : "sold_out";
  return facts.available <= threshold ? "low" : "in_stock";
}

/** Alternatives are offered only when the selected variant is low or sold out. */
export function needsAlternatives(state: StockState): boolean {
  return state === "low" || state === "sold_out";
}

/**
 * Fills the `{{ count }}` placeholder of a merchant or translated message. Without a count
 * (counts hidden, or nothing left) the placeholder is removed, as the Liquid first paint does.
 */
export function formatMessage(template: string, count?: number | null): string {
  return template.replace(/\{\{ ?count ?\}\}/g, count != null && count > 0 ? String(count) : "");
}
