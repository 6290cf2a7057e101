-- A cancelled hour no longer holds its CSM's start: the unique (CSM, start) key now covers CONFIRMED
-- bookings only, so the freed time can be booked again (by the waiting queue's claim or anyone).
-- Written by hand: Prisma's schema cannot describe a partial index.

-- DropIndex
DROP INDEX "CsmBooking_csmId_startsAt_key";

-- CreateIndex
CREATE UNIQUE INDEX "CsmBooking_confirmed_csmId_startsAt_key" ON "CsmBooking"("csmId", "startsAt") WHERE "status" = 'CONFIRMED';
