import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Liquid, Tag, type TagToken, type TopLevelToken, type Context, type Emitter } from "liquidjs";
import type { ProductRecord, Store, VariantRecord } from "../store/index.ts";

/**
 * Liquid rendering of theme app extension blocks with Shopify-like objects. The extension is
 * read from disk on every render (so a rebuilt widget is picked up without a restart); when
 * the extension folder does not exist yet, pages render without the block.
 */

export interface ExtensionBlock {
  name: string;
  file: string;
  source: string;
  schema: BlockSchema;
}

export interface BlockSchema {
  name?: string;
  target?: string;
  javascript?: string;
  stylesheet?: string;
  settings?: { id?: string; type: string; default?: unknown }[];
}

export class ThemeExtension {
  constructor(
    readonly root: string,
    /** URL prefix the extension's assets are served under */
    readonly assetBase: string,
  ) {}

  exists(): boolean {
    return existsSync(join(this.root, "blocks"));
  }

  blocks(): ExtensionBlock[] {
    if (!this.exists()) return [];
    const dir = join(this.root, "blocks");
    return readdirSync(dir)
      .filter((f) => f.endsWith(".liquid"))
      .sort()
      .map((file) => {
        const source = readFileSync(join(dir, file), "utf8");
        const m = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/.exec(source);
        let schema: BlockSchema = {};
        try {
          schema = m ? JSON.parse(m[1]) : {};
        } catch {
          schema = {};
        }
        return { name: file.replace(/\.liquid$/, ""), file, source, schema };
      });
  }

  /** Product-page app blocks (target "section", enabled on product templates or everywhere). */
  productBlocks(): ExtensionBlock[] {
    return this.blocks().filter((b) => {
      if (b.schema.target && b.schema.target !== "section") return false;
      const en = (b.schema as { enabled_on?: { templates?: string[] } }).enabled_on;
      return !en?.templates || en.templates.includes("product") || en.templates.includes("*");
    });
  }

  snippet(name: string): string | undefined {
    const p = join(this.root, "snippets", `${name}.liquid`);
    return existsSync(p) ? readFileSync(p, "utf8") : undefined;
  }

  /** Locale strings for `locale` (falls back to the *.default.json file). */
  locale(locale: string): Record<string, unknown> {
    const dir = join(this.root, "locales");
    if (!existsSync(dir)) return {};
    const files = readdirSync(dir).filter((f) => f.endsWith(".json") && !f.includes(".schema."));
    const def = files.find((f) => f.includes(".default."));
    const want = files.find((f) => f === `${locale}.json` || f === `${locale}.default.json`);
    const read = (f?: string) => (f ? JSON.parse(readFileSync(join(dir, f), "utf8")) : {});
    return deepMerge(read(def), want && want !== def ? read(want) : {});
  }

  assetPath(name: string): string | undefined {
    const p = join(this.root, "assets", name);
    return existsSync(p) && statSync(p).isFile() ? p : undefined;
  }

  assetUrl(name: string): string {
    let v = "0";
    const p = this.assetPath(name);
    if (p) v = String(Math.floor(statSync(p).mtimeMs));
    return `${this.assetBase}/${name}?v=${v}`;
  }
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] = v && typeof v === "object" && !Array.isArray(v) && typeof out[k] === "object" ? deepMerge(out[k] as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

function lookup(obj: Record<string, unknown>, key: string): unknown {
  return key.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** A Liquid engine with Shopify's filters/tags the stand-in needs. */
export function createEngine(ext: ThemeExtension, opts: { locale: string; moneyFormat: string }) {
  const engine = new Liquid({
    strictFilters: false,
    strictVariables: false,
    relativeReference: false,
    fs: {
      readFileSync: (file: string) => ext.snippet(file.replace(/\.liquid$/, "")) ?? "",
      readFile: async (file: string) => ext.snippet(file.replace(/\.liquid$/, "")) ?? "",
      existsSync: (file: string) => ext.snippet(file.replace(/\.liquid$/, "")) !== undefined,
      exists: async (file: string) => ext.snippet(file.replace(/\.liquid$/, "")) !== undefined,
      contains: async () => true,
      containsSync: () => true,
      resolve: (_root: string, file: string) => file,
      sep: "/",
    },
  });
  // {% schema %}, {% doc %}, {% javascript %}, {% stylesheet %}: not rendered
  for (const name of ["schema", "doc", "javascript", "stylesheet"]) {
    engine.registerTag(
      name,
      class extends Tag {
        constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
          super(token, remain, liquid);
          while (remain.length) {
            const t = remain.shift() as TagToken;
            if ((t as { name?: string }).name === `end${name}`) return;
          }
          throw new Error(`tag ${name} not closed`);
        }
        *render(_ctx: Context, _emitter: Emitter): Generator<unknown, void, unknown> {}
      },
    );
  }
  const strings = ext.locale(opts.locale);
  engine.registerFilter("t", (key: string, ...args: unknown[]) => {
    let s = lookup(strings, String(key));
    if (typeof s !== "string") return `translation missing: ${opts.locale}.${key}`;
    for (const a of args) {
      if (Array.isArray(a) && a.length === 2) s = (s as string).replace(new RegExp(`{{\\s*${a[0]}\\s*}}`, "g"), String(a[1] ?? ""));
    }
    return s;
  });
  engine.registerFilter("asset_url", (name: string) => ext.assetUrl(String(name)));
  engine.registerFilter("money", (cents: number) => formatMoney(cents, opts.moneyFormat));
  engine.registerFilter("money_with_currency", (cents: number) => formatMoney(cents, opts.moneyFormat));
  engine.registerFilter("money_without_currency", (cents: number) => (Number(cents || 0) / 100).toFixed(2));
  engine.registerFilter("image_url", (img: unknown) => (img && typeof img === "object" ? (img as { src?: string }).src : String(img ?? "")));
  engine.registerFilter("json", (v: unknown) => JSON.stringify(v ?? null).replace(/</g, "\\u003c").replace(/>/g, "\\u003e"));
  return engine;
}

export function formatMoney(cents: number, format: string): string {
  const amount = (Number(cents || 0) / 100).toFixed(2);
  return format.replace(/{{\s*amount\s*}}/, amount.replace(/\B(?=(\d{3})+(?!\d))/g, ","));
}

// ------------------------------------------------------------------ Shopify-like objects

export interface VariantDrop {
  id: number;
  title: string;
  sku: string | null;
  barcode: string | null;
  price: number;
  compare_at_price: number | null;
  available: boolean;
  inventory_quantity: number;
  inventory_management: string | null;
  inventory_policy: string;
  option1: string | null;
  option2: string | null;
  option3: string | null;
  options: string[];
  url: string;
  featured_image: { src: string; alt: string } | null;
  product_id: number;
}

export function variantDrop(store: Store, shop: string, p: ProductRecord, v: VariantRecord, productUrl: string): VariantDrop {
  const item = store.getInventoryItem(shop, v.inventoryItemId);
  const qty = [...item.levels.values()].filter((l) => l.isActive).reduce((a, l) => a + l.quantities.available, 0);
  const tracked = item.tracked;
  const img = v.imageId ? p.images.find((i) => i.id === v.imageId) : undefined;
  return {
    id: v.id,
    title: v.title,
    sku: v.sku,
    barcode: v.barcode,
    price: Math.round(Number(v.price) * 100),
    compare_at_price: v.compareAtPrice ? Math.round(Number(v.compareAtPrice) * 100) : null,
    available: !tracked || qty > 0 || v.inventoryPolicy === "CONTINUE",
    inventory_quantity: qty,
    inventory_management: tracked ? "shopify" : null,
    inventory_policy: v.inventoryPolicy.toLowerCase(),
    option1: v.selectedOptions[0]?.value ?? null,
    option2: v.selectedOptions[1]?.value ?? null,
    option3: v.selectedOptions[2]?.value ?? null,
    options: v.selectedOptions.map((o) => o.value),
    url: `${productUrl}?variant=${v.id}`,
    featured_image: img ? { src: img.url, alt: img.altText ?? p.title } : null,
    product_id: p.id,
  };
}

export function productDrop(store: Store, shop: string, p: ProductRecord, productUrl: string, selectedVariantId?: number) {
  const variants = p.variantIds.map((id) => variantDrop(store, shop, p, store.getVariant(shop, id), productUrl));
  const selected = variants.find((v) => v.id === selectedVariantId);
  const firstAvailable = variants.find((v) => v.available) ?? null;
  const st = store.state(shop);
  const collections = p.collectionIds.map((id) => st.collections.get(id)).filter(Boolean).map((c) => ({ id: c!.id, title: c!.title, handle: c!.handle }));
  const images = p.images.map((i) => ({ id: i.id, src: i.url, alt: i.altText ?? p.title, width: i.width, height: i.height }));
  return {
    id: p.id,
    title: p.title,
    handle: p.handle,
    description: p.descriptionHtml,
    content: p.descriptionHtml,
    vendor: p.vendor,
    type: p.productType,
    tags: p.tags,
    url: productUrl,
    price: Math.min(...variants.map((v) => v.price)),
    price_min: Math.min(...variants.map((v) => v.price)),
    price_max: Math.max(...variants.map((v) => v.price)),
    available: variants.some((v) => v.available),
    variants,
    selected_variant: selected ?? null,
    selected_or_first_available_variant: selected ?? firstAvailable ?? variants[0],
    first_available_variant: firstAvailable ?? variants[0],
    has_only_default_variant: variants.length === 1 && variants[0].title === "Default Title",
    options: p.options.map((o) => o.name),
    options_with_values: p.options.map((o, i) => ({ name: o.name, position: i + 1, values: o.values })),
    images,
    featured_image: images[0] ?? null,
    collections,
  };
}

/** block.settings from the schema defaults (merchant edits could override later). */
export function blockSettings(schema: BlockSchema, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of schema.settings ?? []) {
    if (!s.id) continue;
    out[s.id] = s.default ?? (s.type === "checkbox" ? false : null);
  }
  return { ...out, ...overrides };
}
