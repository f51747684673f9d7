import prisma from "../db.server";
import { registerJob } from "../queue/registry.server";
import { startBulkLevelsRun } from "./bulk-import.server";

export const INITIAL_IMPORT_JOB = "catalog.initialImport";

/**
 * After install (and reinstall), read the shop's catalog and stock once through a bulk
 * operation, so the widget, alternatives and SKU matching have data before any group exists.
 * Webhooks keep it current afterwards. Skipped when an import ran or is running.
 */
export async function importOnInstall(shop: string): Promise<void> {
  const active = await prisma.importRun.findFirst({
    where: { shop, purpose: "import", status: { in: ["created", "running", "completed"] } },
    select: { id: true },
  });
  if (active) return;
  await startBulkLevelsRun(shop, { purpose: "import" });
}

registerJob<{ shop: string }>(INITIAL_IMPORT_JOB, ({ shop }) => importOnInstall(shop));
