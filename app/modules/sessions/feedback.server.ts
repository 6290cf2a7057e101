import { DomainError } from "~/modules/auth/errors.ts";
import { feedbackGivenData } from "~/modules/engagement/events.ts";
import { recordEvent } from "~/modules/engagement/events.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { isScoreInRange, scoreMessage } from "./feedback.schema.ts";

/**
 * The feedback link in the follow-up email carries the registrant's join code, so it works without
 * signing in. Feedback opens when the session starts; giving it again replaces the earlier answer.
 * The session decides what is asked (CSAT or NPS); `existing` is the earlier answer, whatever its kind.
 */
export async function findFeedbackTarget(joinCode: string, now = new Date()) {
  const registration = await prisma.registration.findUnique({
    where: { joinCode },
    select: {
      id: true,
      status: true,
      session: { select: { id: true, title: true, startsAt: true, status: true, feedbackKind: true } },
      user: { select: { name: true, timeZone: true, locale: true } },
    },
  });
  if (!registration || registration.status === "CANCELLED" || registration.status === "WAITLISTED") return null;
  const existing = await prisma.sessionFeedback.findUnique({
    where: { registrationId: registration.id },
    select: { kind: true, score: true, comment: true },
  });
  return { ...registration, existing, open: registration.session.startsAt <= now && registration.session.status !== "CANCELLED" };
}

/**
 * Stores the answer with the kind the session asks for now, never one the form claims. The score is
 * checked against that kind here too, so a caller that validated against a stale kind cannot store
 * an 8 as CSAT.
 */
export async function giveFeedback(joinCode: string, input: { score: number; comment: string | null }, now = new Date()) {
  const target = await findFeedbackTarget(joinCode, now);
  if (!target) throw new DomainError(404, "This feedback link is not valid.");
  if (!target.open) throw new DomainError(409, "Feedback opens when the session starts. Come back after it.");
  const kind = target.session.feedbackKind;
  if (!isScoreInRange(kind, input.score)) throw new DomainError(400, scoreMessage(kind), "score");
  const registration = await prisma.registration.findUniqueOrThrow({ where: { id: target.id }, select: { userId: true, accountId: true } });
  await prisma.$transaction(async (tx) => {
    await tx.sessionFeedback.upsert({
      where: { registrationId: target.id },
      create: {
        registrationId: target.id,
        sessionId: target.session.id,
        userId: registration.userId,
        kind,
        score: input.score,
        comment: input.comment,
      },
      update: { kind, score: input.score, comment: input.comment },
    });
    await recordEvent(tx, {
      kind: "session.feedback_given",
      accountId: registration.accountId,
      userId: registration.userId,
      subjectType: "session",
      subjectId: target.session.id,
      value: input.score,
      data: feedbackGivenData(kind, input.score),
      dedupeKey: `feedback:${target.id}`,
      occurredAt: now,
    });
  });
}
