// The sync engine's steps in the webhook and app-event pipelines (app/webhooks/pipelines.server.ts).
// Database and queue only: whatever needs the Admin API runs as a job.
import { gid } from "../gid";
import type { ImportFinished } from "../import/bulk-import.server";
import type { InventoryLevelPayload } from "../inventory/ledger.server";
import { queue } from "../queue/index.server";
import type { TopicEvent } from "../webhooks/topic-event";
import { intakeLevelChange } from "./intake.server";
import { SYNC_AFTER_IMPORT_JOB } from "./jobs";
import { unlinkInventoryItem, unlinkProduct } from "./unlink.server";

export async function onLevelUpdate({ shop, payload, inbox, occurredAt }: TopicEvent<InventoryLevelPayload>): Promise<void> {
  // X-Shopify-Triggered-At has sub-second precision; the payload's updated_at only seconds.
  const at = inbox.triggeredAt ?? (payload.updated_at ? new Date(payload.updated_at) : occurredAt);
  await intakeLevelChange(queue, {
    shop,
    inventoryItemId: gid("InventoryItem", payload.inventory_item_id),
    locationId: gid("Location", payload.location_id),
    available: payload.available ?? 0,
    at,
    eventId: inbox.eventId,
    inboxId: inbox.id,
    payload,
  });
}

export async function onItemDeleted({ shop, payload }: TopicEvent<{ id: number }>): Promise<void> {
  await unlinkInventoryItem(shop, gid("InventoryItem", payload.id), "inventory_items/delete");
}

export async function onProductDeleted({ shop, payload }: TopicEvent<{ id: number }>): Promise<void> {
  await unlinkProduct(shop, gid("Product", payload.id));
}

/** "import finished": sync decides what follows (link the new catalog, or take the reconciliation reads). */
export async function onImportFinished(e: ImportFinished): Promise<void> {
  await queue.enqueue({ name: SYNC_AFTER_IMPORT_JOB, payload: e, shop: e.shop, dedupeKey: `sync-after-import|${e.runId}` });
}
