// Renders blocks/stock.liquid with liquidjs and a minimal Shopify-like `t`/`asset_url`/`json`
// and the snippet file system (used by the first-paint and loader tests).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Liquid, Tag, type Context, type Emitter, type TagToken, type TopLevelToken } from "liquidjs";
import type { BlockConfig } from "../../widget/src/types";

const ROOT = "extensions/stock-widget";
const source = readFileSync(join(ROOT, "blocks/stock.liquid"), "utf8");
const schema = JSON.parse(/{%\s*schema\s*%}([\s\S]*?){%\s*endschema\s*%}/.exec(source)![1]);
const locale = (name: string) => JSON.parse(readFileSync(join(ROOT, "locales", name), "utf8"));

export function engine(lang: "en" | "fr" | "de") {
  const strings = lang === "en" ? locale("en.default.json") : { ...locale("en.default.json"), ...locale(`${lang}.json`) };
  const liquid = new Liquid({
    relativeReference: false,
    fs: {
      readFileSync: (f: string) => readFileSync(join(ROOT, "snippets", f.replace(/\.liquid$/, "") + ".liquid"), "utf8"),
      readFile: async (f: string) => readFileSync(join(ROOT, "snippets", f.replace(/\.liquid$/, "") + ".liquid"), "utf8"),
      existsSync: () => true,
      exists: async () => true,
      contains: async () => true,
      resolve: (_r: string, f: string) => f,
      sep: "/",
    },
  });
  for (const name of ["schema", "doc"]) {
    liquid.registerTag(
      name,
      class extends Tag {
        constructor(token: TagToken, remain: TopLevelToken[], l: Liquid) {
          super(token, remain, l);
          while (remain.length) if ((remain.shift() as TagToken).name === `end${name}`) return;
        }
        *render(_c: Context, _e: Emitter): Generator<unknown, void, unknown> {}
      },
    );
  }
  // Shopify's t: dotted key lookup, {{ name }} interpolation from the named arguments.
  liquid.registerFilter("t", (key: string, ...args: unknown[]) => {
    let s = key.split(".").reduce<any>((o, k) => o?.[k], strings);
    if (typeof s !== "string") throw new Error(`missing translation ${key}`);
    for (const a of args) if (Array.isArray(a)) s = s.replaceAll(`{{ ${a[0]} }}`, String(a[1]));
    return s;
  });
  liquid.registerFilter("asset_url", (n: string) => `//cdn.example/assets/${n}?v=1`);
  liquid.registerFilter("json", (v: unknown) => JSON.stringify(v ?? null));
  return liquid;
}

export type V = { id: number; inventory_management: string | null; inventory_policy: string; inventory_quantity: number };
export const variants: V[] = [
  { id: 11, inventory_management: "shopify", inventory_policy: "deny", inventory_quantity: 40 },
  { id: 12, inventory_management: "shopify", inventory_policy: "deny", inventory_quantity: 3 },
  { id: 13, inventory_management: "shopify", inventory_policy: "deny", inventory_quantity: 0 },
  { id: 14, inventory_management: "shopify", inventory_policy: "continue", inventory_quantity: 0 },
  { id: 15, inventory_management: null, inventory_policy: "deny", inventory_quantity: 0 },
];

const defaults = Object.fromEntries(schema.settings.filter((s: any) => s.id).map((s: any) => [s.id, s.default ?? (s.type === "checkbox" ? false : "")]));

export async function render(selected: V, lang: "en" | "fr" | "de" = "en", settings: Record<string, unknown> = {}) {
  const html: string = await engine(lang).parseAndRender(source, {
    product: { id: 1, variants, selected_or_first_available_variant: selected },
    block: { id: "b1", settings: { ...defaults, ...settings }, shopify_attributes: 'data-block="b1"' },
    request: { locale: { iso_code: lang } },
  });
  const state = /\sdata-stockroom\s+data-state="([^"]+)"/.exec(html)![1];
  const message = /<span class="stockroom__msg">([^<]*)<\/span>/.exec(html)![1];
  const config = JSON.parse(/<script type="application\/json" data-stockroom-config>([\s\S]*?)<\/script>/.exec(html)![1]) as BlockConfig;
  // Not in view: hidden, or keeping its place invisibly until the proxy's items arrive.
  const altsHidden = /data-stockroom-alts\s+hidden/.test(html) || /class="stockroom__alts stockroom__alts--waiting"/.test(html);
  return { html, state, message, config, altsHidden };
}

