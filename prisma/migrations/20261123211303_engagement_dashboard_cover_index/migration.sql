-- CreateIndex
CREATE INDEX "EngagementEvent_kind_occurredAt_accountId_userId_subjectType_subjectId_idx" ON "EngagementEvent"("kind", "occurredAt", "accountId", "userId", "subjectType", "subjectId");

