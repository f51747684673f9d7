import { registerJob } from "../queue/registry.server";
import { IMPORT_INGEST_JOB, ingestRun, type BulkFinishPayload, type ImportDeps } from "./bulk-import.server";

/** The import's jobs, with the dependencies of this process (production: app/jobs.server.ts). */
export function registerImportJobs(deps: ImportDeps) {
  registerJob<{ runId: string; finish: BulkFinishPayload }>(IMPORT_INGEST_JOB, async ({ runId, finish }) => ingestRun(deps, runId, finish));
}
