// What every webhook request reports: acknowledgement time (metrics and the shop's KPI fact),
// its intake result, and the span that starts the trace the jobs it causes continue.
import { AsyncLocalStorage } from "node:async_hooks";
import { SpanKind, SpanStatusCode, context, trace } from "@opentelemetry/api";
import { countFact } from "../kpi/counters.server";
import { WEBHOOK_ACK_FACT } from "../kpi/facts";
import { bucketOf } from "../kpi/histogram";
import { isKnownTopic } from "../webhooks/topics";
import { metrics } from "./metrics.server";
import { tracer } from "./tracing.server";

const current = new AsyncLocalStorage<{ result?: string }>();

/** Wraps the webhook route's action: times the answer and counts it by topic and result. */
export async function observeWebhook(request: Request, handle: () => Promise<Response>): Promise<Response> {
  const started = performance.now();
  const header = request.headers.get("x-shopify-topic") ?? "";
  const topic = isKnownTopic(header) ? header : "other";
  const shop = request.headers.get("x-shopify-shop-domain") ?? "";
  const note: { result?: string } = {};
  const span = tracer().startSpan(`webhook ${topic}`, {
    kind: SpanKind.SERVER,
    attributes: { "shopify.shop": shop, "shopify.webhook.topic": topic, "shopify.webhook.id": request.headers.get("x-shopify-webhook-id") ?? "" },
  });
  let status = 500;
  try {
    const response = await current.run(note, () => context.with(trace.setSpan(context.active(), span), handle));
    status = response.status;
    return response;
  } catch (error) {
    span.recordException(error as Error);
    throw error;
  } finally {
    const ms = performance.now() - started;
    const result = note.result ?? (status >= 500 ? "error" : "rejected");
    const m = metrics();
    m.webhookAck.observe({ topic }, ms / 1000);
    // Verified deliveries were counted by intake (recordIntakeResult); count the others here.
    if (!note.result) m.webhooksReceived.inc({ topic, result });
    // Only deliveries that passed the HMAC check reached intake: their shop header is genuine.
    if (note.result) countFact(shop, WEBHOOK_ACK_FACT, { den: 1, data: { hist: { [String(bucketOf(ms))]: 1 } } });
    span.setAttribute("stockroom.intake.result", result);
    span.setAttribute("http.response.status_code", status);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  }
}

/** Called by intake with what it did with a verified delivery (stored, duplicate, ignored, malformed). */
export function recordIntakeResult(topic: string, result: string): void {
  metrics().webhooksReceived.inc({ topic: isKnownTopic(topic) ? topic : "other", result });
  const note = current.getStore();
  if (note) note.result = result;
}
