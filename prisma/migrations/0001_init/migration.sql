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
    "processedAt" DATETIME
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

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE INDEX "WebhookInbox_shop_topic_receivedAt_idx" ON "WebhookInbox"("shop", "topic", "receivedAt");

-- CreateIndex
CREATE INDEX "WebhookInbox_status_idx" ON "WebhookInbox"("status");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookInbox_shop_eventId_key" ON "WebhookInbox"("shop", "eventId");

-- CreateIndex
CREATE UNIQUE INDEX "Job_dedupeKey_key" ON "Job"("dedupeKey");

-- CreateIndex
CREATE INDEX "Job_status_runAt_idx" ON "Job"("status", "runAt");

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
CREATE UNIQUE INDEX "SyncObservation_linkId_eventId_key" ON "SyncObservation"("linkId", "eventId");

-- CreateIndex
CREATE INDEX "SyncWriteBatch_shop_status_idx" ON "SyncWriteBatch"("shop", "status");

-- CreateIndex
CREATE INDEX "SyncPendingWrite_linkId_status_idx" ON "SyncPendingWrite"("linkId", "status");

-- CreateIndex
CREATE INDEX "SyncPendingWrite_itemId_status_idx" ON "SyncPendingWrite"("itemId", "status");

-- CreateIndex
CREATE INDEX "SyncPendingWrite_batchKey_idx" ON "SyncPendingWrite"("batchKey");

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

