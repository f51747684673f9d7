// The privacy policy's facts, generated from what the app really stores: every database table
// that holds a shop's rows (Prisma's datamodel: a table added later appears by itself, described
// or not) and every feature registered with the privacy registry for customer data.
import { Prisma } from "@prisma/client";
import "../jobs.server"; // every feature registers its data with the privacy registry on import
import { customerDataProviders, shopDataProviders } from "./registry.server";

export interface PolicyRow {
  table: string;
  what: string;
}

export interface PrivacyPolicy {
  shopTables: PolicyRow[];
  customerData: string[];
  erasers: string[];
}

// What each table holds, in words. A table missing here still appears (as "Records of <name>").
const WHAT: Record<string, string> = {
  Session: "Access tokens for the store (offline and per staff member), the staff member's id, name and email for online sessions",
  Shop: "The store's domain, name, currency, granted scopes, install and uninstall dates",
  WebhookInbox: "Webhooks Shopify sent (topic, ids, payload); the shop/redact request itself is kept as proof",
  Job: "Queued background work for the store",
  CatalogProduct: "Product titles, handles, vendors, types, tags, images",
  CatalogVariant: "Variant titles, SKUs, barcodes, prices, inventory item ids",
  InventoryLevel: "Stock levels per item and location",
  ShopOrder: "Order ids, names, dates, line items; the customer's id and email",
  PrivacyRequest: "Customer data requests and redactions, and what was exported or erased",
  Survey: "Post-purchase surveys the merchant wrote",
  SurveyVersion: "Published versions of those surveys",
  SurveyResponse: "Answers buyers gave on the thank-you page, with the order id",
  SurveyImpression: "That a survey was shown for an order",
  WidgetSettings: "Storefront widget settings and messages",
  WidgetAlternativePick: "Alternatives the merchant picked for products",
  StorefrontVersion: "Cache versions of the storefront read model",
  SyncMember: "Which sync groups the store belongs to, its location and buffer",
  SyncLink: "Per SKU: the last stock the app saw in the store and what it wrote",
  SyncObservation: "Stock changes received, until the sync job applies them",
  SyncWriteBatch: "Stock writes to the store in flight",
  StockEvent: "The audit trail of stock changes: cause, delta, value after",
  SyncException: "Sync troubles with owner, trail and resolution notes",
  ImportRun: "Catalog import runs and their progress",
  KpiRollup: "Hourly and daily KPI figures",
  KpiCounter: "Counters the KPIs are computed from",
  CartStockNote: "Stock notes shown in checkout, with the checkout token and later the order id",
  OwnerRule: "Who owns which exception class",
  ExceptionOwnership: "Who owns an exception and when they took it",
  AlertChannel: "Alert channels: email addresses and webhook URLs",
  AlertRule: "Alert rules",
  AlertIncident: "Troubles alerts were sent about",
  AlertDelivery: "Alert messages sent and their outcome",
  SetupConfirmation: "Setup steps the merchant confirmed, and who confirmed them",
  ShopPlan: "The plan (Free, Growth, Plus) and the Shopify subscription behind it",
  SuspendedMembership: "A sync group the store left when it uninstalled (offered back after a reinstall)",
};

export function shopScopedTables(): string[] {
  return Prisma.dmmf.datamodel.models.filter((m) => m.name === "Shop" || m.fields.some((f) => f.name === "shop" && f.kind === "scalar")).map((m) => m.name);
}

export function privacyPolicy(): PrivacyPolicy {
  return {
    shopTables: shopScopedTables().map((table) => ({ table, what: WHAT[table] ?? `Records of ${table.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()}` })),
    customerData: customerDataProviders().map((p) => p.name),
    erasers: shopDataProviders().map((p) => p.name),
  };
}
