// Sign-up from the widget's "Email me when it's back" form (POST /apps/stockroom/restock, through
// the app proxy). Validates with zod, stores the consent text the shopper saw, and with double
// opt-in sends a confirmation mail with a signed link.
import { z } from "zod";
import prisma from "../db.server";
import { gid } from "../gid";
import { log } from "../log.server";
import { sendMail, type Mailer } from "../mail/transport.server";
import { appUrl, variantInfo } from "./catalog.server";
import { confirmMail, mailLocale } from "./messages";
import { consentTextOf, loadRestockSettings } from "./settings.server";
import { emailHash, signToken } from "./tokens.server";

export const signupInput = z.object({
  variant: z.string().regex(/^\d{1,20}$/, "bad_variant"),
  email: z.string().trim().max(254).pipe(z.email("invalid_email")),
  consent: z.enum(["1", "on", "true"], { error: "consent_missing" }),
  locale: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/).optional().catch(undefined),
  /** The consent text the block showed next to the checkbox (merchant-editable block setting). */
  consent_text: z.string().trim().max(500).optional(),
  /** Honeypot: a field people never see or fill. */
  website: z.string().max(500).optional(),
});

export type SignupResult =
  | { status: 201; body: { ok: true; confirm: boolean } }
  | { status: 202; body: { ok: true } }
  | { status: 400 | 404 | 409 | 422; body: { error: string } };

export async function signUp(shop: string, raw: Record<string, string>, mailer?: Mailer): Promise<SignupResult> {
  const parsed = signupInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path[0];
    const error = path === "email" ? "invalid_email" : path === "consent" ? "consent_missing" : path === "variant" ? "bad_variant" : "bad_input";
    return { status: 422, body: { error } };
  }
  const input = parsed.data;
  // A bot filled the hidden field: answer like a success, store nothing.
  if (input.website) return { status: 202, body: { ok: true } };
  const settings = await loadRestockSettings(shop);
  if (!settings.enabled) return { status: 409, body: { error: "disabled" } };
  const variantId = gid("ProductVariant", input.variant);
  const info = await variantInfo(shop, variantId);
  if (!info) return { status: 404, body: { error: "unknown_variant" } };
  if (!info.sellsOut || info.sellable > 0) return { status: 409, body: { error: "in_stock" } };

  const email = input.email.toLowerCase();
  const hash = emailHash(email);
  const locale = mailLocale(input.locale);
  // Stored with the subscription: what the shopper saw (the block's text), else the shop's default.
  const consentText = input.consent_text || consentTextOf(settings);
  const status = settings.doubleOptIn ? "pending" : "active";
  const now = new Date();
  const data = { email, locale, consentText, consentAt: now, status, confirmedAt: settings.doubleOptIn ? null : now, notifiedAt: null, productId: info.productId };
  // A fresh sign-up with consent is a new opt-in: it lifts an earlier unsubscribe of the address.
  const [sub] = await prisma.$transaction([
    prisma.restockSubscription.upsert({
      where: { shop_variantId_emailHash: { shop, variantId, emailHash: hash } },
      create: { shop, variantId, emailHash: hash, ...data },
      update: data,
    }),
    prisma.restockSuppressedAddress.deleteMany({ where: { shop, emailHash: hash } }),
    prisma.restockWatch.upsert({ where: { shop_variantId: { shop, variantId } }, create: { shop, variantId, sellable: info.sellable }, update: { sellable: info.sellable } }),
  ]);
  if (settings.doubleOptIn) {
    const shopRow = await prisma.shop.findUnique({ where: { domain: shop }, select: { name: true } });
    const mail = confirmMail({ locale, shopName: shopRow?.name ?? shop, title: info.productTitle, confirmUrl: appUrl(`/restock/confirm?t=${signToken("confirm", sub.id)}`) });
    try {
      const res = await (mailer ? mailer.send({ to: email, ...mail }) : sendMail({ to: email, ...mail }));
      if (!res.sent) log("warn", "restock confirmation not sent", { shop, reason: res.reason });
    } catch (error) {
      log("warn", "restock confirmation failed", { shop, error: String(error) });
    }
  }
  return { status: 201, body: { ok: true, confirm: settings.doubleOptIn } };
}

/** The signed confirmation link (double opt-in). */
export async function confirmSubscription(id: string): Promise<boolean> {
  const { count } = await prisma.restockSubscription.updateMany({ where: { id, status: "pending" }, data: { status: "active", confirmedAt: new Date() } });
  if (count) return true;
  return (await prisma.restockSubscription.count({ where: { id, status: { in: ["active", "notified"] } } })) > 0;
}

/**
 * One-click unsubscribe: every subscription of the address in that shop stops, and only the
 * address's hash is kept (in the suppression list and on the rows), so it stays suppressed.
 */
export async function unsubscribe(id: string): Promise<boolean> {
  const sub = await prisma.restockSubscription.findUnique({ where: { id } });
  if (!sub) return false;
  await prisma.$transaction([
    prisma.restockSubscription.updateMany({ where: { shop: sub.shop, emailHash: sub.emailHash }, data: { status: "unsubscribed", email: null } }),
    prisma.restockSuppressedAddress.upsert({
      where: { shop_emailHash: { shop: sub.shop, emailHash: sub.emailHash } },
      create: { shop: sub.shop, emailHash: sub.emailHash, reason: "unsubscribed" },
      update: {},
    }),
  ]);
  return true;
}
