// The Sync page's actions: one function per intent, each on the authenticated shop.
import { startBulkLevelsRun } from "../import/bulk-import.server";
import type { SyncDeps } from "./deps";
import { previewStart } from "./enable.server";
import type { SyncIntent } from "./intents";
import { createGroup, createShareKey, joinGroup, leaveGroup, revokeShareKey } from "./membership.server";
import { requestReconciliation } from "./reconcile.server";
import { setGroupStatus, updateGroupSettings, updateMember } from "./settings.server";
import { parseStartRule } from "./start-rules";

export type SyncActionValue = { message: string; shareKey?: string; planId?: string; changed?: string[] };

export async function runSyncIntent(deps: SyncDeps, shop: string, f: SyncIntent): Promise<SyncActionValue> {
  switch (f.intent) {
    case "create": {
      const r = await createGroup(deps, shop, { name: f.name, mode: f.mode, matchBy: f.matchBy, protection: f.protection, locationId: f.locationId, buffer: f.buffer });
      return { message: "Group created", shareKey: r.shareKey };
    }
    case "join":
      await joinGroup(deps, shop, f.key, { locationId: f.locationId, buffer: f.buffer });
      return { message: "Joined the group" };
    case "new-key":
      return { message: "New share key (shown once)", shareKey: (await createShareKey(f.groupId, shop)).key };
    case "revoke-key":
      await revokeShareKey(f.groupId, shop, f.keyId);
      return { message: "Key revoked" };
    case "settings":
      await updateGroupSettings(
        f.groupId,
        shop,
        { mode: f.mode, matchBy: f.matchBy, sourceShop: f.sourceShop || undefined, driftThreshold: f.driftThreshold, reconcileIntervalMs: f.reconcileMinutes * 60_000 },
        deps,
      );
      return { message: "Settings saved" };
    case "protection":
      await updateGroupSettings(f.groupId, shop, { protection: f.protection, allocateBelow: f.allocateBelow ?? null }, deps);
      return { message: "Oversell protection saved" };
    case "member":
      await updateMember(deps, f.groupId, shop, { locationId: f.locationId || undefined, buffer: f.buffer });
      return { message: "Saved" };
    case "preview": {
      const plan = await previewStart(deps, f.groupId, shop, parseStartRule(f.rule, f.ruleShop));
      return { message: `Starting pool previewed for ${plan.rows.length} SKUs: nothing is written until you enable`, planId: plan.id };
    }
    case "enable": {
      const r = await setGroupStatus(deps, f.groupId, shop, "active", { planId: f.planId });
      if (r.status === "changed") return { message: `Stock changed in ${r.changed.length} SKU(s) since the preview; nothing was written. Review the new preview and enable again.`, planId: r.plan.id, changed: r.changed };
      return { message: "Sync enabled" };
    }
    case "pause":
      await setGroupStatus(deps, f.groupId, shop, "paused");
      return { message: "Sync paused" };
    case "leave":
      await leaveGroup(f.groupId, shop);
      return { message: "Left the group" };
    case "reconcile":
      await requestReconciliation(deps, f.groupId, shop);
      return { message: "Reconciliation queued" };
    case "import":
      await startBulkLevelsRun(deps.admin(shop), shop, { purpose: "import" });
      return { message: "Import started" };
  }
}
