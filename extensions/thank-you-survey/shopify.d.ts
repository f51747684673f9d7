// Equivalent of the file `shopify app build` generates for this extension: one module
// declaration per source file of the targets' module graph (inside the extension), giving
// `shopify` the union of the targets' Api types (both targets share one module).
import "@shopify/ui-extensions";

//@ts-ignore
declare module "./src/ThankYouSurvey.tsx" {
  const shopify:
    | import("@shopify/ui-extensions/purchase.thank-you.block.render").Api
    | import("@shopify/ui-extensions/customer-account.order-status.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}

//@ts-ignore
declare module "./src/SurveyView.tsx" {
  const shopify:
    | import("@shopify/ui-extensions/purchase.thank-you.block.render").Api
    | import("@shopify/ui-extensions/customer-account.order-status.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}

//@ts-ignore
declare module "./src/survey-api.ts" {
  const shopify:
    | import("@shopify/ui-extensions/purchase.thank-you.block.render").Api
    | import("@shopify/ui-extensions/customer-account.order-status.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}
