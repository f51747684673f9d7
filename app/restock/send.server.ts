// Sending back-in-stock alerts. A restock (RestockRun) starts when a subscribed variant's sellable
// quantity in the shop where people signed up goes from 0 to > 0. It sends in batches, oldest
// sign-ups first:
//   budget  = multiple × units that came back (grows when the stock rises above its peak)
//   batch   = min(cap, budget left, multiple × units available now)
// Batches are `intervalMinutes` apart; stock is re-read before every batch, and the restock stops
// when the variant is sold out again. Every subscriber not mailed gets a recorded reason.
import type { RestockRun, RestockSubscription } from "@prisma/client";
import prisma from "../db.server";
import { numericId } from "../gid";
import { log } from "../log.server";
import { sendMail, type Mailer, type MailMessage } from "../mail/transport.server";
import { queue } from "../queue/index.server";
import type { JobQueue } from "../queue/types";
import { limit } from "../security/limiters.server";
import { findAlternatives, loadWidgetSettings } from "../storefront/stock.server";
import { appUrl, storefrontUrl, variantInfo, variantUrl, type VariantInfo } from "./catalog.server";
import { alertMail, mailLocale } from "./messages";
import type { SuppressionReason } from "./reasons";
import { loadRestockSettings } from "./settings.server";
import { signToken } from "./tokens.server";

export const RESTOCK_BATCH_JOB = "restock.batch";
export const MAX_ALTERNATIVES_IN_MAIL = 3;

export interface SendDeps {
  queue: JobQueue;
  send: (m: MailMessage) => ReturnType<Mailer["send"]>;
  now: () => Date;
}

export const productionSendDeps: SendDeps = { queue, send: sendMail, now: () => new Date() };

/**
 * A subscribed variant's sellable quantity is now `sellable` (a pipeline step calls this after
 * the ledger moved). Starts a restock on 0 → > 0; a restock already running only learns of
 * more units (its budget grows at the next batch). Returns the run started, if any.
 */
export async function observeSellable(shop: string, variantId: string, sellable: number, deps: SendDeps = productionSendDeps): Promise<RestockRun | null> {
  const watch = await prisma.restockWatch.findUnique({ where: { shop_variantId: { shop, variantId } } });
  const before = watch?.sellable ?? 0;
  await prisma.restockWatch.upsert({ where: { shop_variantId: { shop, variantId } }, create: { shop, variantId, sellable }, update: { sellable } });
  if (!(before <= 0 && sellable > 0)) return null;
  const running = await prisma.restockRun.findFirst({ where: { shop, variantId, status: "running" } });
  if (running) return null;
  const waiting = await prisma.restockSubscription.count({ where: { shop, variantId } });
  if (!waiting) return null;
  const settings = await loadRestockSettings(shop);
  if (!settings.enabled) return null;
  const info = await variantInfo(shop, variantId);
  const run = await prisma.restockRun.create({
    data: { shop, variantId, productId: info?.productId ?? "", peakUnits: sellable, budget: sellable * settings.batchMultiple, nextBatchAt: deps.now() },
  });
  await deps.queue.enqueue({ name: RESTOCK_BATCH_JOB, shop, payload: { runId: run.id, batch: 1 }, orderingKey: `restock|${shop}|${variantId}`, dedupeKey: `restock|${run.id}|1` });
  return run;
}

/** Why this subscriber cannot be mailed at all (before any batch size matters), or null. */
function standingReason(sub: RestockSubscription, suppressed: Set<string>): SuppressionReason | null {
  if (sub.status === "unsubscribed" || suppressed.has(sub.emailHash)) return "unsubscribed";
  if (sub.status === "bounced") return "address_bounced";
  if (!sub.consentAt || !sub.consentText || !sub.email) return "consent_missing";
  if (sub.status === "pending" || !sub.confirmedAt) return "not_confirmed";
  if (sub.status === "notified") return "already_notified";
  return null;
}

async function suppress(run: RestockRun, subs: RestockSubscription[], reason: SuppressionReason, batch: number): Promise<void> {
  if (!subs.length) return;
  // createMany has no skipDuplicates on SQLite: one row each, a duplicate (job retry) is skipped.
  for (const s of subs) {
    await prisma.restockDelivery
      .create({ data: { shop: run.shop, runId: run.id, subscriptionId: s.id, variantId: run.variantId, productId: run.productId, batch, outcome: "suppressed", reason } })
      .catch((e: { code?: string }) => {
        if (e?.code !== "P2002") throw e;
      });
  }
}

async function finish(run: RestockRun, status: "done" | "stopped", stopReason: string, now: Date): Promise<void> {
  await prisma.restockRun.update({ where: { id: run.id }, data: { status, stopReason, finishedAt: now, nextBatchAt: null } });
}

async function alternativesFor(info: VariantInfo, locale: string) {
  const settings = await loadWidgetSettings(info.shop);
  const alts = settings.alternativesEnabled ? await findAlternatives(info.shop, info.productId, settings.rules, MAX_ALTERNATIVES_IN_MAIL, locale) : [];
  return alts.slice(0, MAX_ALTERNATIVES_IN_MAIL).map((a) => ({ title: a.title, price: a.price, url: storefrontUrl(info.shop, a.url) }));
}

function formatPrice(amount: string, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(Number(amount));
  } catch {
    return `${amount} ${currency}`;
  }
}

/** One batch of a restock (the RESTOCK_BATCH_JOB handler). */
export async function runBatch(runId: string, batch: number, deps: SendDeps = productionSendDeps): Promise<void> {
  const run = await prisma.restockRun.findUnique({ where: { id: runId } });
  if (!run || run.status !== "running" || run.batches >= batch) return;
  const now = deps.now();
  const { shop, variantId } = run;
  const pending = async () => {
    const handled = await prisma.restockDelivery.findMany({ where: { runId }, select: { subscriptionId: true } });
    const done = new Set(handled.map((h) => h.subscriptionId));
    const subs = await prisma.restockSubscription.findMany({ where: { shop, variantId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    return subs.filter((s) => !done.has(s.id));
  };
  const markBatch = () => prisma.restockRun.update({ where: { id: runId }, data: { batches: batch } });

  const shopRow = await prisma.shop.findUnique({ where: { domain: shop } });
  if (!shopRow || shopRow.uninstalledAt) {
    await suppress(run, await pending(), "shop_uninstalled", batch);
    await markBatch();
    return finish(run, "stopped", "shop_uninstalled", now);
  }
  const settings = await loadRestockSettings(shop);
  const info = await variantInfo(shop, variantId);
  // Re-check stock before every batch.
  if (!info || info.sellable <= 0) {
    await suppress(run, await pending(), "sold_out_again", batch);
    await markBatch();
    return finish(run, "stopped", "sold_out_again", now);
  }

  // Subscribers who cannot be mailed at all are recorded now; they take no place in a batch.
  const suppressedHashes = new Set((await prisma.restockSuppressedAddress.findMany({ where: { shop }, select: { emailHash: true } })).map((r) => r.emailHash));
  const eligible: RestockSubscription[] = [];
  const byReason = new Map<SuppressionReason, RestockSubscription[]>();
  for (const s of await pending()) {
    const r = standingReason(s, suppressedHashes);
    if (r) byReason.set(r, [...(byReason.get(r) ?? []), s]);
    else eligible.push(s);
  }
  for (const [reason, subs] of byReason) await suppress(run, subs, reason, batch);

  // More units than ever seen in this restock arrived: their alerts join the budget.
  const peakUnits = Math.max(run.peakUnits, info.sellable);
  const budget = run.budget + (peakUnits - run.peakUnits) * settings.batchMultiple;
  const size = Math.max(0, Math.min(settings.batchCap, budget - run.sent, info.sellable * settings.batchMultiple));
  const chosen = eligible.slice(0, size);
  const alternatives = chosen.length ? await alternativesFor(info, mailLocale(chosen[0].locale)) : [];
  const currency = shopRow.currencyCode || "USD";
  let sent = 0;
  for (const sub of chosen) {
    const verdict = await limit("restockMail", shop);
    if (!verdict.ok) {
      await suppress(run, [sub], "rate_limit", batch);
      continue;
    }
    // Claim first: a crash after sending can never mail the same person twice for this restock.
    const claimed = await prisma.restockDelivery
      .create({ data: { shop, runId, subscriptionId: sub.id, variantId, productId: run.productId, batch, outcome: "sent" } })
      .catch((e: { code?: string }) => {
        if (e?.code === "P2002") return null;
        throw e;
      });
    if (!claimed) continue;
    const locale = mailLocale(sub.locale);
    const unsubscribeUrl = appUrl(`/restock/unsubscribe?t=${signToken("unsubscribe", sub.id)}`);
    const title = info.variantTitle && info.variantTitle !== "Default Title" ? `${info.productTitle} – ${info.variantTitle}` : info.productTitle;
    const mail = alertMail({
      locale,
      shopName: shopRow.name ?? shop,
      title,
      url: variantUrl(info),
      imageUrl: info.imageUrl,
      price: formatPrice(info.price, currency, locale),
      alternatives,
      unsubscribeUrl,
    });
    let outcome: { sent: true; messageId: string } | { sent: false; reason: SuppressionReason };
    try {
      const res = await deps.send({
        to: sub.email!,
        ...mail,
        headers: { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      });
      outcome = res.sent ? res : { sent: false, reason: "mail_not_configured" };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      if (!code || code < 500) {
        // Transient (4xx, network): release the claim and let the job retry the batch.
        await prisma.restockDelivery.delete({ where: { id: claimed.id } });
        throw error;
      }
      outcome = { sent: false, reason: "address_bounced" };
    }
    if (outcome.sent) {
      sent++;
      await prisma.$transaction([
        prisma.restockDelivery.update({ where: { id: claimed.id }, data: { messageId: outcome.messageId } }),
        prisma.restockSubscription.update({ where: { id: sub.id }, data: { status: "notified", notifiedAt: now } }),
      ]);
    } else {
      await prisma.restockDelivery.update({ where: { id: claimed.id }, data: { outcome: "suppressed", reason: outcome.reason } });
      if (outcome.reason === "address_bounced") await prisma.restockSubscription.update({ where: { id: sub.id }, data: { status: "bounced", email: null } });
    }
  }
  const updated = await prisma.restockRun.update({ where: { id: runId }, data: { batches: batch, sent: { increment: sent }, budget, peakUnits } });
  log("info", "restock batch", { shop, variant: numericId(variantId), batch, size, sent, available: info.sellable });

  const left = eligible.slice(chosen.length);
  if (!left.length) return finish(updated, "done", "all_handled", now);
  if (updated.sent >= budget) {
    // Every unit that came back has its alerts: the rest wait for the next restock.
    await suppress(updated, left, "restock_too_small", batch);
    return finish(updated, "done", "budget_spent", now);
  }
  const nextBatchAt = new Date(now.getTime() + settings.intervalMinutes * 60_000);
  await prisma.restockRun.update({ where: { id: runId }, data: { nextBatchAt } });
  await deps.queue.enqueue({
    name: RESTOCK_BATCH_JOB,
    shop,
    payload: { runId, batch: batch + 1 },
    runAt: nextBatchAt,
    orderingKey: `restock|${shop}|${variantId}`,
    dedupeKey: `restock|${runId}|${batch + 1}`,
  });
}
