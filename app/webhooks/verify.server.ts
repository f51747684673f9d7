import { ApiVersion, shopifyApi, WebhookValidationErrorReason } from "@shopify/shopify-api";
import "@shopify/shopify-app-remix/adapters/node";

// The API library's own webhook validation (HMAC over the raw body, required headers), without
// the Remix wrapper's offline-session load: intake needs the signature, not a token, so a
// delivery costs no session read. Configured from the same env as app/shopify.server.ts.
let api: ReturnType<typeof shopifyApi> | null = null;

function library() {
  api ??= shopifyApi({
    apiKey: process.env.SHOPIFY_API_KEY || "stockroom",
    apiSecretKey: process.env.SHOPIFY_API_SECRET || "",
    apiVersion: ApiVersion.October26,
    hostName: new URL(process.env.SHOPIFY_APP_URL || "http://localhost").host,
    isEmbeddedApp: true,
    logger: { level: 0 },
  });
  return api;
}

export interface VerifiedDelivery {
  shop: string;
  topic: string;
  apiVersion: string;
  webhookId: string;
  eventId?: string;
  triggeredAt?: string;
}

/** A Response to answer with (401 bad HMAC, 400 missing headers), or the verified fields. */
export async function verifyWebhook(request: Request, rawBody: string): Promise<VerifiedDelivery | Response> {
  const check = await library().webhooks.validate({ rawBody, rawRequest: request });
  if (!check.valid) {
    return check.reason === WebhookValidationErrorReason.InvalidHmac
      ? new Response(undefined, { status: 401, statusText: "Unauthorized" })
      : new Response(undefined, { status: 400, statusText: "Bad Request" });
  }
  const fields = check as typeof check & { eventId?: string; triggeredAt?: string; webhookId: string };
  return { shop: check.domain, topic: check.topic, apiVersion: check.apiVersion, webhookId: fields.webhookId, eventId: fields.eventId, triggeredAt: fields.triggeredAt };
}
