// Catalog + stock import with a bulk operation. It knows nothing about what follows: when a run
// completes it announces "import finished {run, purpose}" (a job), and the app's event pipeline
// (app/webhooks/pipelines.server.ts) decides what happens next.
import type { ImportRun } from "@prisma/client";
import type { AdminClient } from "../admin/client.server";
import prisma from "../db.server";
import { log } from "../log.server";
import type { JobQueue } from "../queue/types";
import type { SyncBulkRunMutation, SyncBulkRunMutationVariables, SyncBulkStatusQuery } from "../types/admin.generated";
import type { TopicEvent } from "../webhooks/topic-event";
import { ingestJsonl } from "./ingest.server";
import { fetchLines } from "./jsonl.server";

export const IMPORT_INGEST_JOB = "import.ingest";
export const IMPORT_FINISHED_JOB = "import.finished";

/** What IMPORT_FINISHED_JOB carries. */
export interface ImportFinished {
  runId: string;
  shop: string;
  purpose: string;
}

export const BULK_RUN = `#graphql
  mutation SyncBulkRun($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation { id status createdAt }
      userErrors { field message code }
    }
  }
`;

/** The bulk query: every variant with its product and its inventory levels (JSONL, `__parentId`). */
export const CATALOG_LEVELS_BULK_QUERY = `{
  productVariants {
    edges {
      node {
        id
        sku
        barcode
        title
        price
        inventoryPolicy
        product { id title handle vendor productType status }
        inventoryItem {
          id
          tracked
          inventoryLevels {
            edges {
              node {
                id
                location { id }
                quantities(names: ["available", "on_hand", "committed"]) { name quantity }
              }
            }
          }
        }
      }
    }
  }
}`;

type Client = Pick<AdminClient, "request">;

/**
 * Starts a bulk read of a shop's catalog and levels; the finish webhook streams it in.
 * `purpose` and `groupId` only travel with the run, for whoever listens to "import finished".
 */
export async function startBulkLevelsRun(client: Client, shop: string, opts: { purpose?: "import" | "reconcile"; groupId?: string } = {}): Promise<ImportRun> {
  const run = await prisma.importRun.create({ data: { shop, purpose: opts.purpose ?? "import", groupId: opts.groupId ?? null, status: "created" } });
  const vars: SyncBulkRunMutationVariables = { query: CATALOG_LEVELS_BULK_QUERY };
  const { data } = await client.request<SyncBulkRunMutation>(BULK_RUN, vars);
  const r = data.bulkOperationRunQuery;
  if (!r?.bulkOperation || r.userErrors.length) {
    const error = r?.userErrors.map((e) => e.message).join("; ") || "bulk operation not started";
    return prisma.importRun.update({ where: { id: run.id }, data: { status: "failed", error, finishedAt: new Date() } });
  }
  return prisma.importRun.update({ where: { id: run.id }, data: { status: "running", bulkOperationId: r.bulkOperation.id, startedAt: new Date(r.bulkOperation.createdAt) } });
}

export async function latestImport(shop: string) {
  return prisma.importRun.findFirst({ where: { shop }, orderBy: { startedAt: "desc" } });
}

export interface BulkFinishPayload {
  admin_graphql_api_id: string;
  completed_at?: string | null;
  created_at?: string;
  error_code?: string | null;
  status: string;
  type?: string;
}

/** bulk_operations/finish (a pipeline step: database and queue only): the run's file is streamed in by a job. */
export async function onBulkFinished(queue: JobQueue, e: TopicEvent<BulkFinishPayload>): Promise<void> {
  const run = await prisma.importRun.findFirst({ where: { shop: e.shop, bulkOperationId: e.payload.admin_graphql_api_id } });
  if (!run || run.status === "completed") return;
  await queue.enqueue({ name: IMPORT_INGEST_JOB, payload: { runId: run.id, finish: e.payload }, shop: e.shop, dedupeKey: `import-ingest|${run.id}|${e.inbox.eventId}`, maxAttempts: 5 });
}

export interface ImportDeps {
  admin: (shop: string) => Client;
  queue: JobQueue;
  /** fetches the bulk file (production: through the stand-in seam) */
  fetch?: typeof fetch;
}

const BULK_STATUS = `#graphql
  query SyncBulkStatus($id: ID!) {
    node(id: $id) { ... on BulkOperation { id status url objectCount completedAt } }
  }
`;

/** Streams a finished operation's file into its run, then announces "import finished". */
export async function ingestRun(deps: ImportDeps, runId: string, p: BulkFinishPayload): Promise<void> {
  const run = await prisma.importRun.findUnique({ where: { id: runId } });
  if (!run || run.status === "completed") return;
  if (p.status.toLowerCase() !== "completed") {
    await prisma.importRun.update({ where: { id: run.id }, data: { status: "failed", error: p.error_code ?? p.status, finishedAt: new Date() } });
    return;
  }
  const { data } = await deps.admin(run.shop).request<SyncBulkStatusQuery>(BULK_STATUS, { id: p.admin_graphql_api_id });
  const url = (data.node as { url?: string | null } | null)?.url ?? null;
  const until = p.completed_at ? new Date(p.completed_at) : new Date();
  const totals = url ? await ingestJsonl(run, fetchLines(url, deps.fetch), { from: run.startedAt, until }) : { variants: 0, levels: 0 };
  await prisma.$transaction(async (tx) => {
    await tx.importRun.update({ where: { id: run.id }, data: { status: "completed", ...totals, finishedAt: new Date() } });
    const finished: ImportFinished = { runId: run.id, shop: run.shop, purpose: run.purpose };
    await deps.queue.enqueue({ name: IMPORT_FINISHED_JOB, payload: finished, shop: run.shop, dedupeKey: `import-finished|${run.id}` }, tx);
  });
  deps.queue.notify?.();
  log("info", "bulk run completed", { shop: run.shop, purpose: run.purpose, ...totals });
}
