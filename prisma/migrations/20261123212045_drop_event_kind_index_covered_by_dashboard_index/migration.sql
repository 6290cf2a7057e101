-- DropIndex
DROP INDEX "EngagementEvent_kind_occurredAt_idx";

