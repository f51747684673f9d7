import { createHmac, randomUUID } from "node:crypto";

export interface SignedDeliveryOptions {
  topic: string;
  shop: string;
  body: unknown;
  secret?: string;
  eventId?: string;
  webhookId?: string;
  triggeredAt?: string;
  url?: string;
  rawBody?: string;
}

/** A webhook request exactly as Shopify sends it: raw JSON body, base64 HMAC-SHA256, headers. */
export function signedDelivery(o: SignedDeliveryOptions): Request {
  const raw = o.rawBody ?? JSON.stringify(o.body);
  const hmac = createHmac("sha256", o.secret ?? process.env.SHOPIFY_API_SECRET!).update(raw, "utf8").digest("base64");
  return new Request(o.url ?? `${process.env.SHOPIFY_APP_URL}/webhooks`, {
    method: "POST",
    body: raw,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": o.topic,
      "x-shopify-hmac-sha256": hmac,
      "x-shopify-shop-domain": o.shop,
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": o.webhookId ?? randomUUID(),
      "x-shopify-event-id": o.eventId ?? randomUUID(),
      "x-shopify-triggered-at": o.triggeredAt ?? new Date().toISOString(),
    },
  });
}
