import type { ActionFunctionArgs } from "@remix-run/node";
import { log } from "../log.server";
import { authenticate } from "../shopify.server";
import { acceptDelivery, trackIntake } from "../webhooks/intake.server";

/** Shopify's payloads are far smaller; anything above this is refused before it is read. */
export const MAX_WEBHOOK_BYTES = 5 * 1024 * 1024;

const KEPT_HEADERS = [
  "x-shopify-topic",
  "x-shopify-shop-domain",
  "x-shopify-api-version",
  "x-shopify-webhook-id",
  "x-shopify-event-id",
  "x-shopify-triggered-at",
  "x-shopify-hmac-sha256",
  "content-type",
];

function keptHeaders(request: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of KEPT_HEADERS) {
    const v = request.headers.get(h);
    if (v !== null) out[h] = v;
  }
  return out;
}

function parseTime(value: string | null | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * All webhook topics (shopify.app.toml points every subscription here). Verify, store,
 * enqueue, acknowledge; the work itself happens in the queue (app/webhooks/process.server.ts).
 */
export const action = ({ request }: ActionFunctionArgs) => trackIntake(() => receive(request));

async function receive(request: Request): Promise<Response> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_WEBHOOK_BYTES) return new Response("Payload too large", { status: 413 });

  // The library reads the body; keep our own copy so a malformed one can be stored verbatim.
  const rawBody = await request.clone().text();
  if (Buffer.byteLength(rawBody) > MAX_WEBHOOK_BYTES) return new Response("Payload too large", { status: 413 });

  const headers = keptHeaders(request);
  let malformed = false;
  let ctx: { shop: string; topic: string; apiVersion: string; webhookId: string; eventId?: string; triggeredAt?: string } | null =
    null;
  try {
    ctx = await authenticate.webhook(request);
  } catch (error) {
    if (error instanceof Response) return error; // 401 bad HMAC, 400 missing headers, 405 not POST
    // authenticate.webhook parses JSON only after the HMAC check passed: a SyntaxError here
    // means a genuine delivery whose body is not JSON. Keep it for replay instead of failing.
    if (!(error instanceof SyntaxError)) throw error;
    malformed = true;
  }

  const shop = ctx?.shop ?? headers["x-shopify-shop-domain"] ?? "";
  // The header's own form ("orders/create"); the library's ctx.topic is "ORDERS_CREATE".
  const topic = headers["x-shopify-topic"] ?? ctx?.topic ?? "";
  const webhookId = ctx?.webhookId ?? headers["x-shopify-webhook-id"] ?? "";
  const result = await acceptDelivery({
    shop,
    topic,
    eventId: ctx?.eventId || headers["x-shopify-event-id"] || webhookId,
    webhookId,
    apiVersion: ctx?.apiVersion ?? headers["x-shopify-api-version"] ?? "",
    triggeredAt: parseTime(ctx?.triggeredAt ?? headers["x-shopify-triggered-at"]),
    headers,
    rawBody,
    malformed,
  });
  if (result === "ignored") log("warn", "webhook for an unknown topic acknowledged", { shop, topic });
  return new Response(null, { status: 200 });
}
