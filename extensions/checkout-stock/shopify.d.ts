// Equivalent of the file `shopify app build` generates for this extension (one module
// declaration per source file that reads the `shopify` global, typed by the target's Api).
import "@shopify/ui-extensions";

//@ts-ignore
declare module "./src/CartLineStock.tsx" {
  const shopify: import("@shopify/ui-extensions/purchase.checkout.cart-line-item.render-after").Api;
  const globalThis: { shopify: typeof shopify };
}
