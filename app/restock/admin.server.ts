// Data and form parsing for the admin page "Back in stock" (app/routes/app.restock.tsx,
// app/components/RestockPage.tsx): settings, sent and suppressed counts by reason (in total and
// per product), recovered revenue, recent subscriptions and the sold-out automation's trail.
import prisma from "../db.server";
import { numericId } from "../gid";
import { SUPPRESSION_REASONS, type SuppressionReason } from "./reasons";
import { consentTextOf, DEFAULT_CONSENT_TEXT, loadRestockSettings, settingsInput, type RestockSettingsValue } from "./settings.server";

export interface ProductCounts {
  productId: string;
  title: string;
  waiting: number;
  sent: number;
  suppressed: Partial<Record<SuppressionReason, number>>;
  recovered: number;
}

export async function restockAdminData(shop: string) {
  const settings = await loadRestockSettings(shop);
  const [deliveries, waiting, conversions, subs, trail, shopRow] = await Promise.all([
    prisma.restockDelivery.groupBy({ by: ["productId", "outcome", "reason"], where: { shop }, _count: { _all: true } }),
    prisma.restockSubscription.groupBy({ by: ["productId"], where: { shop, status: { in: ["active", "pending"] } }, _count: { _all: true } }),
    prisma.restockConversion.findMany({ where: { shop }, select: { variantId: true, amount: true, subscriptionId: true } }),
    prisma.restockSubscription.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: 25 }),
    prisma.soldOutActivity.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: 25 }),
    prisma.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }),
  ]);
  const conversionSubs = await prisma.restockSubscription.findMany({ where: { id: { in: conversions.map((c) => c.subscriptionId) } }, select: { id: true, productId: true } });
  const productOfSub = new Map(conversionSubs.map((s) => [s.id, s.productId]));
  const productIds = new Set<string>([...deliveries.map((d) => d.productId), ...waiting.map((w) => w.productId), ...subs.map((s) => s.productId)]);
  const titles = new Map((await prisma.catalogProduct.findMany({ where: { shop, productId: { in: [...productIds] } }, select: { productId: true, title: true } })).map((p) => [p.productId, p.title]));
  const byProduct = new Map<string, ProductCounts>();
  const row = (productId: string) => {
    let r = byProduct.get(productId);
    if (!r) byProduct.set(productId, (r = { productId, title: titles.get(productId) ?? `Product ${numericId(productId)}`, waiting: 0, sent: 0, suppressed: {}, recovered: 0 }));
    return r;
  };
  const totals = { waiting: 0, sent: 0, suppressed: {} as Partial<Record<SuppressionReason, number>>, recovered: 0 };
  for (const d of deliveries) {
    const r = row(d.productId);
    if (d.outcome === "sent") {
      r.sent += d._count._all;
      totals.sent += d._count._all;
    } else if (d.reason) {
      const k = d.reason as SuppressionReason;
      r.suppressed[k] = (r.suppressed[k] ?? 0) + d._count._all;
      totals.suppressed[k] = (totals.suppressed[k] ?? 0) + d._count._all;
    }
  }
  for (const w of waiting) {
    row(w.productId).waiting += w._count._all;
    totals.waiting += w._count._all;
  }
  for (const c of conversions) {
    const p = productOfSub.get(c.subscriptionId);
    if (p) row(p).recovered += c.amount;
    totals.recovered += c.amount;
  }
  return {
    settings,
    consentDefault: DEFAULT_CONSENT_TEXT,
    consentShown: consentTextOf(settings),
    currency: shopRow?.currencyCode || "USD",
    totals,
    products: [...byProduct.values()].sort((a, b) => b.waiting + b.sent - (a.waiting + a.sent)),
    reasons: SUPPRESSION_REASONS,
    subscriptions: subs.map((s) => ({
      id: s.id,
      product: titles.get(s.productId) ?? numericId(s.productId),
      variant: numericId(s.variantId),
      email: s.email ? maskEmail(s.email) : "(hash only)",
      status: s.status,
      createdAt: s.createdAt.toISOString(),
      consentText: s.consentText,
    })),
    trail: trail.map((t) => ({ id: t.id, title: t.title || numericId(t.productId), action: t.action, detail: t.detail, at: t.createdAt.toISOString() })),
  };
}

export type RestockAdminData = Awaited<ReturnType<typeof restockAdminData>>;

/** a***@example.com: enough to recognise, not to harvest. */
export function maskEmail(email: string): string {
  const [user, domain] = email.split("@");
  return `${user.slice(0, 1)}***@${domain ?? ""}`;
}

/** The settings form (strings from the page) → a value, or field errors. */
export function parseRestockSettingsForm(form: Record<string, string>): { value: RestockSettingsValue } | { errors: Record<string, string> } {
  const parsed = settingsInput.safeParse({
    enabled: form.enabled === "true",
    doubleOptIn: form.doubleOptIn === "true",
    consentText: form.consentText ?? "",
    batchMultiple: Number(form.batchMultiple),
    batchCap: Number(form.batchCap),
    intervalMinutes: Number(form.intervalMinutes),
    soldOutAction: form.soldOutAction,
    soldOutTag: form.soldOutTag ?? "",
  });
  if (parsed.success) return { value: parsed.data };
  const errors: Record<string, string> = {};
  for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
  return { errors };
}
