import type { WebhookInbox } from "@prisma/client";

export interface TopicEvent<P = any> {
  shop: string;
  topic: string;
  payload: P;
  inbox: WebhookInbox;
  /** When Shopify says the event happened (X-Shopify-Triggered-At), else when it was received. */
  occurredAt: Date;
}

/**
 * One step of a topic's pipeline (app/webhooks/pipelines.server.ts). Steps run in the declared
 * order for each delivery and must be idempotent: a failed delivery is retried as a whole. They
 * use the database and the queue only; Admin API work goes to a job.
 */
export type TopicHandler<P = any> = (event: TopicEvent<P>) => Promise<void>;
