// The sync engine's job handlers, built with the dependencies of this process. Production calls
// this from app/jobs.server.ts; tests and benchmarks call it with their own (the handlers of the
// last call win, as a restarted process would have them).
import type { ImportFinished } from "../import/bulk-import.server";
import { registerJob } from "../queue/registry.server";
import { applyItemCommand, type ItemCommand } from "./commands.server";
import type { SyncDeps } from "./deps";
import { linkShopAfterImport } from "./enable.server";
import { createEngine, type EngineOptions } from "./engine.server";
import type { Engine } from "./engine-types";
import { processItem } from "./item-job.server";
import { enqueueItem, RECONCILE_ALL_JOB, RECONCILE_GROUP_JOB, SYNC_AFTER_IMPORT_JOB, SYNC_COMMAND_JOB, SYNC_ITEM_JOB, SYNC_TICK_JOB, type ItemReason } from "./jobs";
import { afterBulkRead, reconcileDueGroups, reconcileGroup } from "./reconcile.server";
import prisma from "../db.server";

export function registerSyncJobs(deps: SyncDeps, options: EngineOptions = {}): Engine {
  const engine = createEngine(deps, options);
  registerJob<{ groupId: string; sku: string; reason?: ItemReason }>(SYNC_ITEM_JOB, async ({ groupId, sku, reason }, ctx) => {
    await processItem(engine, groupId, sku, { finalAttempt: ctx.attempt >= ctx.maxAttempts, reason, attempt: ctx.attempt });
  });
  registerJob<{ groupId: string; sku: string }>(SYNC_TICK_JOB, async ({ groupId, sku }) => {
    await enqueueItem(deps.queue, groupId, sku, null, { reason: "timer" });
  });
  registerJob<{ groupId: string; sku: string; command: ItemCommand }>(SYNC_COMMAND_JOB, async ({ groupId, sku, command }) => {
    await applyItemCommand(engine, groupId, sku, command);
  });
  registerJob<{ groupId: string; by?: string }>(RECONCILE_GROUP_JOB, async ({ groupId, by }) => {
    await reconcileGroup(deps, groupId, { by });
  });
  registerJob(RECONCILE_ALL_JOB, async () => {
    await reconcileDueGroups(deps);
  });
  registerJob<ImportFinished>(SYNC_AFTER_IMPORT_JOB, async ({ runId, shop, purpose }) => {
    if (purpose === "import") return linkShopAfterImport(deps, shop);
    const run = await prisma.importRun.findUnique({ where: { id: runId } });
    if (run && purpose === "reconcile") await afterBulkRead(deps, run);
  });
  return engine;
}
