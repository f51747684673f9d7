import type { JobQueue } from "../queue/types";
import type { OutboundPolicy } from "../security/safe-fetch.server";
import type { FeedAdmin } from "./admin-ops.server";

/** What feed runs need from the outside: Admin API clients, the queue, the outbound policy. */
export interface FeedDeps {
  admin: (shop: string) => FeedAdmin;
  queue: JobQueue;
  /** safeFetch policy for polled feed URLs (allowOrigins for a local test server, limits). */
  outbound: () => OutboundPolicy;
}

export const FEED_APPLY_JOB = "feeds.apply";
export const FEED_POLL_JOB = "feeds.poll";
export const FEED_TICK_JOB = "feeds.tick";
export const FEED_TICK_SCHEDULE = "feeds.tick";
