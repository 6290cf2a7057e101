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
    "feedbackKind" TEXT NOT NULL DEFAULT 'CSAT',
    "createdById" TEXT,
    "publishedAt" DATETIME,
    "cancelledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "LiveSession_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "LiveSessionSeries" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_LiveSession" ("audienceTiers", "cancelledAt", "createdAt", "createdById", "description", "durationMinutes", "id", "kind", "meetingUrl", "perAccountCap", "publishedAt", "replayUrl", "seatCap", "seatsTaken", "sequence", "seriesId", "startsAt", "status", "timeZone", "title", "updatedAt") SELECT "audienceTiers", "cancelledAt", "createdAt", "createdById", "description", "durationMinutes", "id", "kind", "meetingUrl", "perAccountCap", "publishedAt", "replayUrl", "seatCap", "seatsTaken", "sequence", "seriesId", "startsAt", "status", "timeZone", "title", "updatedAt" FROM "LiveSession";
DROP TABLE "LiveSession";
ALTER TABLE "new_LiveSession" RENAME TO "LiveSession";
CREATE INDEX "LiveSession_status_startsAt_idx" ON "LiveSession"("status", "startsAt");
CREATE INDEX "LiveSession_seriesId_idx" ON "LiveSession"("seriesId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
