import type { WebhookInbox } from "@prisma/client";

export interface TopicEvent<P = any> {
  shop: string;
  topic: string;
  payload: P;
  inbox: WebhookInbox;
  /** When Shopify says the event happened (X-Shopify-Triggered-At), else when it was received. */
  occurredAt: Date;
}

export type TopicHandler<P = any> = (event: TopicEvent<P>) => Promise<void>;

const handlers = new Map<string, TopicHandler[]>();

/**
 * Features subscribe to topics here (see app/jobs.server.ts for the list of modules).
 * Every handler of a topic runs for each delivery and must be idempotent: a failed
 * delivery is retried as a whole.
 */
export function onTopic<P>(topic: string, handler: TopicHandler<P>): void {
  handlers.set(topic, [...(handlers.get(topic) ?? []), handler as TopicHandler]);
}

export function topicHandlers(topic: string): TopicHandler[] {
  return handlers.get(topic) ?? [];
}
