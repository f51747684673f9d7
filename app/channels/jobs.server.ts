import { registerJob } from "../queue/registry.server";
import { deliver, flushEndpoint } from "./deliver.server";
import { DELIVER_JOB, type ChannelDeps } from "./deps";
import { tailOnce } from "./tail.server";

export const TAIL_JOB = "channels.tail";
export const TAIL_SCHEDULE = "channels.tail";
export const TAIL_INTERVAL_MS = 5_000;

export function registerChannelJobs(deps: ChannelDeps): void {
  registerJob<{ endpointId?: string; deliveryId?: string }>(DELIVER_JOB, async ({ endpointId, deliveryId }) => {
    if (endpointId) await flushEndpoint(deps, endpointId);
    else if (deliveryId) await deliver(deps, deliveryId);
  });
  registerJob(TAIL_JOB, async () => {
    await tailOnce(deps);
  });
}

export function scheduleChannelTail(deps: ChannelDeps): Promise<void> {
  return deps.queue.schedule(TAIL_SCHEDULE, TAIL_JOB, TAIL_INTERVAL_MS);
}
