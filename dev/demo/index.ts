/**
 * The demo's seeding entry point (`npm run demo`; `npm run demo -- --empty` skips all of it but
 * the catalog import). Every step is one async function in dev/demo/<topic>.ts taking the
 * DemoContext (dev/demo/context.ts): the stand-in's control API, `ctx.app(path)` to load the
 * app's own modules (domain functions, Prisma) through its Vite server, and `ctx.print(shop,
 * {label, url, hint})` to add a URL with what to try next to the printout.
 *
 * ADDING YOUR FEATURE'S DEMO DATA: write `export async function seedYourTopic(ctx: DemoContext)`
 * in dev/demo/<topic>.ts and add ONE line to STEPS below (after `linkShops` if it needs the
 * active group in ctx.facts.groupId). Print your URL with one `ctx.print(...)` call in it.
 */
import { subscribePlus } from "./billing.ts";
import type { DemoContext } from "./context.ts";
import { pointAtException } from "./exception.ts";
import { stageFeaturedProduct } from "./featured.ts";
import { importCatalogs } from "./import.ts";
import { printFeaturedUrls } from "./printout.ts";
import { enableSurveys } from "./survey.ts";
import { linkShops } from "./sync.ts";
import { seedChannels } from "./channels.ts";

export type DemoStep = (ctx: DemoContext) => Promise<void>;

export const STEPS: DemoStep[] = [
  stageFeaturedProduct, // stand-in: a product with a low, a sold-out and a healthy variant; a SKU conflict
  importCatalogs, // app: first catalog + stock import of both shops
  subscribePlus, // stand-in billing → app: both shops on Plus (the demo group has ~165 SKUs)
  linkShops, // app: north + south in an active sync group (preview the starting pool, enable)
  enableSurveys, // app: a post-purchase survey in both shops
  printFeaturedUrls, // printout: product pages, Sync page, survey results
  pointAtException, // app: the open SKU conflict the enable step found
  seedChannels, // app: a supplier feed (one applied run, one held) and an outbound endpoint with a delivery
  // ← one line per feature: seedFeeds, seedOutbound, seedRestock, …
];

/** Steps of an empty demo: two installed, imported, unlinked shops (to try set-up by hand). */
export const EMPTY_STEPS: DemoStep[] = [importCatalogs];

export async function seedDemoApp(ctx: DemoContext, opts: { empty?: boolean } = {}): Promise<void> {
  for (const step of opts.empty ? EMPTY_STEPS : STEPS) await step(ctx);
}
