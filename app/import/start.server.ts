import { adminClientFor } from "../admin/shop-client.server";
import { startBulkLevelsRun } from "./bulk-import.server";

/** A shop's catalog + stock import with its own offline client (the Sync page's button, the demo). */
export function startImport(shop: string) {
  return startBulkLevelsRun(adminClientFor(shop), shop, { purpose: "import" });
}
