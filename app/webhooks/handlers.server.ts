import { PIPELINES } from "./pipelines.server";
import type { TopicHandler } from "./topic-event";

export type { TopicEvent, TopicHandler } from "./topic-event";

/** The steps of a topic, in the order app/webhooks/pipelines.server.ts declares them. */
export function topicHandlers(topic: string): TopicHandler[] {
  return (PIPELINES as Record<string, TopicHandler[] | undefined>)[topic] ?? [];
}
