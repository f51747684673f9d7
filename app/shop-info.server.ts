import { adminClientFor } from "./admin/shop-client.server";
import prisma from "./db.server";
import { registerJob } from "./queue/registry.server";
import type { ShopInfoQuery } from "./types/admin.generated";

export const SHOP_INFO_QUERY = `#graphql
  query ShopInfo {
    shop {
      name
      currencyCode
      myshopifyDomain
    }
  }
`;

export const REFRESH_SHOP_INFO_JOB = "shop.refreshInfo";

/** Stores the shop's name and currency (the widget formats prices with it). */
export async function refreshShopInfo(shop: string): Promise<void> {
  const { data } = await adminClientFor(shop).request<ShopInfoQuery>(SHOP_INFO_QUERY);
  await prisma.shop.update({
    where: { domain: shop },
    data: { name: data.shop.name, currencyCode: data.shop.currencyCode },
  });
}

registerJob<{ shop: string }>(REFRESH_SHOP_INFO_JOB, ({ shop }) => refreshShopInfo(shop));
