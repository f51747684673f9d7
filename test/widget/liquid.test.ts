// The block's first paint (no JavaScript): its states and messages must agree with
// widget/src/state.ts, in every locale the extension ships.
import { describe, expect, it } from "vitest";
import { computeState, formatMessage } from "../../widget/src/state";
import { render, variants } from "./render-block";

describe("blocks/stock.liquid first paint", () => {
  it("renders each state with the English defaults", async () => {
    const got = [];
    for (const v of variants) {
      const r = await render(v);
      got.push([r.state, r.message, r.altsHidden]);
    }
    expect(got).toEqual([
      ["in_stock", "In stock: 40 available", true],
      ["low", "Only 3 left", true],
      ["sold_out", "Sold out", true],
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

  it("never paints an empty alternatives section (the heading waits for the proxy's items)", async () => {
    for (const v of [variants[1], variants[2]]) {
      const r = await render(v);
      const section = /<section[^>]*data-stockroom-alts[^>]*>([\s\S]*?)<\/section>/.exec(r.html)!;
      const list = /<ul class="stockroom__list">([\s\S]*?)<\/ul>/.exec(section[1])!;
      // A section in view must have items; Liquid has none, so it is hidden or (where
      // alternatives are wanted) keeps its place invisibly until the proxy's items arrive.
      if (list[1].trim() === "") expect(section[0]).toMatch(/\shidden[\s>]|stockroom__alts--waiting/);
    }
  });

  it("renders no alternatives region when alternatives are off, and an aria-live status", async () => {
    const r = await render(variants[2], "en", { show_alternatives: false });
    expect(r.html).not.toContain("data-stockroom-alts");
    expect(r.html).toMatch(/role="status" aria-live="polite"/);
    expect(r.html).toContain('data-block="b1"');
  });
});
