import { adminClientFor } from "../admin/shop-client.server";
import { planGate } from "../billing/gate.server";
import { queue } from "../queue/index.server";
import type { SyncDeps } from "./deps";

/** The sync code's dependencies in the running app. */
export const productionSyncDeps: SyncDeps = { admin: adminClientFor, queue, plan: planGate };
