-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "Shop" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "currencyCode" TEXT,
    "scopes" TEXT,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "WebhookInbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "apiVersion" TEXT NOT NULL,
    "triggeredAt" DATETIME,
    "headers" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'received',
    "error" TEXT,
    "processedAt" DATETIME,
    "inventoryItemId" TEXT,
    "variantIds" TEXT,
    "orderId" TEXT
);

-- CreateTable
CREATE TABLE "Job" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "shop" TEXT,
    "orderingKey" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 8,
    "runAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedAt" DATETIME,
    "lockedBy" TEXT,
    "lastError" TEXT,
    "dedupeKey" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "JobSchedule" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "jobName" TEXT NOT NULL,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "intervalMs" INTEGER NOT NULL,
    "nextRunAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CatalogProduct" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "vendor" TEXT NOT NULL DEFAULT '',
    "productType" TEXT NOT NULL DEFAULT '',
    "tags" TEXT NOT NULL DEFAULT '',
    "collections" TEXT NOT NULL DEFAULT '',
    "imageUrl" TEXT,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "productId")
);

-- CreateTable
CREATE TABLE "CatalogVariant" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "inventoryItemId" TEXT,
    "title" TEXT NOT NULL,
    "sku" TEXT,
    "barcode" TEXT,
    "price" TEXT NOT NULL DEFAULT '0.00',
    "inventoryPolicy" TEXT NOT NULL DEFAULT 'DENY',
    "tracked" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "variantId")
);

-- CreateTable
CREATE TABLE "InventoryLevel" (
    "shop" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "available" INTEGER NOT NULL,
    "onHand" INTEGER,
    "committed" INTEGER,
    "seenAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "inventoryItemId", "locationId")
);

-- CreateTable
CREATE TABLE "ShopOrder" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "name" TEXT,
    "customerId" TEXT,
    "email" TEXT,
    "lineCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL,
    "cancelledAt" DATETIME,
    "refundedAt" DATETIME,

    PRIMARY KEY ("shop", "orderId")
);

-- CreateTable
CREATE TABLE "PrivacyRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "customerId" TEXT,
    "result" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Survey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "targeting" TEXT NOT NULL DEFAULT 'all',
    "displayMode" TEXT NOT NULL DEFAULT 'all_at_once',
    "currentVersionId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SurveyVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "surveyId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "questions" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SurveyVersion_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SurveyResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "surveyVersionId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "customerId" TEXT,
    "answers" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SurveyImpression" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "surveyVersionId" TEXT NOT NULL,
    "customerId" TEXT,
    "firstOrder" BOOLEAN,
    "seenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "orderId", "surveyId")
);

-- CreateTable
CREATE TABLE "WidgetSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "threshold" INTEGER NOT NULL DEFAULT 5,
    "showCount" BOOLEAN NOT NULL DEFAULT true,
    "style" TEXT NOT NULL DEFAULT 'inline',
    "messages" TEXT NOT NULL DEFAULT '{}',
    "alternativesEnabled" BOOLEAN NOT NULL DEFAULT true,
    "alternativesLimit" INTEGER NOT NULL DEFAULT 4,
    "rules" TEXT NOT NULL DEFAULT 'manual,collection,type,tags,vendor',
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "WidgetAlternativePick" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "altProductId" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "productId", "altProductId")
);

-- CreateTable
CREATE TABLE "StorefrontVersion" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SyncGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "ownerShop" TEXT NOT NULL,
    "mode" TEXT NOT NULL DEFAULT 'shared',
    "sourceShop" TEXT,
    "matchBy" TEXT NOT NULL DEFAULT 'sku',
    "status" TEXT NOT NULL DEFAULT 'draft',
    "driftThreshold" INTEGER NOT NULL DEFAULT 5,
    "reconcileIntervalMs" INTEGER NOT NULL DEFAULT 900000,
    "protection" TEXT NOT NULL DEFAULT 'automatic',
    "allocateBelow" INTEGER,
    "propagationP99Ms" INTEGER,
    "lastReconciledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SyncShareKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupId" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "createdByShop" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "usedByShop" TEXT,
    "revokedAt" DATETIME
);

-- CreateTable
CREATE TABLE "SyncMember" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "locationMode" TEXT NOT NULL DEFAULT 'single',
    "locationId" TEXT NOT NULL,
    "locationName" TEXT,
    "buffer" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'active',
    "joinedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SyncItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupId" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "pool" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "pausedReason" TEXT,
    "allocating" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SyncLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "variantId" TEXT,
    "locationId" TEXT NOT NULL,
    "lastSeen" INTEGER NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "uncertainUntil" DATETIME,
    "lastWritten" INTEGER,
    "writeSeq" INTEGER NOT NULL DEFAULT 0,
    "salesDecayed" REAL NOT NULL DEFAULT 0,
    "salesAt" DATETIME,
    "salesSince" DATETIME,
    "startTarget" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'linked',
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SyncObservation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "linkId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "available" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "eventId" TEXT NOT NULL,
    "inboxId" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'webhook',
    "until" DATETIME,
    "processedAt" DATETIME,
    "result" TEXT
);

-- CreateTable
CREATE TABLE "SyncPoolInput" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "cause" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" DATETIME,
    "result" TEXT
);

-- CreateTable
CREATE TABLE "SyncStartPlan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupId" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "ruleShop" TEXT,
    "createdBy" TEXT NOT NULL,
    "rows" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" DATETIME
);

-- CreateTable
CREATE TABLE "SyncWriteBatch" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "variables" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "result" TEXT,
    "sentAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" DATETIME
);

-- CreateTable
CREATE TABLE "SyncPendingWrite" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "linkId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "batchKey" TEXT NOT NULL,
    "entryKey" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "changeFrom" INTEGER NOT NULL,
    "value" INTEGER NOT NULL,
    "poolVersion" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "sentAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" DATETIME
);

-- CreateTable
CREATE TABLE "StockEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" TEXT,
    "sku" TEXT,
    "shop" TEXT NOT NULL,
    "inventoryItemId" TEXT,
    "locationId" TEXT,
    "cause" TEXT NOT NULL,
    "sourceEventId" TEXT,
    "payloadRef" TEXT,
    "delta" INTEGER NOT NULL DEFAULT 0,
    "valueAfter" INTEGER,
    "poolAfter" INTEGER,
    "result" TEXT NOT NULL,
    "correlationId" TEXT,
    "detail" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SyncException" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupId" TEXT,
    "shop" TEXT NOT NULL,
    "sku" TEXT,
    "locationId" TEXT,
    "class" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openKey" TEXT,
    "title" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "members" TEXT NOT NULL DEFAULT '[]',
    "amount" INTEGER,
    "sourceEventId" TEXT,
    "payloadSnapshot" TEXT,
    "owner" TEXT,
    "slaDueAt" DATETIME NOT NULL,
    "resolution" TEXT,
    "resolutionNote" TEXT,
    "resolvedBy" TEXT,
    "resolvedAt" DATETIME,
    "trail" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ImportRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'created',
    "purpose" TEXT NOT NULL DEFAULT 'import',
    "groupId" TEXT,
    "bulkOperationId" TEXT,
    "objectCount" INTEGER NOT NULL DEFAULT 0,
    "variants" INTEGER NOT NULL DEFAULT 0,
    "levels" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "points" INTEGER NOT NULL,
    "expire" DATETIME
);

-- CreateTable
CREATE TABLE "KpiRollup" (
    "shop" TEXT NOT NULL,
    "kpi" TEXT NOT NULL,
    "grain" TEXT NOT NULL,
    "bucket" DATETIME NOT NULL,
    "num" REAL NOT NULL DEFAULT 0,
    "den" REAL NOT NULL DEFAULT 0,
    "data" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "kpi", "grain", "bucket")
);

-- CreateTable
CREATE TABLE "KpiCounter" (
    "shop" TEXT NOT NULL,
    "kpi" TEXT NOT NULL,
    "bucket" DATETIME NOT NULL,
    "source" TEXT NOT NULL,
    "num" REAL NOT NULL DEFAULT 0,
    "den" REAL NOT NULL DEFAULT 0,
    "data" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "kpi", "bucket", "source")
);

-- CreateTable
CREATE TABLE "CartStockNote" (
    "shop" TEXT NOT NULL,
    "checkoutToken" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "requested" INTEGER NOT NULL DEFAULT 1,
    "orderId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "checkoutToken", "variantId")
);

-- CreateTable
CREATE TABLE "OwnerRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "class" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "slaHours" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ExceptionOwnership" (
    "exceptionId" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "groupId" TEXT,
    "class" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL,
    "owner" TEXT,
    "source" TEXT,
    "assignedAt" DATETIME,
    "assignedBy" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AlertChannel" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ok',
    "lastError" TEXT,
    "failingSince" DATETIME,
    "lastSuccessAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "params" TEXT NOT NULL DEFAULT '{}',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AlertIncident" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "troubleKey" TEXT NOT NULL,
    "openKey" TEXT,
    "title" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'open',
    "openedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastNotifiedAt" DATETIME,
    "notifications" INTEGER NOT NULL DEFAULT 0,
    "resolvedAt" DATETIME
);

-- CreateTable
CREATE TABLE "AlertDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "incidentId" TEXT,
    "channelId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SetupConfirmation" (
    "shop" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "confirmedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedBy" TEXT,

    PRIMARY KEY ("shop", "item")
);

-- CreateTable
CREATE TABLE "Feed" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "format" TEXT NOT NULL DEFAULT 'csv',
    "source" TEXT NOT NULL,
    "url" TEXT,
    "pollMinutes" INTEGER NOT NULL DEFAULT 15,
    "pushSecret" TEXT NOT NULL,
    "mapping" TEXT NOT NULL,
    "mode" TEXT NOT NULL DEFAULT 'set',
    "target" TEXT NOT NULL DEFAULT 'location',
    "groupId" TEXT,
    "locationId" TEXT,
    "zeroPct" REAL NOT NULL DEFAULT 20,
    "changePct" REAL NOT NULL DEFAULT 50,
    "maxAgeMinutes" INTEGER NOT NULL DEFAULT 1440,
    "staleBuffer" INTEGER NOT NULL DEFAULT 2,
    "status" TEXT NOT NULL DEFAULT 'active',
    "etag" TEXT,
    "lastModified" TEXT,
    "lastFetchedAt" DATETIME,
    "lastAppliedAt" DATETIME,
    "lastError" TEXT,
    "bufferRunId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FeedRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "feedId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL DEFAULT '',
    "etag" TEXT,
    "rowCount" INTEGER NOT NULL DEFAULT 0,
    "errorCount" INTEGER NOT NULL DEFAULT 0,
    "summary" TEXT NOT NULL DEFAULT '{}',
    "total" INTEGER NOT NULL DEFAULT 0,
    "written" INTEGER NOT NULL DEFAULT 0,
    "exceptionId" TEXT,
    "approvedBy" TEXT,
    "appliedAt" DATETIME,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FeedRunItem" (
    "runId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "sku" TEXT NOT NULL,
    "inventoryItemId" TEXT,
    "locationId" TEXT,
    "before" INTEGER,
    "after" INTEGER NOT NULL,
    "line" INTEGER NOT NULL,
    "batch" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'planned',

    PRIMARY KEY ("runId", "seq")
);

-- CreateTable
CREATE TABLE "FeedRunBatch" (
    "runId" TEXT NOT NULL,
    "batch" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "done" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("runId", "batch")
);

-- CreateTable
CREATE TABLE "ChannelEndpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "events" TEXT NOT NULL DEFAULT '[]',
    "skus" TEXT NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL DEFAULT 'active',
    "pausedReason" TEXT,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ChannelEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "sku" TEXT,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ChannelDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "endpointId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "lastStatus" INTEGER,
    "latencyMs" INTEGER,
    "responseHead" TEXT,
    "error" TEXT,
    "replayOf" TEXT,
    "deliveredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ChannelCursor" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RestockSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "doubleOptIn" BOOLEAN NOT NULL DEFAULT false,
    "consentText" TEXT NOT NULL DEFAULT '',
    "batchMultiple" INTEGER NOT NULL DEFAULT 3,
    "batchCap" INTEGER NOT NULL DEFAULT 100,
    "intervalMinutes" INTEGER NOT NULL DEFAULT 10,
    "soldOutAction" TEXT NOT NULL DEFAULT 'off',
    "soldOutTag" TEXT NOT NULL DEFAULT 'sold-out',
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RestockSubscription" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "email" TEXT,
    "emailHash" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "consentText" TEXT,
    "consentAt" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'active',
    "confirmedAt" DATETIME,
    "notifiedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RestockSuppressedAddress" (
    "shop" TEXT NOT NULL,
    "emailHash" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "emailHash")
);

-- CreateTable
CREATE TABLE "RestockRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "budget" INTEGER NOT NULL DEFAULT 0,
    "peakUnits" INTEGER NOT NULL DEFAULT 0,
    "batches" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "stopReason" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "nextBatchAt" DATETIME,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "RestockWatch" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "sellable" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "variantId")
);

-- CreateTable
CREATE TABLE "RestockDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "batch" INTEGER NOT NULL DEFAULT 0,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "messageId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "RestockConversion" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "amount" REAL NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "orderId", "variantId")
);

-- CreateTable
CREATE TABLE "SoldOutProduct" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "publicationId" TEXT,
    "state" TEXT NOT NULL,
    "appliedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "productId")
);

-- CreateTable
CREATE TABLE "SoldOutActivity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "action" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ShopPlan" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "plan" TEXT NOT NULL DEFAULT 'free',
    "subscriptionId" TEXT,
    "status" TEXT,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "trialEndsAt" DATETIME,
    "periodEndsAt" DATETIME,
    "landedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SuspendedMembership" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "groupName" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "buffer" INTEGER NOT NULL DEFAULT 0,
    "suspendedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE INDEX "WebhookInbox_shop_topic_receivedAt_idx" ON "WebhookInbox"("shop", "topic", "receivedAt");

-- CreateIndex
CREATE INDEX "WebhookInbox_shop_topic_inventoryItemId_status_idx" ON "WebhookInbox"("shop", "topic", "inventoryItemId", "status");

-- CreateIndex
CREATE INDEX "WebhookInbox_status_receivedAt_idx" ON "WebhookInbox"("status", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookInbox_shop_eventId_key" ON "WebhookInbox"("shop", "eventId");

-- CreateIndex
CREATE UNIQUE INDEX "Job_dedupeKey_key" ON "Job"("dedupeKey");

-- CreateIndex
CREATE INDEX "Job_status_runAt_idx" ON "Job"("status", "runAt");

-- CreateIndex
CREATE INDEX "Job_status_id_idx" ON "Job"("status", "id");

-- CreateIndex
CREATE INDEX "Job_orderingKey_status_idx" ON "Job"("orderingKey", "status");

-- CreateIndex
CREATE INDEX "Job_shop_status_idx" ON "Job"("shop", "status");

-- CreateIndex
CREATE INDEX "CatalogProduct_shop_productType_idx" ON "CatalogProduct"("shop", "productType");

-- CreateIndex
CREATE INDEX "CatalogProduct_shop_vendor_idx" ON "CatalogProduct"("shop", "vendor");

-- CreateIndex
CREATE INDEX "CatalogVariant_shop_productId_idx" ON "CatalogVariant"("shop", "productId");

-- CreateIndex
CREATE INDEX "CatalogVariant_shop_inventoryItemId_idx" ON "CatalogVariant"("shop", "inventoryItemId");

-- CreateIndex
CREATE INDEX "CatalogVariant_shop_sku_idx" ON "CatalogVariant"("shop", "sku");

-- CreateIndex
CREATE INDEX "CatalogVariant_shop_barcode_idx" ON "CatalogVariant"("shop", "barcode");

-- CreateIndex
CREATE INDEX "InventoryLevel_shop_locationId_idx" ON "InventoryLevel"("shop", "locationId");

-- CreateIndex
CREATE INDEX "ShopOrder_shop_customerId_idx" ON "ShopOrder"("shop", "customerId");

-- CreateIndex
CREATE INDEX "ShopOrder_shop_createdAt_idx" ON "ShopOrder"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "PrivacyRequest_shop_topic_idx" ON "PrivacyRequest"("shop", "topic");

-- CreateIndex
CREATE INDEX "Survey_shop_enabled_idx" ON "Survey"("shop", "enabled");

-- CreateIndex
CREATE INDEX "SurveyVersion_shop_idx" ON "SurveyVersion"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyVersion_surveyId_version_key" ON "SurveyVersion"("surveyId", "version");

-- CreateIndex
CREATE INDEX "SurveyResponse_shop_surveyId_createdAt_idx" ON "SurveyResponse"("shop", "surveyId", "createdAt");

-- CreateIndex
CREATE INDEX "SurveyResponse_shop_customerId_idx" ON "SurveyResponse"("shop", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyResponse_shop_orderId_surveyVersionId_key" ON "SurveyResponse"("shop", "orderId", "surveyVersionId");

-- CreateIndex
CREATE INDEX "SurveyImpression_shop_surveyId_seenAt_idx" ON "SurveyImpression"("shop", "surveyId", "seenAt");

-- CreateIndex
CREATE INDEX "SurveyImpression_shop_customerId_idx" ON "SurveyImpression"("shop", "customerId");

-- CreateIndex
CREATE INDEX "WidgetAlternativePick_shop_productId_position_idx" ON "WidgetAlternativePick"("shop", "productId", "position");

-- CreateIndex
CREATE INDEX "SyncGroup_ownerShop_idx" ON "SyncGroup"("ownerShop");

-- CreateIndex
CREATE UNIQUE INDEX "SyncShareKey_keyHash_key" ON "SyncShareKey"("keyHash");

-- CreateIndex
CREATE INDEX "SyncShareKey_groupId_idx" ON "SyncShareKey"("groupId");

-- CreateIndex
CREATE INDEX "SyncMember_shop_status_idx" ON "SyncMember"("shop", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SyncMember_groupId_shop_key" ON "SyncMember"("groupId", "shop");

-- CreateIndex
CREATE UNIQUE INDEX "SyncItem_groupId_sku_key" ON "SyncItem"("groupId", "sku");

-- CreateIndex
CREATE INDEX "SyncLink_shop_inventoryItemId_locationId_idx" ON "SyncLink"("shop", "inventoryItemId", "locationId");

-- CreateIndex
CREATE INDEX "SyncLink_groupId_memberId_idx" ON "SyncLink"("groupId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "SyncLink_itemId_memberId_key" ON "SyncLink"("itemId", "memberId");

-- CreateIndex
CREATE INDEX "SyncObservation_groupId_sku_processedAt_idx" ON "SyncObservation"("groupId", "sku", "processedAt");

-- CreateIndex
CREATE INDEX "SyncObservation_at_idx" ON "SyncObservation"("at");

-- CreateIndex
CREATE UNIQUE INDEX "SyncObservation_linkId_eventId_key" ON "SyncObservation"("linkId", "eventId");

-- CreateIndex
CREATE UNIQUE INDEX "SyncPoolInput_idempotencyKey_key" ON "SyncPoolInput"("idempotencyKey");

-- CreateIndex
CREATE INDEX "SyncPoolInput_groupId_sku_processedAt_idx" ON "SyncPoolInput"("groupId", "sku", "processedAt");

-- CreateIndex
CREATE INDEX "SyncStartPlan_groupId_createdAt_idx" ON "SyncStartPlan"("groupId", "createdAt");

-- CreateIndex
CREATE INDEX "SyncWriteBatch_shop_status_idx" ON "SyncWriteBatch"("shop", "status");

-- CreateIndex
CREATE INDEX "SyncPendingWrite_linkId_status_idx" ON "SyncPendingWrite"("linkId", "status");

-- CreateIndex
CREATE INDEX "SyncPendingWrite_itemId_status_idx" ON "SyncPendingWrite"("itemId", "status");

-- CreateIndex
CREATE INDEX "SyncPendingWrite_batchKey_idx" ON "SyncPendingWrite"("batchKey");

-- CreateIndex
CREATE INDEX "SyncPendingWrite_status_sentAt_idx" ON "SyncPendingWrite"("status", "sentAt");

-- CreateIndex
CREATE INDEX "StockEvent_groupId_sku_id_idx" ON "StockEvent"("groupId", "sku", "id");

-- CreateIndex
CREATE INDEX "StockEvent_shop_id_idx" ON "StockEvent"("shop", "id");

-- CreateIndex
CREATE UNIQUE INDEX "SyncException_openKey_key" ON "SyncException"("openKey");

-- CreateIndex
CREATE INDEX "SyncException_shop_status_idx" ON "SyncException"("shop", "status");

-- CreateIndex
CREATE INDEX "SyncException_groupId_status_idx" ON "SyncException"("groupId", "status");

-- CreateIndex
CREATE INDEX "ImportRun_shop_startedAt_idx" ON "ImportRun"("shop", "startedAt");

-- CreateIndex
CREATE INDEX "ImportRun_bulkOperationId_idx" ON "ImportRun"("bulkOperationId");

-- CreateIndex
CREATE INDEX "KpiRollup_shop_grain_bucket_idx" ON "KpiRollup"("shop", "grain", "bucket");

-- CreateIndex
CREATE INDEX "KpiCounter_kpi_bucket_idx" ON "KpiCounter"("kpi", "bucket");

-- CreateIndex
CREATE INDEX "CartStockNote_shop_orderId_idx" ON "CartStockNote"("shop", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "OwnerRule_shop_class_key" ON "OwnerRule"("shop", "class");

-- CreateIndex
CREATE INDEX "ExceptionOwnership_shop_assignedAt_idx" ON "ExceptionOwnership"("shop", "assignedAt");

-- CreateIndex
CREATE INDEX "ExceptionOwnership_groupId_assignedAt_idx" ON "ExceptionOwnership"("groupId", "assignedAt");

-- CreateIndex
CREATE INDEX "AlertChannel_shop_idx" ON "AlertChannel"("shop");

-- CreateIndex
CREATE INDEX "AlertRule_shop_trigger_idx" ON "AlertRule"("shop", "trigger");

-- CreateIndex
CREATE UNIQUE INDEX "AlertIncident_openKey_key" ON "AlertIncident"("openKey");

-- CreateIndex
CREATE INDEX "AlertIncident_shop_status_idx" ON "AlertIncident"("shop", "status");

-- CreateIndex
CREATE INDEX "AlertIncident_shop_openedAt_idx" ON "AlertIncident"("shop", "openedAt");

-- CreateIndex
CREATE INDEX "AlertDelivery_shop_createdAt_idx" ON "AlertDelivery"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "Feed_shop_idx" ON "Feed"("shop");

-- CreateIndex
CREATE INDEX "FeedRun_feedId_createdAt_idx" ON "FeedRun"("feedId", "createdAt");

-- CreateIndex
CREATE INDEX "FeedRun_feedId_contentHash_idx" ON "FeedRun"("feedId", "contentHash");

-- CreateIndex
CREATE INDEX "FeedRunItem_runId_batch_idx" ON "FeedRunItem"("runId", "batch");

-- CreateIndex
CREATE INDEX "ChannelEndpoint_shop_idx" ON "ChannelEndpoint"("shop");

-- CreateIndex
CREATE INDEX "ChannelEvent_shop_createdAt_idx" ON "ChannelEvent"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "ChannelEvent_createdAt_id_idx" ON "ChannelEvent"("createdAt", "id");

-- CreateIndex
CREATE INDEX "ChannelDelivery_endpointId_createdAt_idx" ON "ChannelDelivery"("endpointId", "createdAt");

-- CreateIndex
CREATE INDEX "ChannelDelivery_status_nextAttemptAt_idx" ON "ChannelDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "ChannelDelivery_status_createdAt_idx" ON "ChannelDelivery"("status", "createdAt");

-- CreateIndex
CREATE INDEX "RestockSubscription_shop_variantId_createdAt_idx" ON "RestockSubscription"("shop", "variantId", "createdAt");

-- CreateIndex
CREATE INDEX "RestockSubscription_shop_emailHash_idx" ON "RestockSubscription"("shop", "emailHash");

-- CreateIndex
CREATE UNIQUE INDEX "RestockSubscription_shop_variantId_emailHash_key" ON "RestockSubscription"("shop", "variantId", "emailHash");

-- CreateIndex
CREATE INDEX "RestockRun_shop_variantId_status_idx" ON "RestockRun"("shop", "variantId", "status");

-- CreateIndex
CREATE INDEX "RestockDelivery_shop_productId_idx" ON "RestockDelivery"("shop", "productId");

-- CreateIndex
CREATE INDEX "RestockDelivery_shop_outcome_reason_idx" ON "RestockDelivery"("shop", "outcome", "reason");

-- CreateIndex
CREATE UNIQUE INDEX "RestockDelivery_runId_subscriptionId_key" ON "RestockDelivery"("runId", "subscriptionId");

-- CreateIndex
CREATE INDEX "SoldOutActivity_shop_createdAt_idx" ON "SoldOutActivity"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SuspendedMembership_shop_groupId_key" ON "SuspendedMembership"("shop", "groupId");

