/**
 * Public types of the stand-in's in-memory Shopify store. See dev/CONTRACT.md.
 * Ids are numeric (increasing per resource type); `gid(type, id)` gives Shopify's global id.
 */

export type PlanName = "basic" | "shopify" | "advanced" | "plus" | "enterprise" | "development";

/** Shopify's quantity names. `on_hand = available + committed + reserved + damaged + quality_control + safety_stock`; `incoming` is separate. */
export const QUANTITY_NAMES = [
  "available",
  "on_hand",
  "committed",
  "reserved",
  "damaged",
  "quality_control",
  "safety_stock",
  "incoming",
] as const;
export type QuantityName = (typeof QUANTITY_NAMES)[number];
/** The components of on_hand besides `available` (Shopify calls them "unavailable" + committed). */
export const ON_HAND_COMPONENTS = ["available", "committed", "reserved", "damaged", "quality_control", "safety_stock"] as const;

export interface ShopRecord {
  id: number;
  domain: string; // north-shop.myshopify.com
  name: string;
  email: string;
  currencyCode: string;
  plan: PlanName;
  ianaTimezone: string;
  createdAt: number; // ms
}

export interface LocationRecord {
  id: number;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
  address: { address1?: string; city?: string; countryCode?: string; zip?: string };
  createdAt: number;
  updatedAt: number;
}

export interface ImageRecord {
  id: number;
  url: string;
  altText: string | null;
  width: number | null;
  height: number | null;
}

export interface CollectionRecord {
  id: number;
  title: string;
  handle: string;
  createdAt: number;
  updatedAt: number;
}

export interface ProductRecord {
  id: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  tags: string[];
  status: "ACTIVE" | "ARCHIVED" | "DRAFT";
  images: ImageRecord[];
  collectionIds: number[];
  options: { name: string; values: string[] }[];
  variantIds: number[];
  createdAt: number;
  updatedAt: number;
}

export interface VariantRecord {
  id: number;
  productId: number;
  title: string;
  sku: string | null;
  barcode: string | null;
  price: string; // decimal string "19.99"
  compareAtPrice: string | null;
  inventoryPolicy: "DENY" | "CONTINUE";
  position: number;
  selectedOptions: { name: string; value: string }[];
  inventoryItemId: number;
  imageId: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface InventoryLevelRecord {
  /** Shopify's InventoryLevel id is `gid://shopify/InventoryLevel/<n>?inventory_item_id=<item>`; n here. */
  id: number;
  inventoryItemId: number;
  locationId: number;
  quantities: Record<QuantityName, number>;
  /** last change time per quantity name (ms) */
  quantityUpdatedAt: Partial<Record<QuantityName, number>>;
  isActive: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface InventoryItemRecord {
  id: number;
  variantId: number;
  sku: string | null;
  tracked: boolean;
  requiresShipping: boolean;
  unitCost: string | null;
  /** keyed by location id */
  levels: Map<number, InventoryLevelRecord>;
  createdAt: number;
  updatedAt: number;
}

export type FinancialStatus = "PENDING" | "AUTHORIZED" | "PAID" | "PARTIALLY_PAID" | "PARTIALLY_REFUNDED" | "REFUNDED" | "VOIDED";
export type FulfillmentStatus = "UNFULFILLED" | "PARTIALLY_FULFILLED" | "FULFILLED" | "RESTOCKED";

export interface LineItemRecord {
  id: number;
  variantId: number | null;
  productId: number | null;
  inventoryItemId: number | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  price: string;
  /** units shipped */
  fulfilledQuantity: number;
  /** units refunded (restocked or not) */
  refundedQuantity: number;
  /** location whose stock this line committed */
  locationId: number;
  /** false when the item is untracked (no committed stock) */
  tracksInventory: boolean;
}

export interface RefundLineRecord {
  id: number;
  lineItemId: number;
  quantity: number;
  restockType: "NO_RESTOCK" | "CANCEL" | "RETURN";
  locationId: number | null;
  subtotal: string;
}

export interface RefundRecord {
  id: number;
  orderId: number;
  createdAt: number;
  note: string | null;
  lines: RefundLineRecord[];
}

export interface OrderRecord {
  id: number;
  name: string; // "#1001"
  email: string | null;
  currencyCode: string;
  lineItems: LineItemRecord[];
  financialStatus: FinancialStatus;
  fulfillmentStatus: FulfillmentStatus;
  cancelledAt: number | null;
  cancelReason: string | null;
  closedAt: number | null;
  refunds: RefundRecord[];
  totalPrice: string;
  subtotalPrice: string;
  /** arbitrary origin tag, e.g. "storefront", "control", "pos" */
  sourceName: string;
  /** token of the web checkout that created the order (null for other origins) */
  checkoutToken?: string | null;
  createdAt: number;
  updatedAt: number;
  processedAt: number;
}

export interface WebhookSubscriptionRecord {
  id: number;
  /** GraphQL enum value, e.g. INVENTORY_LEVELS_UPDATE */
  topic: string;
  uri: string;
  format: "JSON" | "XML";
  includeFields: string[];
  metafieldNamespaces: string[];
  filter: string | null;
  name: string | null;
  apiVersion: string;
  /** the app (api key / client id) that created it, when known */
  appKey: string | null;
  createdAt: number;
  updatedAt: number;
}

export type BulkStatus = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELING" | "CANCELED" | "EXPIRED";

export interface BulkOperationRecord {
  id: number;
  type: "QUERY" | "MUTATION";
  status: BulkStatus;
  query: string;
  errorCode: "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT" | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  /** absolute URL of the JSONL file (set when COMPLETED and non-empty) */
  url: string | null;
  partialDataUrl: string | null;
  /** the JSONL result, served by the admin module's bulk file handler */
  data: string | null;
  appKey: string | null;
  createdAt: number;
  completedAt: number | null;
}

export interface AccessTokenRecord {
  token: string;
  shop: string;
  /** app's API key (client id); one throttle bucket per (app, shop) */
  apiKey: string;
  scopes: string[];
  kind: "offline" | "online";
  /** ms epoch; null = never expires */
  expiresAt: number | null;
  /** online tokens only */
  userId?: number | null;
  revoked?: boolean;
}

/** Why an inventory quantity changed. */
export type InventoryCause =
  | "connect" // level created with initial stock (product creation / seeding)
  | "manual" // setAvailable/setQuantity from the control API: a merchant edit behind the app's back
  | "api_set" // inventorySetQuantities
  | "api_adjust" // inventoryAdjustQuantities
  | "order" // order placed: available → committed
  | "cancel" // order cancelled
  | "refund" // refund (restock or not)
  | "fulfillment"; // fulfilled: committed and on_hand go down

export interface InventoryEvent {
  shop: string;
  inventoryItemId: number;
  locationId: number;
  variantId: number;
  sku: string | null;
  /** `available` after the change */
  available: number;
  /** all named quantities after the change */
  quantities: Record<QuantityName, number>;
  /** quantity name → delta applied by this change (only non-zero entries) */
  deltas: Partial<Record<QuantityName, number>>;
  cause: InventoryCause;
  /** e.g. "gid://shopify/Order/123", or the mutation's referenceDocumentUri */
  reference: string | null;
  /** the app (api key) that made the change via the Admin API, if any */
  appKey: string | null;
  updatedAtMs: number;
  /** ISO-8601, seconds precision, UTC (Shopify style "2026-11-26T15:00:00Z") */
  updatedAt: string;
}

export interface ProductEvent {
  type: "create" | "update" | "delete";
  shop: string;
  productId: number;
  product: ProductRecord | null;
  at: number;
}

export interface OrderEvent {
  type: "create" | "updated" | "cancelled" | "fulfilled" | "paid";
  shop: string;
  orderId: number;
  order: OrderRecord;
  at: number;
}

export interface RefundEvent {
  shop: string;
  orderId: number;
  order: OrderRecord;
  refund: RefundRecord;
  at: number;
}

export interface BulkOperationEvent {
  type: "finish";
  shop: string;
  bulkOperation: BulkOperationRecord;
  at: number;
}

export interface StoreEvents {
  inventory: InventoryEvent;
  product: ProductEvent;
  order: OrderEvent;
  refund: RefundEvent;
  bulk_operation: BulkOperationEvent;
}

/** API-side fault knobs (read by the Admin API handler; set by the control API). */
export interface ApiFaults {
  /** [min, max] ms of added latency per Admin API request; [0,0] = none */
  latencyMs: [number, number];
  /** probability of answering 5xx (502/503/500) */
  errorRate: number;
  /** probability of never answering in time (the handler waits `timeoutMs`, then closes the connection / answers 504) */
  timeoutRate: number;
  timeoutMs: number;
  /** probability of answering THROTTLED regardless of the bucket */
  throttleRate: number;
  seed: number;
}

export interface ThrottleConfig {
  /** bucket size (maximumAvailable) */
  maximumAvailable: number;
  /** points per second */
  restoreRate: number;
}
