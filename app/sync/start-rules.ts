// How the starting pool of a SKU is formed when a group is enabled, and what each member will
// show then (pure; the preview and the enable step use the same functions).
import { allocationShares, automaticThreshold, mirrorTargets, nextPhase, type Protection } from "./targets";

export type StartRule = { kind: "store"; shop: string } | { kind: "sum" } | { kind: "lowest" };

export function startingPool(rule: StartRule, values: { shop: string; value: number }[]): number {
  if (!values.length) return 0;
  const nonNegative = values.map((v) => Math.max(0, v.value));
  if (rule.kind === "sum") return nonNegative.reduce((a, v) => a + v, 0);
  if (rule.kind === "store") {
    const own = values.find((v) => v.shop === rule.shop);
    if (own) return Math.max(0, own.value);
  }
  // lowest, and "store" for a SKU that store does not have
  return Math.min(...nonNegative);
}

export function ruleInWords(rule: StartRule, values: { shop: string; value: number }[], pool: number): string {
  if (rule.kind === "sum") return `sum of the stores' counts (${values.map((v) => Math.max(0, v.value)).join(" + ")} = ${pool})`;
  if (rule.kind === "store") {
    return values.some((v) => v.shop === rule.shop) ? `${rule.shop}'s counts are the truth (${pool})` : `${rule.shop} does not have it: lowest count (${pool})`;
  }
  return `lowest count (${pool})`;
}

/**
 * What each member shows once enabled: mirrored (pool − its buffer), or — guaranteed, or
 * automatic (no sales measured yet: allocate, unless the merchant's threshold says mirror) — an
 * allocation: equal shares of pool − Σ buffers, the extra units to the earlier stores.
 */
export function startTargets(pool: number, buffers: number[], protection: Protection, allocateBelow: number | null): { targets: number[]; allocating: boolean } {
  const available = pool - buffers.reduce((a, b) => a + b, 0);
  const allocating = nextPhase(protection, false, available, automaticThreshold(allocateBelow, [], 0, false));
  if (!allocating) return { targets: mirrorTargets(pool, buffers), allocating };
  return { targets: allocationShares(available, buffers.map(() => 0), buffers.map(() => false)), allocating };
}

/** The pool every rule would give this SKU (the preview shows them side by side): each store's counts, sum, lowest. */
export function ruleOutcomes(values: { shop: string; value: number }[]): { rule: StartRule; label: string; pool: number }[] {
  const rules: StartRule[] = [...values.map((v) => ({ kind: "store" as const, shop: v.shop })), { kind: "sum" }, { kind: "lowest" }];
  return rules.map((rule) => ({ rule, label: rule.kind === "store" ? rule.shop.replace(/\.myshopify\.com$/, "") : rule.kind === "sum" ? "Sum" : "Lowest", pool: startingPool(rule, values) }));
}

export function parseStartRule(kind: string | undefined, shop: string | undefined): StartRule {
  if (kind === "sum" || kind === "lowest") return { kind };
  return { kind: "store", shop: shop ?? "" };
}

export function ruleLabel(rule: StartRule): string {
  return rule.kind === "sum" ? "Sum (separate stock pooled)" : rule.kind === "lowest" ? "Lowest (the safe choice)" : `${rule.shop}'s counts are the truth`;
}
