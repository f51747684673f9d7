// Whether the shop is a development store: Shopify only accepts test charges there (isTest).
import type { DevStoreQuery } from "../types/admin.generated";

export const DEV_STORE_QUERY = `#graphql
  query DevStore {
    shop { plan { partnerDevelopment } }
  }
`;

type GraphqlFn = (query: string) => Promise<Response>;

export async function isDevelopmentStore(graphql: GraphqlFn): Promise<boolean> {
  const body = (await (await graphql(DEV_STORE_QUERY)).json()) as { data?: DevStoreQuery };
  return body.data?.shop.plan.partnerDevelopment === true;
}

/** Where Shopify sends the merchant back after approving or declining: the Plans page in admin. */
export function plansReturnUrl(shop: string): string {
  const handle = shop.replace(/\.myshopify\.com$/, "");
  return `https://admin.shopify.com/store/${handle}/apps/${process.env.SHOPIFY_APP_HANDLE || "stockroom"}/app/plans`;
}
