import type { AdminClient } from "../admin/client.server";
import type { JobQueue } from "../queue/types";

/** The Admin API client of a shop (production: the offline-session client, app/admin/shop-client). */
export type AdminClientFactory = (shop: string) => Pick<AdminClient, "request">;

/**
 * What the sync code needs from outside, passed in (never switched globally): production wires
 * app/sync/production.server.ts; tests and benchmarks pass clients pointed at the stand-in.
 */
export interface SyncDeps {
  admin: AdminClientFactory;
  queue: JobQueue;
  /** Plan limits (production: app/billing/gate.server.ts); each throws when the plan does not allow it. */
  plan?: { beforeJoin(groupId: string, shop: string): Promise<void>; beforeSync(groupId: string, shop: string): Promise<void> };
}
