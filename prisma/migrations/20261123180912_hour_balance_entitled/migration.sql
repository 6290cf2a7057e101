-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_HourBalance" (
    "accountId" TEXT NOT NULL,
    "periodStart" DATETIME NOT NULL,
    "granted" INTEGER NOT NULL DEFAULT 0,
    "entitled" INTEGER NOT NULL DEFAULT 0,
    "used" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("accountId", "periodStart"),
    CONSTRAINT "HourBalance_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Rows written before this column existed were never topped up: all of their hours were granted.
INSERT INTO "new_HourBalance" ("accountId", "granted", "entitled", "periodStart", "updatedAt", "used") SELECT "accountId", "granted", "granted", "periodStart", "updatedAt", "used" FROM "HourBalance";
DROP TABLE "HourBalance";
ALTER TABLE "new_HourBalance" RENAME TO "HourBalance";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

