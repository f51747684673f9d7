/**
 * Every feature that stores shop or customer data registers how to export and erase it, so
 * the compliance webhooks reach all of it without knowing each feature.
 */
/** Which data a customers/* request is about: the customer, and (for guests) their orders. */
export interface CustomerScope {
  /** Numeric order ids (`orders_requested` / `orders_to_redact`). */
  orderIds: string[];
  /** The customer's email address when Shopify sends one (features keyed by address use it). */
  email?: string;
}

export interface CustomerDataProvider {
  name: string;
  exportCustomer(shop: string, customerId: string, scope: CustomerScope): Promise<unknown>;
  eraseCustomer(shop: string, customerId: string, scope: CustomerScope): Promise<number>;
}

export interface ShopDataProvider {
  name: string;
  eraseShop(shop: string): Promise<number>;
}

const customerProviders: CustomerDataProvider[] = [];
const shopProviders: ShopDataProvider[] = [];

export function registerCustomerData(p: CustomerDataProvider) {
  if (!customerProviders.some((x) => x.name === p.name)) customerProviders.push(p);
}

export function registerShopData(p: ShopDataProvider) {
  if (!shopProviders.some((x) => x.name === p.name)) shopProviders.push(p);
}

export function customerDataProviders(): readonly CustomerDataProvider[] {
  return customerProviders;
}

export function shopDataProviders(): readonly ShopDataProvider[] {
  return shopProviders;
}
