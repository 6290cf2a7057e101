-- CreateTable
CREATE TABLE "ContentItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL DEFAULT '',
    "audienceTiers" TEXT NOT NULL DEFAULT '',
    "minutes" INTEGER,
    "sourcePath" TEXT,
    "sourceHash" TEXT,
    "authorId" TEXT,
    "publishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ContentItem_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ContentTopic" (
    "contentId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,

    PRIMARY KEY ("contentId", "topic"),
    CONSTRAINT "ContentTopic_contentId_fkey" FOREIGN KEY ("contentId") REFERENCES "ContentItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EbookChapter" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "contentId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    CONSTRAINT "EbookChapter_contentId_fkey" FOREIGN KEY ("contentId") REFERENCES "ContentItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ContentFile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "contentId" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "storageKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ContentFile_contentId_fkey" FOREIGN KEY ("contentId") REFERENCES "ContentItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Video" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "contentId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'WAITING',
    "muxUploadId" TEXT,
    "muxAssetId" TEXT,
    "muxPlaybackId" TEXT,
    "storageKey" TEXT,
    "mimeType" TEXT,
    "sizeBytes" INTEGER,
    "receivedBytes" INTEGER NOT NULL DEFAULT 0,
    "durationSeconds" REAL,
    "captionsKey" TEXT,
    "captionsLang" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Video_contentId_fkey" FOREIGN KEY ("contentId") REFERENCES "ContentItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "source" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("source", "eventId")
);

-- CreateTable
CREATE TABLE "ContentProgress" (
    "userId" TEXT NOT NULL,
    "contentId" TEXT NOT NULL,
    "accountId" TEXT,
    "positionSeconds" REAL NOT NULL DEFAULT 0,
    "durationSeconds" REAL,
    "watchedRanges" TEXT NOT NULL DEFAULT '[]',
    "watchedSeconds" REAL NOT NULL DEFAULT 0,
    "percent" REAL NOT NULL DEFAULT 0,
    "opens" INTEGER NOT NULL DEFAULT 0,
    "downloads" INTEGER NOT NULL DEFAULT 0,
    "completedAt" DATETIME,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("userId", "contentId"),
    CONSTRAINT "ContentProgress_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ContentProgress_contentId_fkey" FOREIGN KEY ("contentId") REFERENCES "ContentItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LearningPath" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "audienceTiers" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "sourcePath" TEXT,
    "sourceHash" TEXT,
    "publishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "LearningPathStep" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pathId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "contentId" TEXT,
    "sessionId" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "LearningPathStep_pathId_fkey" FOREIGN KEY ("pathId") REFERENCES "LearningPath" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LearningPathStep_contentId_fkey" FOREIGN KEY ("contentId") REFERENCES "ContentItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LearningPathStep_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "LiveSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LearningPathCompletion" (
    "pathId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "completedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("pathId", "userId"),
    CONSTRAINT "LearningPathCompletion_pathId_fkey" FOREIGN KEY ("pathId") REFERENCES "LearningPath" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LearningPathCompletion_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LiveSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "seriesId" TEXT,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "startsAt" DATETIME NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "timeZone" TEXT NOT NULL,
    "meetingUrl" TEXT NOT NULL,
    "audienceTiers" TEXT NOT NULL DEFAULT '',
    "seatCap" INTEGER,
    "perAccountCap" INTEGER,
    "seatsTaken" INTEGER NOT NULL DEFAULT 0,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "replayUrl" TEXT,
    "replayContentId" TEXT,
    "feedbackKind" TEXT NOT NULL DEFAULT 'CSAT',
    "createdById" TEXT,
    "publishedAt" DATETIME,
    "cancelledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "LiveSession_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "LiveSessionSeries" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "LiveSession_replayContentId_fkey" FOREIGN KEY ("replayContentId") REFERENCES "ContentItem" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_LiveSession" ("audienceTiers", "cancelledAt", "createdAt", "createdById", "description", "durationMinutes", "feedbackKind", "id", "kind", "meetingUrl", "perAccountCap", "publishedAt", "replayUrl", "seatCap", "seatsTaken", "sequence", "seriesId", "startsAt", "status", "timeZone", "title", "updatedAt") SELECT "audienceTiers", "cancelledAt", "createdAt", "createdById", "description", "durationMinutes", "feedbackKind", "id", "kind", "meetingUrl", "perAccountCap", "publishedAt", "replayUrl", "seatCap", "seatsTaken", "sequence", "seriesId", "startsAt", "status", "timeZone", "title", "updatedAt" FROM "LiveSession";
DROP TABLE "LiveSession";
ALTER TABLE "new_LiveSession" RENAME TO "LiveSession";
CREATE INDEX "LiveSession_status_startsAt_idx" ON "LiveSession"("status", "startsAt");
CREATE INDEX "LiveSession_seriesId_idx" ON "LiveSession"("seriesId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ContentItem_slug_key" ON "ContentItem"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "ContentItem_sourcePath_key" ON "ContentItem"("sourcePath");

-- CreateIndex
CREATE INDEX "ContentItem_status_kind_publishedAt_idx" ON "ContentItem"("status", "kind", "publishedAt");

-- CreateIndex
CREATE INDEX "ContentTopic_topic_idx" ON "ContentTopic"("topic");

-- CreateIndex
CREATE UNIQUE INDEX "EbookChapter_contentId_position_key" ON "EbookChapter"("contentId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "ContentFile_contentId_key" ON "ContentFile"("contentId");

-- CreateIndex
CREATE UNIQUE INDEX "ContentFile_storageKey_key" ON "ContentFile"("storageKey");

-- CreateIndex
CREATE UNIQUE INDEX "Video_contentId_key" ON "Video"("contentId");

-- CreateIndex
CREATE UNIQUE INDEX "Video_muxUploadId_key" ON "Video"("muxUploadId");

-- CreateIndex
CREATE UNIQUE INDEX "Video_muxAssetId_key" ON "Video"("muxAssetId");

-- CreateIndex
CREATE UNIQUE INDEX "Video_storageKey_key" ON "Video"("storageKey");

-- CreateIndex
CREATE INDEX "ContentProgress_userId_lastSeenAt_idx" ON "ContentProgress"("userId", "lastSeenAt");

-- CreateIndex
CREATE INDEX "ContentProgress_contentId_idx" ON "ContentProgress"("contentId");

-- CreateIndex
CREATE UNIQUE INDEX "LearningPath_slug_key" ON "LearningPath"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "LearningPath_sourcePath_key" ON "LearningPath"("sourcePath");

-- CreateIndex
CREATE INDEX "LearningPath_status_idx" ON "LearningPath"("status");

-- CreateIndex
CREATE INDEX "LearningPathStep_contentId_idx" ON "LearningPathStep"("contentId");

-- CreateIndex
CREATE INDEX "LearningPathStep_sessionId_idx" ON "LearningPathStep"("sessionId");

-- CreateIndex
CREATE UNIQUE INDEX "LearningPathStep_pathId_position_key" ON "LearningPathStep"("pathId", "position");

-- Full-text search over the library (SQLite FTS5; PostgreSQL will use a tsvector column).
-- Prisma's schema cannot describe a virtual table, so the app writes it (modules/library/search.server.ts)
-- in the same transaction as the item it indexes.
CREATE VIRTUAL TABLE "ContentSearch" USING fts5(
    "contentId" UNINDEXED,
    "title",
    "summary",
    "body",
    tokenize = 'porter unicode61 remove_diacritics 2'
);
