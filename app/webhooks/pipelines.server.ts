// Every webhook topic's steps, in order, in one place (instead of an order that depends on which
// module was imported first). A feature adds its step by naming it here. The app's own events
// that follow a webhook ("import finished") are declared here too.
import { onSubscriptionUpdate } from "../billing/state.server";
import { onProductDelete, onProductUpdate } from "../catalog/webhooks.server";
import type { ImportFinished } from "../import/bulk-import.server";
import { onBulkFinished, type BulkFinishPayload } from "../import/bulk-import.server";
import { onOrderLinkStockNotes } from "../kpi/cart-notes.server";
import * as ledger from "../inventory/ledger.server";
import { onAppUninstalled, onScopesUpdate } from "../lifecycle.server";
import { onOrder, onRefund } from "../orders/webhooks.server";
import { onCustomerDataRequest, onCustomerRedact, onShopRedact } from "../privacy/compliance.server";
import { queue } from "../queue/index.server";
import { onRestockLevelChanged, onRestockOrder } from "../restock/hooks.server";
import { onCatalogChanged, onLevelChanged } from "../storefront/stock.server";
import * as sync from "../sync/steps.server";
import type { TopicHandler } from "./topic-event";
import type { KnownTopic } from "./topics";

export const PIPELINES: Record<KnownTopic, TopicHandler[]> = {
  "app/uninstalled": [onAppUninstalled],
  "app/scopes_update": [onScopesUpdate],
  "app_subscriptions/update": [onSubscriptionUpdate],
  // order rows → the checkout's stock notes learn their order (NPS by availability)
  "orders/create": [onOrder, onOrderLinkStockNotes, onRestockOrder],
  "orders/cancelled": [onOrder],
  "refunds/create": [onRefund],
  // ledger → sync → storefront cache → back-in-stock alerts and sold-out automation
  "inventory_levels/update": [ledger.onLevelUpdate, sync.onLevelUpdate, onLevelChanged, onRestockLevelChanged],
  "inventory_items/delete": [ledger.onItemDeleted, sync.onItemDeleted],
  // catalog rows → sync unlinks what they orphaned → storefront cache
  "products/update": [onProductUpdate, onCatalogChanged],
  "products/delete": [onProductDelete, sync.onProductDeleted, onCatalogChanged],
  // the import streams the file in a job; what follows is "import finished" below
  "bulk_operations/finish": [(e) => onBulkFinished(queue, e as Parameters<typeof onBulkFinished>[1] & { payload: BulkFinishPayload })],
  "customers/data_request": [onCustomerDataRequest],
  "customers/redact": [onCustomerRedact],
  "shop/redact": [onShopRedact],
};

/** After an import's rows are written: sync decides what follows, then the storefront cache goes. */
export const IMPORT_FINISHED_STEPS: ((e: ImportFinished) => Promise<void>)[] = [sync.onImportFinished, onCatalogChanged];
