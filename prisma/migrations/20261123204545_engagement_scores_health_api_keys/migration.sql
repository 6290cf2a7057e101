-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "ApiKey_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScoreWeights" (
    "tier" TEXT NOT NULL PRIMARY KEY,
    "recency" REAL NOT NULL DEFAULT 0.25,
    "frequency" REAL NOT NULL DEFAULT 0.25,
    "breadth" REAL NOT NULL DEFAULT 0.15,
    "depth" REAL NOT NULL DEFAULT 0.15,
    "reach" REAL NOT NULL DEFAULT 0.20,
    "halfLifeDays" INTEGER NOT NULL DEFAULT 30,
    "greenAt" INTEGER NOT NULL DEFAULT 60,
    "redBelow" INTEGER NOT NULL DEFAULT 35,
    "updatedAt" DATETIME NOT NULL,
    "updatedById" TEXT,
    CONSTRAINT "ScoreWeights_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AccountScore" (
    "accountId" TEXT NOT NULL PRIMARY KEY,
    "score" INTEGER NOT NULL,
    "recency" REAL NOT NULL,
    "frequency" REAL NOT NULL,
    "breadth" REAL NOT NULL,
    "depth" REAL NOT NULL,
    "reach" REAL NOT NULL,
    "productUsage" REAL,
    "feedback" REAL,
    "health" TEXT NOT NULL,
    "healthReasons" TEXT NOT NULL DEFAULT '[]',
    "computedAt" DATETIME NOT NULL,
    CONSTRAINT "AccountScore_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HealthSnapshot" (
    "accountId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "health" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("accountId", "day"),
    CONSTRAINT "HealthSnapshot_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HealthOverride" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "health" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "HealthOverride_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "HealthOverride_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "ApiKey_revokedAt_idx" ON "ApiKey"("revokedAt");

-- CreateIndex
CREATE INDEX "AccountScore_health_idx" ON "AccountScore"("health");

-- CreateIndex
CREATE INDEX "AccountScore_score_idx" ON "AccountScore"("score");

-- CreateIndex
CREATE INDEX "HealthSnapshot_day_idx" ON "HealthSnapshot"("day");

-- CreateIndex
CREATE INDEX "HealthOverride_accountId_createdAt_idx" ON "HealthOverride"("accountId", "createdAt");

