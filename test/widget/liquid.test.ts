// The block's first paint (no JavaScript): blocks/stock.liquid rendered with liquidjs and a
// minimal Shopify-like `t`/`asset_url`/`json` and the snippet file system. Its states and
// messages must agree with widget/src/state.ts, in every locale the extension ships.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Liquid, Tag, type Context, type Emitter, type TagToken, type TopLevelToken } from "liquidjs";
import { computeState, formatMessage } from "../../widget/src/state";
import type { BlockConfig } from "../../widget/src/types";

const ROOT = "extensions/stock-widget";
const source = readFileSync(join(ROOT, "blocks/stock.liquid"), "utf8");
const schema = JSON.parse(/{%\s*schema\s*%}([\s\S]*?){%\s*endschema\s*%}/.exec(source)![1]);
const locale = (name: string) => JSON.parse(readFileSync(join(ROOT, "locales", name), "utf8"));

function engine(lang: "en" | "fr" | "de") {
  const strings = lang === "en" ? locale("en.default.json") : { ...locale("en.default.json"), ...locale(`${lang}.json`) };
  const liquid = new Liquid({
    relativeReference: false,
    fs: {
      readFileSync: (f: string) => readFileSync(join(ROOT, "snippets", f.replace(/\.liquid$/, "") + ".liquid"), "utf8"),
      readFile: async (f: string) => readFileSync(join(ROOT, "snippets", f.replace(/\.liquid$/, "") + ".liquid"), "utf8"),
      existsSync: () => true,
      exists: async () => true,
      contains: () => true,
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

type V = { id: number; inventory_management: string | null; inventory_policy: string; inventory_quantity: number };
const variants: V[] = [
  { id: 11, inventory_management: "shopify", inventory_policy: "deny", inventory_quantity: 40 },
  { id: 12, inventory_management: "shopify", inventory_policy: "deny", inventory_quantity: 3 },
  { id: 13, inventory_management: "shopify", inventory_policy: "deny", inventory_quantity: 0 },
  { id: 14, inventory_management: "shopify", inventory_policy: "continue", inventory_quantity: 0 },
  { id: 15, inventory_management: null, inventory_policy: "deny", inventory_quantity: 0 },
];

const defaults = Object.fromEntries(schema.settings.filter((s: any) => s.id).map((s: any) => [s.id, s.default ?? (s.type === "checkbox" ? false : "")]));

async function render(selected: V, lang: "en" | "fr" | "de" = "en", settings: Record<string, unknown> = {}) {
  const html: string = await engine(lang).parseAndRender(source, {
    product: { id: 1, variants, selected_or_first_available_variant: selected },
    block: { id: "b1", settings: { ...defaults, ...settings }, shopify_attributes: 'data-block="b1"' },
    request: { locale: { iso_code: lang } },
  });
  const state = /data-state="([^"]+)"/.exec(html)![1];
  const message = /<span class="stockroom__msg">([^<]*)<\/span>/.exec(html)![1];
  const config = JSON.parse(/<script type="application\/json" data-stockroom-config>([\s\S]*?)<\/script>/.exec(html)![1]) as BlockConfig;
  const altsHidden = /data-stockroom-alts\s+hidden/.test(html);
  return { html, state, message, config, altsHidden };
}

describe("blocks/stock.liquid first paint", () => {
  it("renders each state with the English defaults", async () => {
    const got = [];
    for (const v of variants) {
      const r = await render(v);
      got.push([r.state, r.message, r.altsHidden]);
    }
    expect(got).toEqual([
      ["in_stock", "In stock: 40 available", true],
      ["low", "Only 3 left", false],
      ["sold_out", "Sold out", false],
      ["continue", "Available to order", true],
      ["untracked", "Available", true],
    ]);
  });

  it("renders French and German", async () => {
    expect((await render(variants[1], "fr")).message).toBe("Plus que 3 en stock");
    expect((await render(variants[2], "fr")).message).toBe("Épuisé");
    expect((await render(variants[0], "de")).message).toBe("Auf Lager: 40 verfügbar");
  });

  it("uses the merchant's messages and threshold, and hides counts when asked", async () => {
    const r = await render(variants[0], "en", { threshold: 50, msg_low: "Hurry, {{count}} to go" });
    expect([r.state, r.message]).toEqual(["low", "Hurry, 40 to go"]);
    const hidden = await render(variants[1], "en", { show_count: false });
    expect(hidden.message).toBe("Low stock");
    expect(hidden.config.variants.every((v) => v.q === undefined)).toBe(true);
    expect(hidden.config.showCount).toBe(false);
  });

  it("embeds per-variant data that agrees with computeState and the messages", async () => {
    const r = await render(variants[0], "fr", { threshold: 5 });
    expect(r.config.variant).toBe(11);
    expect(r.config.ui).toContain("stockroom-ui.js");
    expect(r.config.locale).toBe("fr");
    for (const v of variants) {
      const e = r.config.variants.find((x) => x.id === v.id)!;
      const expected = computeState({ tracked: v.inventory_management === "shopify", policy: v.inventory_policy, available: v.inventory_quantity }, 5);
      expect(e.s).toBe(expected);
      // What the loader shows on a variant switch equals what Liquid shows for that variant.
      const first = await render(v, "fr", { threshold: 5 });
      expect(formatMessage(r.config.messages[e.s], r.config.showCount ? e.q : null)).toBe(first.message);
    }
  });

  it("renders no alternatives region when alternatives are off, and an aria-live status", async () => {
    const r = await render(variants[2], "en", { show_alternatives: false });
    expect(r.html).not.toContain("data-stockroom-alts");
    expect(r.html).toMatch(/role="status" aria-live="polite"/);
    expect(r.html).toContain('data-block="b1"');
  });
});
