// Runs inside each extension instance's iframe (one per cart line / block, as Shopify gives
// every instance its own sandbox): defines the `<s-…>` elements, installs the `shopify`
// global, then the page loads the extension's real bundle, which calls shopify.extend().
import { defineCheckoutElements } from "../../../app/surveys/checkout-elements";
import { createShopifyGlobal, type InstanceConfig } from "./shopify-global";

declare global {
  interface Window {
    __STOCKROOM_EXT__: { instanceId: string; config: InstanceConfig };
    shopify: unknown;
  }
}

const { instanceId, config } = window.__STOCKROOM_EXT__;
const post = (msg: Record<string, unknown>) => window.parent.postMessage({ source: "stockroom-ext", instanceId, ...msg }, "*");

defineCheckoutElements(window);
const ready = new Promise<void>((resolve) =>
  document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", () => resolve()) : resolve(),
);
const host = createShopifyGlobal(config, {
  storage: window.localStorage,
  ready,
  onRendered: () => post({ type: "rendered" }),
  onError: (error) => {
    console.error(error);
    post({ type: "error", message: String((error as Error)?.stack ?? error) });
  },
});
window.shopify = host.api;

// Size the iframe to its content; an extension that renders nothing takes no space.
const report = () =>
  post({ type: "resize", height: document.body ? Math.ceil(document.body.getBoundingClientRect().height) : 0 });
new ResizeObserver(report).observe(document.documentElement);
void ready.then(() => new ResizeObserver(report).observe(document.body));

window.addEventListener("message", async (event) => {
  const msg = event.data as { target?: string; type?: string; key?: string; value?: unknown; requestId?: string };
  if (event.source !== window.parent || msg?.target !== "stockroom-ext") return;
  if (msg.type === "update" && msg.key) host.update(msg.key as "lines", msg.value);
  if (msg.type === "intercept") {
    const results = await host.runInterceptors();
    post({
      type: "intercept-result",
      requestId: msg.requestId,
      results: results.map((r) => ({
        behavior: r.behavior,
        reason: "reason" in r ? r.reason : undefined,
        errors: "errors" in r ? r.errors : undefined,
      })),
    });
  }
});
