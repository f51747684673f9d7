// Demo step: the URLs of the seeded features, each with what to try next.
import { shopUrls } from "../kit.ts";
import type { DemoContext } from "./context.ts";

export async function printFeaturedUrls(ctx: DemoContext): Promise<void> {
  const p = ctx.facts.product;
  if (!p) return;
  const { default: prisma } = await ctx.app<typeof import("../../app/db.server")>("/app/db.server.ts");
  const variantTitle = (shop: string, id: number) => ctx.standin.control.state({ shop }).products.flatMap((x) => x.variants).find((v) => v.id === id)?.title ?? "";
  const north = shopUrls(ctx.standin.url, ctx.north);
  const south = shopUrls(ctx.standin.url, ctx.south);
  ctx.print(ctx.north, {
    label: "Product page",
    url: north.product(p.handle, p.low.variantId),
    hint: `"${p.title}" ${variantTitle(ctx.north, p.low.variantId)}: 1 left (low), ${variantTitle(ctx.north, p.soldOut.variantId)} sold out, both with in-stock alternatives. The last 2 units are allocated, one per shop: buy south-shop's and watch the engine move this page's unit to south-shop, the store that is selling — this page turns to "Sold out"`,
  });
  ctx.print(ctx.north, { label: "Sync", url: north.admin("sync"), hint: `the active group "North + South" (warehouses linked by SKU); sales in either shop show up here` });
  ctx.print(ctx.south, {
    label: "Product page",
    url: south.product(p.handle, p.low.southVariantId),
    hint: `the same ${variantTitle(ctx.south, p.low.southVariantId)}, 1 left: "Buy it now" → the checkout shows the stock note → "Pay now" → the thank-you page shows the survey`,
  });
  for (const shop of [ctx.north, ctx.south]) {
    const survey = await prisma.survey.findFirst({ where: { shop, enabled: true } });
    if (survey) ctx.print(shop, { label: "Survey results", url: shopUrls(ctx.standin.url, shop).admin(`surveys/${survey.id}/results`), hint: "answers from the thank-you page appear here" });
  }
}
