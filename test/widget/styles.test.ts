// The block's styles never block the page's first render (issue 13): no schema "stylesheet"
// (Shopify puts that in <head> as a render-blocking link); the rules that fix sizes are inline in
// the block; the rest loads as a non-blocking stylesheet and may change no size or position, so
// its late arrival cannot shift anything (CLS 0). The browser side is test/e2e/widget.e2e.test.ts.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { render, variants } from "./render-block";

const block = readFileSync("extensions/stock-widget/blocks/stock.liquid", "utf8");
const schema = JSON.parse(/{%\s*schema\s*%}([\s\S]*?){%\s*endschema\s*%}/.exec(block)![1]);
const late = readFileSync("extensions/stock-widget/assets/stockroom.css", "utf8");

/** Declared properties of a stylesheet (comments dropped; keyframe steps count too). */
function properties(css: string): string[] {
  const body = css.replace(/\/\*[\s\S]*?\*\//g, "");
  return [...body.matchAll(/([a-z-]+)\s*:\s*[^;{}]+;?(?=[^{}]*})/g)].map((m) => m[1]);
}

// Properties that never change a box's size or position.
const PAINT_ONLY = new Set([
  "color", "background", "background-color", "border-color", "border-radius", "outline", "outline-color", "outline-offset",
  "text-decoration", "opacity", "cursor", "transition", "animation", "object-fit", "scroll-snap-type", "scroll-snap-align", "scroll-behavior",
]);

describe("widget styles", () => {
  it("has no render-blocking schema stylesheet; the block inlines its sizes and loads the rest without blocking", async () => {
    expect(schema.stylesheet).toBeUndefined();
    const { html } = await render(variants[2]);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html);
    expect(style).not.toBeNull();
    expect(html.indexOf("<style>")).toBeLessThan(html.indexOf("data-stockroom"));
    expect(html).toContain(`<link rel="stylesheet" href="//cdn.example/assets/stockroom.css?v=1" media="print" onload="this.media='all'">`);
    expect(html).toContain(`<noscript><link rel="stylesheet" href="//cdn.example/assets/stockroom.css?v=1"></noscript>`);
    // The fixed places are in the inline rules: the alternatives' box, the answer line, the honeypot.
    const inline = style![1];
    expect(inline).toMatch(/\.stockroom__alts\{[^}]*height:11\.5rem/);
    expect(inline).toMatch(/\.stockroom-notify__msg\{[^}]*min-height:1\.5em/);
    expect(inline).toMatch(/\.stockroom-notify__hp\{[^}]*position:absolute/);
    expect(inline).toMatch(/\.stockroom__alts--waiting\{visibility:hidden\}/);
  });

  it("the late stylesheet changes no size or position", () => {
    const props = properties(late);
    expect(props.length).toBeGreaterThan(5);
    expect(props.filter((p) => !PAINT_ONLY.has(p))).toEqual([]);
    // …and the check sees a size when there is one.
    expect(properties(".x { height: 2rem; color: red }").filter((p) => !PAINT_ONLY.has(p))).toEqual(["height"]);
  });
});
