// Topics as Shopify sends them in X-Shopify-Topic; the same list is declared in shopify.app.toml
// (a test keeps the two in step).
export const SUBSCRIBED_TOPICS = [
  "app/uninstalled",
  "app/scopes_update",
  "app_subscriptions/update",
  "orders/create",
  "orders/cancelled",
  "refunds/create",
  "inventory_levels/update",
  "inventory_items/delete",
  "products/update",
  "products/delete",
  "bulk_operations/finish",
] as const;

export const COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"] as const;

export type KnownTopic = (typeof SUBSCRIBED_TOPICS)[number] | (typeof COMPLIANCE_TOPICS)[number];

const known = new Set<string>([...SUBSCRIBED_TOPICS, ...COMPLIANCE_TOPICS]);

export function isKnownTopic(topic: string): topic is KnownTopic {
  return known.has(topic);
}
