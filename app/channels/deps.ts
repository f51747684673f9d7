import type { JobQueue } from "../queue/types";
import type { OutboundPolicy } from "../security/safe-fetch.server";

export interface ChannelDeps {
  queue: JobQueue;
  /** safeFetch policy for endpoint URLs (allowOrigins for local receivers, https in production). */
  outbound: () => OutboundPolicy;
  /** Jitter source in [0, 1) (tests pass a fixed one). */
  random?: () => number;
  now?: () => Date;
}

export const DELIVER_JOB = "channels.deliver";
