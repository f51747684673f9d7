// The Preact UI chunk (assets/stockroom-ui.js), imported by the loader off the critical path.
import { renderWidget } from "./StockWidget";
import type { WidgetView } from "./types";

export interface UiHandle {
  update(view: WidgetView): void;
}

export function mount(root: HTMLElement, view: WidgetView): UiHandle {
  renderWidget(root, view);
  return { update: (next) => renderWidget(root, next) };
}
