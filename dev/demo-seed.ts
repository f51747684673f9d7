// The stand-in's demo catalog. The app-side demo seeding (groups, survey, exception, …) is in
// dev/demo/index.ts: add your feature's step there with one line.
import { createRng, type Store } from "./store/index.ts";
import { EAST_SHOP } from "./demo/billing.ts";

/**
 * Deterministic demo catalog for the stand-in: `north-shop` and `south-shop`, two locations
 * each, 56 products / ~180 variants per shop, 48 products (and their SKUs) shared between the
 * shops, vendors, product types, tags and collections, some low-stock and sold-out variants,
 * a few "continue selling" and untracked ones, and small inline SVG images. Same seed → same
 * catalog and stock.
 */

interface Template {
  title: string;
  vendor: string;
  productType: string;
  collection: string;
  tags: string[];
  options: { name: string; values: string[] }[];
  basePrice: number;
  hue: number;
  skuStem: string;
}

const SIZES = ["S", "M", "L", "XL"];
const COLORS = ["Black", "Sand", "Forest", "Navy", "Clay"];

const FAMILIES: { type: string; collection: string; vendor: string[]; nouns: string[]; adjectives: string[]; options: (i: number) => { name: string; values: string[] }[]; price: [number, number]; tags: string[] }[] = [
  {
    type: "T-Shirts",
    collection: "Apparel",
    vendor: ["Northwind Apparel", "Fjord & Co."],
    nouns: ["Crew Tee", "Pocket Tee", "Henley", "Long Sleeve Tee"],
    adjectives: ["Organic", "Everyday", "Heavyweight", "Slub"],
    options: () => [{ name: "Size", values: SIZES }],
    price: [22, 38],
    tags: ["cotton", "apparel"],
  },
  {
    type: "Hoodies",
    collection: "Apparel",
    vendor: ["Northwind Apparel", "Tidewater"],
    nouns: ["Hoodie", "Zip Hoodie", "Crewneck Sweatshirt"],
    adjectives: ["Fleece", "Recycled", "Loopback"],
    options: (i) => [
      { name: "Size", values: SIZES.slice(0, 3) },
      { name: "Color", values: COLORS.slice(i % 3, (i % 3) + 2) },
    ],
    price: [58, 89],
    tags: ["fleece", "apparel"],
  },
  {
    type: "Socks",
    collection: "Apparel",
    vendor: ["Tidewater"],
    nouns: ["Hiking Socks", "Crew Socks", "Wool Socks"],
    adjectives: ["Merino", "Cushioned", "Lightweight"],
    options: () => [{ name: "Size", values: ["S/M", "L/XL"] }],
    price: [14, 24],
    tags: ["wool", "apparel"],
  },
  {
    type: "Mugs",
    collection: "Home",
    vendor: ["Kiln House"],
    nouns: ["Mug", "Espresso Cup", "Travel Mug"],
    adjectives: ["Speckled", "Stoneware", "Glazed", "Enamel"],
    options: (i) => [{ name: "Color", values: COLORS.slice(i % 2, (i % 2) + 3) }],
    price: [16, 32],
    tags: ["ceramic", "kitchen"],
  },
  {
    type: "Candles",
    collection: "Home",
    vendor: ["Ember & Wick"],
    nouns: ["Candle", "Tin Candle"],
    adjectives: ["Cedar", "Sea Salt", "Fig", "Amber"],
    options: () => [{ name: "Size", values: ["8 oz", "14 oz"] }],
    price: [18, 42],
    tags: ["soy", "home-fragrance"],
  },
  {
    type: "Blankets",
    collection: "Home",
    vendor: ["Fjord & Co."],
    nouns: ["Throw", "Blanket"],
    adjectives: ["Wool", "Waffle", "Herringbone"],
    options: (i) => [{ name: "Color", values: COLORS.slice(i % 3, (i % 3) + 2) }],
    price: [79, 149],
    tags: ["wool", "bedroom"],
  },
  {
    type: "Water Bottles",
    collection: "Outdoor",
    vendor: ["Trailhead Gear"],
    nouns: ["Bottle", "Insulated Bottle"],
    adjectives: ["Steel", "Summit", "Canyon"],
    options: () => [
      { name: "Size", values: ["500 ml", "750 ml"] },
      { name: "Color", values: ["Black", "Forest"] },
    ],
    price: [24, 44],
    tags: ["hydration", "outdoor"],
  },
  {
    type: "Backpacks",
    collection: "Outdoor",
    vendor: ["Trailhead Gear"],
    nouns: ["Daypack", "Rolltop Pack", "Hip Pack"],
    adjectives: ["Ridge", "Alpine", "Waxed Canvas"],
    options: (i) => [{ name: "Color", values: COLORS.slice(i % 2, (i % 2) + 2) }],
    price: [49, 139],
    tags: ["bags", "outdoor"],
  },
  {
    type: "Notebooks",
    collection: "Stationery",
    vendor: ["Paper Harbor"],
    nouns: ["Notebook", "Sketchbook", "Planner"],
    adjectives: ["Dotted", "Lined", "Linen"],
    options: () => [{ name: "Title", values: ["Default Title"] }],
    price: [9, 26],
    tags: ["paper", "desk"],
  },
  {
    type: "Pens",
    collection: "Stationery",
    vendor: ["Paper Harbor"],
    nouns: ["Pen", "Fountain Pen"],
    adjectives: ["Brass", "Aluminium", "Bamboo"],
    options: () => [{ name: "Ink", values: ["Black", "Blue"] }],
    price: [12, 58],
    tags: ["writing", "desk"],
  },
];

export const DEMO_TEMPLATE_COUNT = 60;

export function demoTemplates(seed = 42): Template[] {
  const rng = createRng(seed);
  const out: Template[] = [];
  const used = new Set<string>();
  let i = 0;
  while (out.length < DEMO_TEMPLATE_COUNT) {
    const f = FAMILIES[i % FAMILIES.length];
    const adj = f.adjectives[Math.floor(i / FAMILIES.length) % f.adjectives.length];
    const noun = f.nouns[(Math.floor(i / FAMILIES.length) + i) % f.nouns.length];
    let title = `${adj} ${noun}`;
    if (used.has(title)) title = `${title} ${["II", "III", "Pro", "Mini"][Math.floor(i / 40) % 4]}`;
    i++;
    if (used.has(title)) continue;
    used.add(title);
    const n = out.length;
    const price = f.price[0] + rng.int(0, f.price[1] - f.price[0]);
    out.push({
      title,
      vendor: f.vendor[n % f.vendor.length],
      productType: f.type,
      collection: f.collection,
      tags: [...f.tags, ...(rng.chance(0.2) ? ["new"] : []), ...(rng.chance(0.15) ? ["sale"] : [])],
      options: f.options(n),
      basePrice: price,
      hue: (n * 47) % 360,
      skuStem: `SR-${f.type.replace(/[^A-Za-z]/g, "").slice(0, 3).toUpperCase()}-${String(n + 1).padStart(3, "0")}`,
    });
  }
  return out;
}

function svgImage(title: string, hue: number): string {
  const initials = title
    .split(/\s+/)
    .map((w) => w[0])
    .join("")
    .slice(0, 3)
    .toUpperCase();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800"><rect width="800" height="800" fill="hsl(${hue},45%,86%)"/><circle cx="400" cy="360" r="210" fill="hsl(${hue},40%,62%)"/><text x="400" y="400" font-family="Helvetica,Arial,sans-serif" font-size="120" text-anchor="middle" fill="#fff">${initials}</text><text x="400" y="690" font-family="Helvetica,Arial,sans-serif" font-size="44" text-anchor="middle" fill="hsl(${hue},35%,30%)">${title.replace(/&/g, "&amp;")}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

function combos(options: { name: string; values: string[] }[]): string[][] {
  return options.reduce<string[][]>((acc, o) => acc.flatMap((a) => o.values.map((v) => [...a, v])), [[]]);
}

export interface DemoShopSpec {
  domain: string;
  name: string;
  locations: [string, string];
  /** template index range [from, to) */
  range: [number, number];
  seed: number;
}

export const DEMO_SHOPS: DemoShopSpec[] = [
  { domain: "north-shop.myshopify.com", name: "North Shop", locations: ["North Warehouse", "Downtown Store"], range: [0, 56], seed: 101 },
  { domain: "south-shop.myshopify.com", name: "South Shop", locations: ["South Warehouse", "Harbour Store"], range: [4, 60], seed: 202 },
];

/** Seed one demo shop (creates it). Returns counts. */
export function seedDemoShop(store: Store, spec: DemoShopSpec, templates = demoTemplates()) {
  const shop = store.createShop({ domain: spec.domain, name: spec.name, email: `owner@${spec.domain.split(".")[0]}.example`, defaultLocation: spec.locations[0] });
  const loc2 = store.createLocation(shop.domain, { name: spec.locations[1], address: { city: "Ottawa", countryCode: "CA" } });
  const loc1 = store.listLocations(shop.domain)[0];
  const rng = createRng(spec.seed);
  let products = 0;
  let variants = 0;
  for (let i = spec.range[0]; i < spec.range[1]; i++) {
    const t = templates[i];
    const vs = combos(t.options).map((vals, vi) => {
      const roll = rng.next();
      // ~8% sold out, ~12% low, rest healthy; deterministic per shop seed
      const [a, b] = roll < 0.08 ? [0, 0] : roll < 0.2 ? [rng.int(0, 2), rng.int(0, 2)] : [rng.int(6, 60), rng.int(0, 25)];
      const continueSelling = roll < 0.08 && i % 7 === 0;
      const untracked = t.productType === "Notebooks" && i % 3 === 0;
      return {
        sku: `${t.skuStem}${vals[0] === "Default Title" ? "" : "-" + vals.map((v) => v.replace(/[^A-Za-z0-9]/g, "").slice(0, 3).toUpperCase()).join("-")}`,
        price: (t.basePrice + vi * (t.options[0].name === "Size" ? 2 : 0)).toFixed(2),
        compareAtPrice: t.tags.includes("sale") ? (t.basePrice * 1.25).toFixed(2) : null,
        options: vals,
        inventoryPolicy: continueSelling ? ("CONTINUE" as const) : ("DENY" as const),
        tracked: !untracked,
        barcode: `0${String(7_000_000_000 + i * 100 + vi)}`,
        stock: { [loc1.id]: a, [loc2.id]: b },
      };
    });
    store.createProduct(shop.domain, {
      title: t.title,
      vendor: t.vendor,
      productType: t.productType,
      tags: t.tags,
      descriptionHtml: `<p>${t.title} by ${t.vendor}. Part of our ${t.collection.toLowerCase()} range.</p>`,
      collections: [t.collection, ...(i % 5 === 0 ? ["Bestsellers"] : [])],
      options: t.options,
      images: [{ url: svgImage(t.title, t.hue), altText: t.title, width: 800, height: 800 }],
      variants: vs,
    });
    products++;
    variants += vs.length;
  }
  return { shop: shop.domain, products, variants, locations: [loc1.id, loc2.id] };
}

/** Both demo shops. */
export function seedDemo(store: Store) {
  const templates = demoTemplates();
  const seeded = DEMO_SHOPS.map((s) => seedDemoShop(store, s, templates));
  seedDemoShop(store, EAST_SHOP, templates); // a third store to link (Growth plan), dev/demo/billing.ts
  return seeded;
}
