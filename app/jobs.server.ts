// The worker's composition root: every job handler, with the production dependencies, imported
// once by whatever runs the worker (the web server in embedded mode, or scripts/worker.ts).
// Webhook topics are declared in app/webhooks/pipelines.server.ts.
import { IMPORT_FINISHED_JOB, type ImportFinished } from "./import/bulk-import.server";
import { registerImportJobs } from "./import/jobs.server";
import { queue } from "./queue/index.server";
import { registerJob } from "./queue/registry.server";
import "./shop-info.server";
import "./surveys/privacy.server";
import "./kpi/index.server";
import "./alerts/index.server";
import "./feeds/index.server";
import "./channels/index.server";
import "./restock/index.server";
import "./maintenance/index.server";
import { registerSyncJobs } from "./sync/index.server";
import { productionSyncDeps } from "./sync/production.server";
import { IMPORT_FINISHED_STEPS } from "./webhooks/pipelines.server";
import "./webhooks/process.server";
import { adminClientFor } from "./admin/shop-client.server";

registerSyncJobs(productionSyncDeps);
registerImportJobs({ admin: adminClientFor, queue });
registerJob<ImportFinished>(IMPORT_FINISHED_JOB, async (e) => {
  for (const step of IMPORT_FINISHED_STEPS) await step(e);
});
