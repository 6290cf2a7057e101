import { z } from "zod";
import type { AttendanceStatus, LiveSessionStatus, RegistrationStatus, Tier } from "~/generated/prisma/enums.ts";
import { TIER_LABELS } from "~/modules/accounts/entitlements.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { generateSecureRandomString } from "~/modules/auth/tokens.ts";
import { recordEvent } from "~/modules/engagement/events.server.ts";
import { isUniqueViolation, prisma, writeTransaction, type Db, type Tx } from "~/utils/db.server.ts";
import { queueRegistrationNotice } from "./notifications.server.ts";
import { passSeatOn, releaseSessionSeat, takeAccountSeat, type EngineOptions } from "./offers.server.ts";

export const MAX_ANSWER_LENGTH = 4_000;
/** Join-link clicks count as attendance from this long before the start until the end. */
export const JOIN_RECORDED_FROM_MINUTES = 30;

export type RegistrationQuestionInput = { id: string; label: string; required: boolean };

/** The registration form's answers, keyed by question id; the route and the engine share it. */
export function answersSchema(questions: readonly RegistrationQuestionInput[]) {
  const shape: Record<string, z.ZodType<string | undefined>> = {};
  for (const question of questions) {
    const text = z
      .string({ error: "Please answer this question." })
      .trim()
      .max(MAX_ANSWER_LENGTH, { error: `Use at most ${MAX_ANSWER_LENGTH.toLocaleString("en-US")} characters.` });
    shape[question.id] = question.required ? text.min(1, { error: "Please answer this question." }) : text.optional();
  }
  return z.object(shape);
}

/** A 400 carrying every question's error, keyed by question id; `field` names the first. */
export class InvalidAnswersError extends DomainError {
  constructor(readonly fieldErrors: Record<string, string[]>) {
    super(400, Object.values(fieldErrors)[0]?.[0] ?? "Please check your answers.", Object.keys(fieldErrors)[0]);
  }
}

export const ALREADY_REGISTERED =
  "You are already registered for this session (or on its waitlist). Cancel that registration first if you want to change it.";

/** What registering decides on before its transaction; a caller that has just read it may pass it in. */
export type RegistrationReads = {
  session: { status: LiveSessionStatus; startsAt: Date; audienceTiers: string; questions: RegistrationQuestionInput[] } | null;
  tier: Tier | null;
  existing: { status: RegistrationStatus } | null;
};

async function readForRegistration(db: Db, sessionId: string, accountId: string, userId: string): Promise<RegistrationReads> {
  // findFirst, not findUnique: Prisma batches concurrent findUnique calls into one statement, and
  // a burst of registrations would push that statement past SQLite's parameter limit.
  const [session, account, existing] = await Promise.all([
    db.liveSession.findFirst({
      where: { id: sessionId },
      select: {
        status: true,
        startsAt: true,
        audienceTiers: true,
        questions: { select: { id: true, label: true, required: true }, orderBy: [{ position: "asc" }, { id: "asc" }] },
      },
    }),
    db.account.findFirst({ where: { id: accountId }, select: { tier: true } }),
    db.registration.findFirst({ where: { sessionId, userId }, select: { status: true } }),
  ]);
  return { session, tier: account?.tier ?? null, existing };
}

type RegisterResult = { id: string; status: Extract<RegistrationStatus, "CONFIRMED" | "WAITLISTED">; joinCode: string };

/**
 * Registers a customer. The seat is decided by conditional writes inside one transaction: the
 * session counter only moves while under the cap, then the account tally only while under the
 * per-account cap (handing the session seat back if not). No seat means the waitlist. The unique
 * (session, user) key settles double submits: the loser's transaction rolls back whole, seat included.
 */
export async function registerForSession(
  actor: Actor,
  sessionId: string,
  answers: Record<string, string | undefined>,
  { db = prisma, now = new Date(), read }: EngineOptions & { read?: RegistrationReads } = {},
): Promise<RegisterResult> {
  const accountId = actor.accountId;
  if (!can(actor, "sessions.register") || !accountId) throw new DomainError(403, "Only customers can register for sessions.");
  const { session, tier, existing } = read ?? (await readForRegistration(db, sessionId, accountId, actor.id));
  if (!session || session.status === "DRAFT") throw new DomainError(404, "This session was not found.");
  if (session.status === "CANCELLED") throw new DomainError(409, "This session was cancelled, so it no longer takes registrations.");
  if (session.startsAt <= now) throw new DomainError(409, "This session has already started, so registration is closed.");
  const audience = session.audienceTiers.split(",").flatMap((part) => {
    const tier = part.trim();
    return tier in TIER_LABELS ? [tier as keyof typeof TIER_LABELS] : [];
  });
  if (audience.length > 0 && (!tier || !audience.includes(tier))) {
    const names = audience.map((tier) => TIER_LABELS[tier]).join(", ");
    throw new DomainError(403, `This session is open to ${names} customers only.`);
  }
  const parsed = answersSchema(session.questions).safeParse(answers);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "")] ??= []).push(issue.message);
    throw new InvalidAnswersError(fieldErrors);
  }
  if (existing && existing.status !== "CANCELLED") throw new DomainError(409, ALREADY_REGISTERED);
  const stored = JSON.stringify(Object.fromEntries(Object.entries(parsed.data).filter(([, answer]) => answer)));

  return writeTransaction(db, async (tx) => {
    // The seat first, so the transaction takes SQLite's write lock with its first statement.
    const seat = await tx.$executeRaw`
      UPDATE "LiveSession" SET "seatsTaken" = "seatsTaken" + 1
      WHERE "id" = ${sessionId} AND "status" = 'PUBLISHED' AND ("seatCap" IS NULL OR "seatsTaken" < "seatCap")`;
    let confirmed = seat === 1;
    if (confirmed && !(await takeAccountSeat(tx, sessionId, accountId))) {
      await releaseSessionSeat(tx, sessionId);
      confirmed = false;
    }
    const status = confirmed ? "CONFIRMED" : "WAITLISTED";
    const fields = { status, accountId, answers: stored, waitlistedAt: confirmed ? null : now, registeredAt: now } as const;
    const registration = await writeRegistrationRow(tx, { sessionId, userId: actor.id, reuse: existing !== null, fields });
    await recordEvent(tx, {
      kind: confirmed ? "session.registered" : "session.waitlisted",
      accountId,
      userId: actor.id,
      subjectType: "session",
      subjectId: sessionId,
      occurredAt: now,
    });
    await queueRegistrationNotice(tx, registration.id, confirmed ? "confirmed" : "waitlisted");
    return { id: registration.id, status, joinCode: registration.joinCode };
  });
}

async function writeRegistrationRow(
  tx: Tx,
  input: {
    sessionId: string;
    userId: string;
    reuse: boolean;
    fields: { status: RegistrationStatus; accountId: string; answers: string; waitlistedAt: Date | null; registeredAt: Date };
  },
) {
  const { sessionId, userId, fields } = input;
  if (input.reuse) {
    // Coming back after a cancellation: the same row starts afresh, and only from CANCELLED.
    const reused = await tx.registration.updateMany({
      where: { sessionId, userId, status: "CANCELLED" },
      data: {
        ...fields,
        cancelledAt: null,
        offerTokenHash: null,
        offerExpiresAt: null,
        attendance: "UNKNOWN",
        joinedAt: null,
        minutesAttended: null,
      },
    });
    if (reused.count !== 1) throw new DomainError(409, ALREADY_REGISTERED);
    return tx.registration.findUniqueOrThrow({ where: { sessionId_userId: { sessionId, userId } }, select: { id: true, joinCode: true } });
  }
  try {
    return await tx.registration.create({
      data: { ...fields, sessionId, userId, joinCode: generateSecureRandomString() },
      select: { id: true, joinCode: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(409, ALREADY_REGISTERED);
    throw error;
  }
}

/**
 * The registrant cancels their own registration. A held seat (confirmed or offered) passes to the
 * head of the waitlist in the same transaction, or is released when nobody waits or the session
 * has started; a waitlisted registration just leaves the queue.
 */
export async function cancelRegistration(actor: Actor, sessionId: string, { db = prisma, now = new Date() }: EngineOptions = {}) {
  const registration = await db.registration.findUnique({
    where: { sessionId_userId: { sessionId, userId: actor.id } },
    select: { id: true, accountId: true, status: true },
  });
  if (!registration) throw new DomainError(404, "You are not registered for this session.");
  if (registration.status === "CANCELLED")
    throw new DomainError(409, "This registration is already cancelled. You can register again while seats remain.");
  return writeTransaction(db, async (tx) => {
    const cancelled = { status: "CANCELLED", cancelledAt: now, offerTokenHash: null, offerExpiresAt: null } as const;
    let offeredTo: string | null = null;
    const heldSeat = await tx.registration.updateMany({
      where: { id: registration.id, status: { in: ["CONFIRMED", "OFFERED"] } },
      data: cancelled,
    });
    if (heldSeat.count === 1) {
      ({ offeredTo } = await passSeatOn(tx, { sessionId, fromAccountId: registration.accountId, now }));
    } else {
      const waiting = await tx.registration.updateMany({ where: { id: registration.id, status: "WAITLISTED" }, data: cancelled });
      if (waiting.count !== 1)
        throw new DomainError(409, "This registration is already cancelled. You can register again while seats remain.");
    }
    await recordEvent(tx, {
      kind: "session.cancelled",
      accountId: registration.accountId,
      userId: actor.id,
      subjectType: "session",
      subjectId: sessionId,
      occurredAt: now,
    });
    await queueRegistrationNotice(tx, registration.id, "cancelled");
    return { id: registration.id, status: "CANCELLED" as const, offeredTo };
  });
}

/**
 * A click on the registrant's join link: records the join (once) when it falls between shortly
 * before the start and the end, and gives back the meeting URL to forward to. An early click to test
 * the link is forwarded but not counted as attendance.
 */
export async function recordJoin(joinCode: string, { db = prisma, now = new Date() }: EngineOptions = {}) {
  const registration = joinCode
    ? await db.registration.findUnique({
        where: { joinCode },
        select: {
          id: true,
          userId: true,
          accountId: true,
          status: true,
          session: { select: { id: true, status: true, startsAt: true, durationMinutes: true, meetingUrl: true } },
        },
      })
    : null;
  if (!registration) throw new DomainError(404, "This join link is not valid. Check that you copied all of it.");
  const { session } = registration;
  if (session.status === "CANCELLED") throw new DomainError(410, "This session was cancelled.");
  if (registration.status === "CANCELLED")
    throw new DomainError(410, "This registration was cancelled. Register again from the session page if seats remain.");
  if (registration.status !== "CONFIRMED") {
    throw new DomainError(
      403,
      registration.status === "OFFERED"
        ? "A seat is being held for you: claim it from the offer email first."
        : "You are on the waitlist for this session. We will email you if a seat frees up.",
    );
  }
  const opens = session.startsAt.getTime() - JOIN_RECORDED_FROM_MINUTES * 60_000;
  const ends = session.startsAt.getTime() + session.durationMinutes * 60_000;
  if (now.getTime() >= opens && now.getTime() < ends) {
    await writeTransaction(db, async (tx) => {
      await tx.registration.updateMany({ where: { id: registration.id, joinedAt: null }, data: { joinedAt: now } });
      await tx.registration.update({ where: { id: registration.id }, data: { attendance: "ATTENDED" } });
      await recordEvent(tx, attendanceEvent(registration, session.id, "ATTENDED", now, { via: "join_link" }));
    });
  }
  return { meetingUrl: session.meetingUrl };
}

function attendanceEvent(
  registration: { id: string; userId: string; accountId: string | null },
  sessionId: string,
  attendance: "ATTENDED" | "NO_SHOW",
  now: Date,
  data?: Record<string, unknown>,
) {
  const kind = attendance === "ATTENDED" ? "session.attended" : "session.no_show";
  return {
    kind,
    accountId: registration.accountId,
    userId: registration.userId,
    subjectType: "session",
    subjectId: sessionId,
    data: data ?? null,
    // One per registration and kind, whether it came from the join link or the host's sheet.
    dedupeKey: `${kind}:${registration.id}`,
    occurredAt: now,
  } as const;
}

/** The host's sheet: publishers, or staff hosting this very session, mark who came. */
export async function setAttendance(
  actor: Actor,
  registrationId: string,
  attendance: AttendanceStatus,
  { db = prisma, now = new Date() }: EngineOptions = {},
) {
  if (!can(actor, "sessions.view")) throw new DomainError(404, "This registration was not found.");
  const registration = await db.registration.findUnique({
    where: { id: registrationId },
    select: {
      id: true,
      userId: true,
      accountId: true,
      sessionId: true,
      session: { select: { hosts: { where: { userId: actor.id }, select: { userId: true } } } },
    },
  });
  if (!registration) throw new DomainError(404, "This registration was not found.");
  if (!can(actor, "sessions.manage") && registration.session.hosts.length === 0) {
    throw new DomainError(403, "Only this session's hosts and publishers can mark attendance.");
  }
  await writeTransaction(db, async (tx) => {
    await tx.registration.update({ where: { id: registration.id }, data: { attendance } });
    if (attendance !== "UNKNOWN")
      await recordEvent(tx, attendanceEvent(registration, registration.sessionId, attendance, now, { via: "host_sheet" }));
  });
  return { id: registration.id, attendance };
}
