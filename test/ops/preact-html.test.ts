// @vitest-environment happy-dom
// The admin previews server-render the storefront widget with preactToHtml; Preact then takes
// over that DOM. The markup must be what Preact itself renders, for every state and style.
import { describe, expect, it } from "vitest";
import { h, render } from "preact";
import { preactToHtml } from "../../app/components/preact-html";
import { StockWidget, renderWidget } from "../../widget/src/StockWidget";
import { STOCK_STATES } from "../../widget/src/state";
import type { WidgetView } from "../../widget/src/types";

const view = (state: WidgetView["state"], style: WidgetView["style"]): WidgetView => ({
  state,
  style,
  message: `Only 3 left <b>&</b> "soon"`,
  alternativesEnabled: true,
  alternatives: [
    { productId: "1", title: "Green Mug", url: "/products/green?x=1&y=2", price: "$12.00", image: "https://cdn.example/mug.png" },
    { productId: "2", title: "Camp Mug", url: "/products/camp", price: "$9.00", image: null },
  ],
  labels: { heading: "In stock instead", region: "Alternatives" },
});

describe("preactToHtml", () => {
  for (const style of ["inline", "badge", "bar"] as const)
    for (const state of STOCK_STATES)
      it(`matches Preact's own DOM: ${state}, ${style}`, () => {
        const el = document.createElement("div");
        render(h(StockWidget, { view: view(state, style) }), el);
        expect(preactToHtml(h(StockWidget, { view: view(state, style) }))).toBe(el.innerHTML);
      });

  it("Preact takes over the server markup in place: the same nodes stay", () => {
    const el = document.createElement("div");
    el.innerHTML = preactToHtml(h(StockWidget, { view: view("low", "inline") }));
    const status = el.querySelector(".stockroom__status");
    renderWidget(el, { ...view("low", "inline"), message: "Only 2 left" });
    expect(el.querySelector(".stockroom__status")).toBe(status);
    expect(el.querySelector(".stockroom__msg")!.textContent).toBe("Only 2 left");
  });
});
