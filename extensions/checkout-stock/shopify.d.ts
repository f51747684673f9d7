// Equivalent of the file `shopify app build` generates for this extension: one module
// declaration per source file of the target's module graph (inside the extension), giving
// `shopify` the target's Api type.
import "@shopify/ui-extensions";

//@ts-ignore
declare module "./src/CartLineStock.tsx" {
  const shopify: import("@shopify/ui-extensions/purchase.checkout.cart-line-item.render-after").Api;
  const globalThis: { shopify: typeof shopify };
}

//@ts-ignore
declare module "./src/stock-api.ts" {
  const shopify: import("@shopify/ui-extensions/purchase.checkout.cart-line-item.render-after").Api;
  const globalThis: { shopify: typeof shopify };
}
