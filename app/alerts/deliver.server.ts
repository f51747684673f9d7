// Sends alert messages to a shop's channels: email over SMTP (app/mail) and Slack-compatible
// incoming webhooks through the SSRF guard (safeFetch). Each message is one job; a failing
// send is retried twice with a pause, then recorded as failed and the channel shown as
// failing until a later message gets through.
import type { PrismaClient } from "@prisma/client";
import prisma from "../db.server";
import { log } from "../log.server";
import { sendMail } from "../mail/transport.server";
import { queue } from "../queue/index.server";
import { registerJob } from "../queue/registry.server";
import { outboundPolicyFromEnv, safeFetch } from "../security/safe-fetch.server";

export const ALERT_DELIVER_JOB = "alerts.deliver";
export const RETRY_DELAYS_MS = [500, 2_000];

export type AlertKind = "opened" | "repeat" | "resolved" | "test";

export interface AlertMessage {
  incidentId?: string;
  kind: AlertKind;
  title: string;
  detail?: string;
  link?: string;
  since?: Date | string;
}

export async function enqueueDeliveries(shop: string, message: AlertMessage, db: PrismaClient = prisma): Promise<number> {
  const channels = await db.alertChannel.findMany({ where: { shop }, select: { id: true } });
  for (const ch of channels) {
    const delivery = await db.alertDelivery.create({ data: { shop, incidentId: message.incidentId ?? null, channelId: ch.id, kind: message.kind, title: message.title, status: "pending" } });
    await queue.enqueue({ name: ALERT_DELIVER_JOB, payload: { deliveryId: delivery.id, message }, shop, maxAttempts: 1 });
  }
  return channels.length;
}

export function sendTestAlert(shop: string): Promise<number> {
  return enqueueDeliveries(shop, { kind: "test", title: "Test alert from Stockroom", detail: "If you can read this, alerts reach this channel." });
}

function adminLink(shop: string, path: string | undefined): string | null {
  if (!path) return null;
  const handle = shop.replace(/\.myshopify\.com$/, "");
  return `https://admin.shopify.com/store/${handle}/apps/${process.env.SHOPIFY_API_KEY ?? "stockroom"}${path.replace(/^\/app/, "")}`;
}

export function renderMessage(shop: string, m: AlertMessage): { subject: string; text: string } {
  const prefix = { opened: "", repeat: "Still open: ", resolved: "Resolved: ", test: "" }[m.kind];
  const subject = `[Stockroom] ${prefix}${m.title}`;
  const since = m.since ? ` (since ${new Date(m.since).toISOString().replace("T", " ").slice(0, 16)} UTC)` : "";
  const lines = [
    `${prefix}${m.title}${m.kind === "repeat" || m.kind === "resolved" ? since : ""}`,
    m.detail ?? "",
    `Store: ${shop}`,
    adminLink(shop, m.link) ?? "",
    m.kind === "repeat" ? "You get a reminder at most once an hour while this lasts, and a message when it clears." : "",
  ].filter(Boolean);
  return { subject, text: lines.join("\n") };
}

async function send(channel: { kind: string; target: string }, shop: string, m: AlertMessage): Promise<void> {
  const { subject, text } = renderMessage(shop, m);
  if (channel.kind === "email") {
    const r = await sendMail({ to: channel.target, subject, text });
    if (!r.sent) throw new Error("Email is not configured on this server (SMTP_URL)");
    return;
  }
  const res = await safeFetch(channel.target, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text: `*${subject}*\n${text}` }) }, { ...outboundPolicyFromEnv(), timeoutMs: 10_000, maxBytes: 64 * 1024 });
  const body = await res.text().catch(() => "");
  if (!res.ok) throw new Error(`HTTP ${res.status}${body ? `: ${body.slice(0, 200)}` : ""}`);
}

export async function deliverAlert(deliveryId: string, message: AlertMessage, { sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) } = {}): Promise<"sent" | "failed"> {
  const delivery = await prisma.alertDelivery.findUnique({ where: { id: deliveryId } });
  if (!delivery || delivery.status !== "pending") return delivery?.status === "sent" ? "sent" : "failed";
  const channel = await prisma.alertChannel.findUnique({ where: { id: delivery.channelId } });
  if (!channel) {
    await prisma.alertDelivery.update({ where: { id: deliveryId }, data: { status: "failed", error: "The channel was removed" } });
    return "failed";
  }
  let lastError = "";
  for (let attempt = 1; attempt <= RETRY_DELAYS_MS.length + 1; attempt++) {
    try {
      await send(channel, delivery.shop, message);
      await prisma.$transaction([
        prisma.alertDelivery.update({ where: { id: deliveryId }, data: { status: "sent", attempts: attempt, error: null } }),
        prisma.alertChannel.update({ where: { id: channel.id }, data: { status: "ok", lastError: null, failingSince: null, lastSuccessAt: new Date() } }),
      ]);
      return "sent";
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      if (attempt <= RETRY_DELAYS_MS.length) await sleep(RETRY_DELAYS_MS[attempt - 1]);
    }
  }
  log("warn", "alert delivery failed", { shop: delivery.shop, channel: channel.id, kind: channel.kind, error: lastError });
  await prisma.$transaction([
    prisma.alertDelivery.update({ where: { id: deliveryId }, data: { status: "failed", attempts: RETRY_DELAYS_MS.length + 1, error: lastError.slice(0, 1_000) } }),
    prisma.alertChannel.update({ where: { id: channel.id }, data: { status: "failing", lastError: lastError.slice(0, 1_000), failingSince: channel.failingSince ?? new Date() } }),
  ]);
  return "failed";
}

registerJob<{ deliveryId: string; message: AlertMessage }>(ALERT_DELIVER_JOB, async ({ deliveryId, message }) => {
  await deliverAlert(deliveryId, message);
});
