// The storefront widget's Preact UI. blocks/stock.liquid renders the same markup for the first
// paint; renderWidget() then takes over that DOM in place (Preact reuses the existing nodes, so
// the aria-live region stays the same element and nothing moves). The admin page's preview
// calls renderWidget() too, so merchants see exactly what shoppers get.
import { Fragment, h, render, type VNode } from "preact";
import { needsAlternatives } from "./state";
import type { Alternative, WidgetView } from "./types";

function AlternativeItem({ alt }: { alt: Alternative }): VNode<any> {
  return h(
    "li",
    { class: "stockroom__alt" },
    h(
      "a",
      { class: "stockroom__link", href: alt.url },
      alt.image
        ? h("img", { class: "stockroom__img", src: alt.image, alt: "", width: 64, height: 64, loading: "lazy", decoding: "async" })
        : h("span", { class: "stockroom__img", "aria-hidden": "true" }),
      h("span", { class: "stockroom__name" }, alt.title),
      h("span", { class: "stockroom__price" }, alt.price),
    ),
  );
}

export function StockWidget({ view }: { view: WidgetView }): VNode<any> {
  const show = needsAlternatives(view.state);
  const alts = view.alternatives;
  return h(
    Fragment,
    null,
    h(
      "p",
      { class: "stockroom__status", role: "status", "aria-live": "polite", "aria-atomic": "true" },
      h("span", { class: "stockroom__dot", "aria-hidden": "true" }),
      h("span", { class: "stockroom__msg" }, view.message),
    ),
    view.style === "bar"
      ? h("span", { class: "stockroom__bar", "aria-hidden": "true" }, h("span", { class: "stockroom__fill" }))
      : null,
    view.alternativesEnabled
      ? h(
          "section",
          {
            // Never an empty section in view: wanted but without items yet, it keeps its place
            // (fixed height, so nothing shifts when they arrive) and stays invisible.
            class: alts?.length ? "stockroom__alts" : "stockroom__alts stockroom__alts--waiting",
            "aria-label": view.labels.region,
            "data-stockroom-alts": "",
            hidden: !show,
          },
          h("h3", { class: "stockroom__alts-title" }, view.labels.heading),
          h("ul", { class: "stockroom__list" }, (show && alts ? alts : []).map((alt) => h(AlternativeItem, { key: alt.url, alt }))),
        )
      : null,
  );
}

/** Renders (or re-renders) the widget into the block's root element. */
export function renderWidget(root: HTMLElement, view: WidgetView): void {
  root.className = `stockroom stockroom--${view.style}`;
  root.setAttribute("data-state", view.state);
  render(h(StockWidget, { view }), root);
}
