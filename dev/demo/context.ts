// What every demo seeding step receives (dev/demo/index.ts runs them in order).
import type { Standin } from "../kit.ts";

/** One line of the demo's printout under a shop: a URL and what to try there. */
export interface DemoLine {
  label: string;
  url: string;
  /** What to try next (printed beside the URL). */
  hint?: string;
}

export interface DemoVariant {
  sku: string;
  variantId: number;
  southVariantId: number;
  available: number;
}

export interface DemoProductFacts {
  handle: string;
  title: string;
  /** The low variant (1 left), the sold-out one and a healthy one: SKU, variant ids in north and south, warehouse count. */
  low: DemoVariant;
  soldOut: DemoVariant;
  healthy: DemoVariant;
}

export interface DemoContext {
  standin: Standin;
  appUrl: string;
  north: string;
  south: string;
  /** Loads an app module through the app's Vite server: the same instances the running app uses. */
  app<T>(path: string): Promise<T>;
  /** Adds a line (URL + what to try) to a shop's part of the printout. */
  print(shop: string, line: DemoLine): void;
  /** Facts one step leaves for the next (the featured product, the sync group). */
  facts: { product?: DemoProductFacts; groupId?: string };
}

/** The location gid the app uses for a stand-in location of `shop` named `name`. */
export function locationGid(ctx: DemoContext, shop: string, name: string): string {
  const loc = ctx.standin.control.state({ shop }).locations.find((l) => l.name === name);
  if (!loc) throw new Error(`demo: no location ${name} in ${shop}`);
  return `gid://shopify/Location/${loc.id}`;
}

/** Polls `check` until it is truthy (generous: the demo shares the machine with everything else). */
export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 180_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const got = await check();
    if (got) return got;
    if (Date.now() > until) throw new Error(`demo: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const WAREHOUSE = { "north-shop.myshopify.com": "North Warehouse", "south-shop.myshopify.com": "South Warehouse" } as Record<string, string>;
