-- Hand-written: Prisma's schema cannot describe partial indexes (see docs/decisions/0021-waiting-queue.md).

-- One place in the queue per person and offering: a second join while WAITING or OFFERED is refused.
CREATE UNIQUE INDEX "QueueEntry_one_active_per_user" ON "QueueEntry"("userId", "offeringId") WHERE "status" IN ('WAITING', 'OFFERED');

-- A freed slot is held for exactly one person: two live offers of one CSM's start cannot both exist.
CREATE UNIQUE INDEX "QueueEntry_one_offer_per_slot" ON "QueueEntry"("offeredCsmId", "offeredStartsAt") WHERE "status" = 'OFFERED';
