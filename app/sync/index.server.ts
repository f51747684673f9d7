// Registers the sync engine's job handlers and webhook topic handlers (imported by app/jobs.server.ts).
import { gid } from "../gid";
import { registerJob } from "../queue/registry.server";
import { onTopic } from "../webhooks/handlers.server";
import { applyItemCommand, intakeLevelChange, processItem, SYNC_COMMAND_JOB, SYNC_ITEM_JOB, type ItemCommand } from "./engine.server";
import { unlinkInventoryItem, unlinkProduct } from "./groups.server";
import { RECONCILE_ALL_JOB, RECONCILE_GROUP_JOB, reconcileDueGroups, reconcileGroup } from "./reconcile.server";
import "../import/bulk-import.server";

registerJob<{ groupId: string; sku: string; reason?: string }>(SYNC_ITEM_JOB, async ({ groupId, sku, reason }, ctx) => {
  await processItem(groupId, sku, { finalAttempt: ctx.attempt >= ctx.maxAttempts, reason, attempt: ctx.attempt });
});

registerJob<{ groupId: string; sku: string; command: ItemCommand }>(SYNC_COMMAND_JOB, async ({ groupId, sku, command }) => {
  await applyItemCommand(groupId, sku, command);
});

registerJob<{ groupId: string; by?: string }>(RECONCILE_GROUP_JOB, async ({ groupId, by }) => {
  await reconcileGroup(groupId, { by });
});

registerJob(RECONCILE_ALL_JOB, async () => {
  await reconcileDueGroups();
});

interface InventoryLevelPayload {
  inventory_item_id: number;
  location_id: number;
  available: number | null;
  updated_at?: string;
}

onTopic<InventoryLevelPayload>("inventory_levels/update", async ({ shop, payload, inbox, occurredAt }) => {
  // X-Shopify-Triggered-At has sub-second precision; the payload's updated_at only seconds.
  const at = inbox.triggeredAt ?? (payload.updated_at ? new Date(payload.updated_at) : occurredAt);
  await intakeLevelChange({
    shop,
    inventoryItemId: gid("InventoryItem", payload.inventory_item_id),
    locationId: gid("Location", payload.location_id),
    available: payload.available ?? 0,
    at,
    eventId: inbox.eventId,
    inboxId: inbox.id,
    payload,
  });
});

onTopic<{ id: number }>("inventory_items/delete", async ({ shop, payload }) => {
  await unlinkInventoryItem(shop, gid("InventoryItem", payload.id), "inventory_items/delete");
});

onTopic<{ id: number }>("products/delete", async ({ shop, payload }) => {
  await unlinkProduct(shop, gid("Product", payload.id));
});
