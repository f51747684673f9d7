import type { ActionFunctionArgs } from "@remix-run/node";
import { errorMessage, log } from "../log.server";
import { observeWebhook } from "../observability/webhooks.server";
import { acceptDelivery, trackIntake } from "../webhooks/intake.server";
import { verifyWebhook } from "../webhooks/verify.server";

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
export const action = ({ request }: ActionFunctionArgs) => observeWebhook(request, () => trackIntake(() => receive(request)));

/**
 * A delivery that could not be stored (database unreachable, locked, full) is never
 * acknowledged: 503 makes Shopify retry it later (test/fault/db-away.test.ts).
 */
function notStored(error: unknown, headers: Record<string, string>): Response {
  log("error", "webhook not stored; answered 503", {
    shop: headers["x-shopify-shop-domain"],
    topic: headers["x-shopify-topic"],
    webhookId: headers["x-shopify-webhook-id"],
    error: errorMessage(error),
  });
  return new Response("Service Unavailable", { status: 503, headers: { "Retry-After": "10" } });
}

async function receive(request: Request): Promise<Response> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_WEBHOOK_BYTES) return new Response("Payload too large", { status: 413 });

  if (request.method !== "POST") return new Response(undefined, { status: 405 });
  const rawBody = await request.text();
  if (Buffer.byteLength(rawBody) > MAX_WEBHOOK_BYTES) return new Response("Payload too large", { status: 413 });

  const headers = keptHeaders(request);
  // The API library's own HMAC check, without loading the shop's session (intake needs none).
  const ctx = await verifyWebhook(request, rawBody);
  if (ctx instanceof Response) return ctx; // 401 bad HMAC, 400 missing headers
  // A genuine delivery whose body is not JSON is kept for replay instead of failing.
  let malformed = false;
  try {
    JSON.parse(rawBody);
  } catch {
    malformed = true;
  }

  const shop = ctx.shop ?? headers["x-shopify-shop-domain"] ?? "";
  // The header's own form ("orders/create"); the library's ctx.topic is "ORDERS_CREATE".
  const topic = headers["x-shopify-topic"] ?? ctx.topic ?? "";
  const webhookId = ctx.webhookId ?? headers["x-shopify-webhook-id"] ?? "";
  let result: Awaited<ReturnType<typeof acceptDelivery>>;
  try {
    result = await acceptDelivery({
      shop,
      topic,
      eventId: ctx.eventId || headers["x-shopify-event-id"] || webhookId,
      webhookId,
      apiVersion: ctx.apiVersion ?? headers["x-shopify-api-version"] ?? "",
      triggeredAt: parseTime(ctx.triggeredAt ?? headers["x-shopify-triggered-at"]),
      headers,
      rawBody,
      malformed,
    });
  } catch (error) {
    return notStored(error, headers);
  }
  if (result === "ignored") log("warn", "webhook for an unknown topic acknowledged", { shop, topic });
  return new Response(null, { status: 200 });
}
