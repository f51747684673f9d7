// Demo step (before the import): stage the stand-in so the product page shows every widget state
// from the first URL. One product sold in both shops gets a variant with 1 left in each shop
// (low), one sold out and one healthy — at the warehouses, which the sync group links; the shops'
// second locations hold none of it. The low variant's pool is 2 units: nobody has bought it yet,
// so Automatic protection allocates them, one per shop. When south sells its unit, the engine
// takes north's last unit and gives it to south, the store that is selling: north sells out. A second
// listing in north reusing another product's SKU gives the sync engine a real SKU conflict to
// open as an exception when the group is enabled.
import { WAREHOUSE, type DemoContext } from "./context.ts";

type Snapshot = ReturnType<DemoContext["standin"]["control"]["state"]>;
type SnapVariant = Snapshot["products"][number]["variants"][number];

/** Units of the low variant in each warehouse (the pool, north's counts being the truth)… */
const LOW_POOL = 2;
/** …and what each shop shows once the group has allocated them. */
const LOW_SHOWN = 1;
const HEALTHY = 12;

function setAt(ctx: DemoContext, shop: string, sku: string, warehouse: number) {
  const locations = ctx.standin.control.state({ shop }).locations;
  for (const loc of locations) ctx.standin.control.setStock({ shop, sku, locationId: loc.id, available: loc.name === WAREHOUSE[shop] ? warehouse : 0 });
}

export async function stageFeaturedProduct(ctx: DemoContext): Promise<void> {
  const north = ctx.standin.control.state({ shop: ctx.north });
  const southSkus = new Set(ctx.standin.control.state({ shop: ctx.south }).products.flatMap((p) => p.variants.map((v) => v.sku ?? "")));
  const plain = (v: SnapVariant) => !!v.sku && southSkus.has(v.sku) && v.inventoryItem.tracked && v.inventoryPolicy === "DENY";
  const product = north.products.find((p) => p.variants.length >= 3 && p.variants.every(plain));
  if (!product) throw new Error("demo: no shared product with three sellable variants");
  const [low, soldOut, ...rest] = product.variants;
  for (const shop of [ctx.north, ctx.south]) {
    setAt(ctx, shop, low.sku!, LOW_POOL);
    setAt(ctx, shop, soldOut.sku!, 0);
    for (const v of rest) setAt(ctx, shop, v.sku!, HEALTHY);
  }
  const southVariant = (sku: string) => ctx.standin.control.stock({ shop: ctx.south, sku }).variantId;
  const fact = (v: SnapVariant, n: number) => ({ sku: v.sku!, variantId: v.id, southVariantId: southVariant(v.sku!), available: n });
  ctx.facts.product = { handle: product.handle, title: product.title, low: fact(low, LOW_SHOWN), soldOut: fact(soldOut, 0), healthy: fact(rest[0], HEALTHY) };

  // An old second listing in north that reuses another shared product's SKU: a real conflict.
  const other = north.products.find((p) => p.id !== product.id && p.variants.length === 1 && plain(p.variants[0])) ?? north.products.find((p) => p.id !== product.id && p.variants.some(plain))!;
  const dup = other.variants.find(plain)!;
  ctx.standin.control.createProduct({
    shop: ctx.north,
    title: `${other.title} (old listing)`,
    vendor: other.vendor,
    productType: other.productType,
    variants: [{ title: "Default Title", sku: dup.sku!, price: dup.price, stock: 3 }],
  });
}
