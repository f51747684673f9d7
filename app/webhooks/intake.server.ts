import { randomUUID } from "node:crypto";
import { log } from "../log.server";
import { withTraceContext } from "../observability/tracing.server";
import { recordIntakeResult } from "../observability/webhooks.server";
import { dbQueue } from "../queue/index.server";
import { InboxWriter } from "./inbox-writer.server";
import { resourceIds } from "./resource-ids";
import { isKnownTopic } from "./topics";

const writer = new InboxWriter(() => dbQueue.notify());

let inFlight = 0;

/** Deliveries being acknowledged right now (the embedded worker holds back while > 0). */
export function intakeInFlight(): number {
  return inFlight;
}

/** Counts a delivery as in flight from the moment the route starts reading it. */
export async function trackIntake<T>(work: () => Promise<T>): Promise<T> {
  inFlight++;
  try {
    return await work();
  } finally {
    inFlight--;
  }
}

export const PROCESS_WEBHOOK_JOB = "webhook.process";

export interface Delivery {
  shop: string;
  topic: string;
  /** X-Shopify-Event-Id, or the webhook id when Shopify sent none. */
  eventId: string;
  webhookId: string;
  apiVersion: string;
  triggeredAt: Date | null;
  headers: Record<string, string>;
  rawBody: string;
  /** The body passed HMAC but is not valid JSON: kept for replay, never processed. */
  malformed?: boolean;
}

export type IntakeResult = "stored" | "duplicate" | "ignored" | "malformed";

/**
 * Durable intake, the only way a webhook enters the app (a Pub/Sub or EventBridge source
 * would call this too). The inbox row and its job commit in one transaction before Shopify
 * gets its 200, so an acknowledged event is never lost; the unique (shop, eventId) makes a
 * redelivery a no-op.
 */
export async function acceptDelivery(d: Delivery): Promise<IntakeResult> {
  const known = isKnownTopic(d.topic);
  const status = d.malformed ? "malformed" : known ? "received" : "ignored";
  const id = randomUUID();
  const row = {
    id,
    shop: d.shop,
    topic: d.topic,
    eventId: d.eventId,
    webhookId: d.webhookId,
    apiVersion: d.apiVersion,
    triggeredAt: d.triggeredAt,
    headers: JSON.stringify(d.headers),
    payload: d.rawBody,
    status,
    ...(status === "received" ? resourceIds(d.topic, d.rawBody) : {}),
  };
  const job =
    status === "received"
      ? { name: PROCESS_WEBHOOK_JOB, payload: withTraceContext({ inboxId: id }), shop: d.shop, orderingKey: orderingKeyFor(d) }
      : null;
  const result = await writer.write(row, job);
  recordIntakeResult(d.topic, result === "duplicate" ? "duplicate" : status === "received" ? "stored" : status);
  if (result === "duplicate") return "duplicate";
  if (status !== "received") {
    log(status === "malformed" ? "error" : "warn", `webhook ${status}`, { shop: d.shop, topic: d.topic, eventId: d.eventId });
    return status;
  }
  return "stored";
}

/**
 * Deliveries about the same resource are processed in arrival order. Inventory events carry
 * their own timestamps, which the ledger compares, so order only matters for throughput here.
 */
function orderingKeyFor(d: Delivery): string | null {
  if (d.topic === "inventory_levels/update" || d.topic === "inventory_items/delete") {
    try {
      const body = JSON.parse(d.rawBody) as { inventory_item_id?: number; id?: number };
      const item = body.inventory_item_id ?? body.id;
      if (item) return `${d.shop}|item|${item}`;
    } catch {
      return null;
    }
  }
  return null;
}
