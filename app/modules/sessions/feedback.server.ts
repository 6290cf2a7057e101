import { DomainError } from "~/modules/auth/errors.ts";
import { recordEvent } from "~/modules/engagement/events.server.ts";
import { prisma } from "~/utils/db.server.ts";

/**
 * The feedback link in the follow-up email carries the registrant's join code, so it works without
 * signing in. Feedback opens when the session starts; giving it again replaces the earlier answer.
 */
export async function findFeedbackTarget(joinCode: string, now = new Date()) {
  const registration = await prisma.registration.findUnique({
    where: { joinCode },
    select: {
      id: true,
      status: true,
      session: { select: { id: true, title: true, startsAt: true, status: true } },
      user: { select: { name: true, timeZone: true, locale: true } },
    },
  });
  if (!registration || registration.status === "CANCELLED" || registration.status === "WAITLISTED") return null;
  const existing = await prisma.sessionFeedback.findUnique({
    where: { registrationId: registration.id },
    select: { score: true, comment: true },
  });
  return { ...registration, existing, open: registration.session.startsAt <= now && registration.session.status !== "CANCELLED" };
}

export async function giveFeedback(joinCode: string, input: { score: number; comment: string | null }, now = new Date()) {
  const target = await findFeedbackTarget(joinCode, now);
  if (!target) throw new DomainError(404, "This feedback link is not valid.");
  if (!target.open) throw new DomainError(409, "Feedback opens when the session starts. Come back after it.");
  const registration = await prisma.registration.findUniqueOrThrow({ where: { id: target.id }, select: { userId: true, accountId: true } });
  await prisma.$transaction(async (tx) => {
    await tx.sessionFeedback.upsert({
      where: { registrationId: target.id },
      create: {
        registrationId: target.id,
        sessionId: target.session.id,
        userId: registration.userId,
        kind: "CSAT",
        score: input.score,
        comment: input.comment,
      },
      update: { score: input.score, comment: input.comment },
    });
    await recordEvent(tx, {
      kind: "session.feedback_given",
      accountId: registration.accountId,
      userId: registration.userId,
      subjectType: "session",
      subjectId: target.session.id,
      value: input.score,
      dedupeKey: `feedback:${target.id}`,
      occurredAt: now,
    });
  });
}
