import { audienceIncludes } from "~/modules/accounts/audience.ts";
import type { z } from "zod";
import { intentOf, runForm, unknownIntent } from "~/modules/accounts/form-action.server.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import type { SessionUser } from "~/modules/auth/session.server.ts";
import { recordEvent } from "~/modules/engagement/events.server.ts";
import { Prisma, prisma, writeTransaction } from "~/utils/db.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { formatDuration, sessionPhase, type SessionPhase } from "./session-phase.ts";
import {
  AskQuestionSchema,
  CreatePollSchema,
  PollIdSchema,
  PollVoteSchema,
  QuestionIdSchema,
  type ATTENDEE_INTENTS,
  type HOST_INTENTS,
} from "./live.schema.ts";
import { sessionEnd } from "./schedule.ts";
import { assertSessionRight, sessionNotFound } from "./sessions.server.ts";
import { customerTier } from "~/modules/library/viewer.server.ts";

export type LiveViewer = Pick<SessionUser, "id" | "role" | "accountId" | "timeZone" | "locale">;

export const PHASE_LABELS: Record<SessionPhase, string> = {
  upcoming: "Upcoming",
  soon: "Starting soon",
  live: "Live now",
  ended: "Ended",
  cancelled: "Cancelled",
};

export const ALREADY_VOTED = "You already voted in this poll. Results update as others vote.";

const SESSION_SELECT = {
  id: true,
  title: true,
  status: true,
  startsAt: true,
  durationMinutes: true,
  timeZone: true,
  audienceTiers: true,
} as const satisfies Prisma.LiveSessionSelect;

type LiveSessionRow = Prisma.LiveSessionGetPayload<{ select: typeof SESSION_SELECT }>;

function isUniqueViolation(error: unknown) {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

function customerNotFound(): never {
  throw new Response("This session does not exist, or it is not open to your account.", { status: 404, statusText: "Not Found" });
}

function presentSession(session: LiveSessionRow, viewer: LiveViewer, now: Date) {
  const phase = sessionPhase(session, now);
  return {
    id: session.id,
    title: session.title,
    phase,
    phaseLabel: PHASE_LABELS[phase],
    when: `${formatDateTime(session.startsAt, viewer.timeZone, viewer.locale)} · ${formatDuration(session.durationMinutes)}`,
  };
}

/** Questions stay open from registration until the session ends; a cancelled session takes none. */
function questionsClosedReason(session: LiveSessionRow, now: Date): string | null {
  if (session.status === "CANCELLED") return "This session was cancelled, so it no longer takes questions.";
  if (now >= sessionEnd(session.startsAt, session.durationMinutes)) {
    return "This session has ended, so it no longer takes questions. Watch for the follow-up email.";
  }
  return null;
}

/**
 * Only people holding a confirmed seat take part. Someone who cannot see the session at all gets the
 * same 404 as the catalogue; someone who can see it but has no confirmed seat gets a 403.
 */
async function requireAttendee(viewer: LiveViewer, sessionId: string) {
  assertSessionRight(viewer, "sessions.register");
  const [session, registration, tier] = await Promise.all([
    prisma.liveSession.findFirst({ where: { id: sessionId, status: { in: ["PUBLISHED", "CANCELLED"] } }, select: SESSION_SELECT }),
    prisma.registration.findUnique({
      where: { sessionId_userId: { sessionId, userId: viewer.id } },
      select: { status: true, accountId: true },
    }),
    customerTier(viewer),
  ]);
  if (!session) customerNotFound();
  const registered = registration !== null && registration.status !== "CANCELLED";
  const visible = session.status === "PUBLISHED" ? audienceIncludes(session.audienceTiers, tier) || registered : registration !== null;
  if (!visible) customerNotFound();
  if (registration?.status !== "CONFIRMED") {
    throw new Response("Questions and polls are for people with a confirmed seat. Register for the session first.", {
      status: 403,
      statusText: "Forbidden",
    });
  }
  return { session, accountId: registration.accountId ?? viewer.accountId };
}

/** Staff may look; running the Q&A and polls takes sessions.manage or being one of the session's hosts. */
async function requireHostView(actor: Actor, sessionId: string, { write }: { write: boolean }) {
  assertSessionRight(actor, "sessions.view");
  const [session, host] = await Promise.all([
    prisma.liveSession.findUnique({ where: { id: sessionId }, select: SESSION_SELECT }),
    prisma.liveSessionHost.findUnique({ where: { sessionId_userId: { sessionId, userId: actor.id } }, select: { userId: true } }),
  ]);
  if (!session) sessionNotFound();
  const canRun = can(actor, "sessions.manage") || host !== null;
  if (write && !canRun) {
    throw new Response("Only the session's hosts and publishers can run its questions and polls.", {
      status: 403,
      statusText: "Forbidden",
    });
  }
  return { session, canRun };
}

function refuseIfCancelled(session: LiveSessionRow) {
  if (session.status === "CANCELLED") {
    throw new DomainError(409, "This session was cancelled, so its questions and polls can no longer change.");
  }
}

// Most votes first; among equals, the earlier question (it has waited longer).
const QUESTION_ORDER = [
  { votes: { _count: "desc" } },
  { createdAt: "asc" },
  { id: "asc" },
] as const satisfies Prisma.SessionQuestionOrderByWithRelationInput[];

function pollSelect(viewerId: string) {
  return {
    id: true,
    question: true,
    status: true,
    createdAt: true,
    options: {
      orderBy: [{ position: "asc" }, { id: "asc" }],
      select: { id: true, label: true, _count: { select: { votes: true } } },
    },
    votes: { where: { userId: viewerId }, select: { optionId: true } },
  } as const satisfies Prisma.PollSelect;
}

type PollRow = Prisma.PollGetPayload<{ select: ReturnType<typeof pollSelect> }>;

export type PollResults = {
  id: string;
  question: string;
  status: PollRow["status"];
  total: number;
  myOptionId: string | null;
  options: { id: string; label: string; votes: number; percent: number }[];
};

export function presentPoll(poll: PollRow): PollResults {
  const total = poll.options.reduce((sum, option) => sum + option._count.votes, 0);
  return {
    id: poll.id,
    question: poll.question,
    status: poll.status,
    total,
    myOptionId: poll.votes[0]?.optionId ?? null,
    options: poll.options.map((option) => ({
      id: option.id,
      label: option.label,
      votes: option._count.votes,
      percent: total ? Math.round((option._count.votes / total) * 100) : 0,
    })),
  };
}

export async function getLiveAttendeePage(viewer: LiveViewer, sessionId: string, now = new Date()) {
  const { session } = await requireAttendee(viewer, sessionId);
  const [questions, polls] = await Promise.all([
    prisma.sessionQuestion.findMany({
      where: { sessionId },
      orderBy: QUESTION_ORDER,
      select: {
        id: true,
        body: true,
        userId: true,
        answeredAt: true,
        createdAt: true,
        _count: { select: { votes: true } },
        votes: { where: { userId: viewer.id }, select: { userId: true } },
      },
    }),
    prisma.poll.findMany({
      where: { sessionId, status: { in: ["OPEN", "CLOSED"] } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: pollSelect(viewer.id),
    }),
  ]);
  const closedReason = questionsClosedReason(session, now);
  const presented = polls.map(presentPoll);
  return {
    session: presentSession(session, viewer, now),
    questionsClosedReason: closedReason,
    // Other attendees may be from other companies: questions are shown without their authors.
    questions: questions.map((question) => ({
      id: question.id,
      body: question.body,
      mine: question.userId === viewer.id,
      answered: question.answeredAt !== null,
      votes: question._count.votes,
      votedByMe: question.votes.length > 0,
      asked: formatDateTime(question.createdAt, viewer.timeZone, viewer.locale),
    })),
    openPoll: presented.find((poll) => poll.status === "OPEN") ?? null,
    closedPolls: presented.filter((poll) => poll.status === "CLOSED"),
  };
}

export async function getLiveHostPage(actor: LiveViewer, sessionId: string, now = new Date()) {
  const { session, canRun } = await requireHostView(actor, sessionId, { write: false });
  const [questions, polls] = await Promise.all([
    prisma.sessionQuestion.findMany({
      where: { sessionId },
      orderBy: QUESTION_ORDER,
      select: {
        id: true,
        body: true,
        answeredAt: true,
        createdAt: true,
        _count: { select: { votes: true } },
        user: { select: { name: true, account: { select: { name: true } } } },
      },
    }),
    prisma.poll.findMany({ where: { sessionId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: pollSelect(actor.id) }),
  ]);
  return {
    session: { ...presentSession(session, actor, now), cancelled: session.status === "CANCELLED" },
    canRun,
    questions: questions.map((question) => ({
      id: question.id,
      body: question.body,
      answered: question.answeredAt !== null,
      votes: question._count.votes,
      askedBy: question.user.account ? `${question.user.name} (${question.user.account.name})` : question.user.name,
      asked: formatDateTime(question.createdAt, actor.timeZone, actor.locale),
    })),
    polls: polls.map(presentPoll),
  };
}

export async function askQuestion(viewer: LiveViewer, sessionId: string, body: string, now = new Date()) {
  const { session, accountId } = await requireAttendee(viewer, sessionId);
  const closed = questionsClosedReason(session, now);
  if (closed) throw new DomainError(409, closed);
  return prisma.$transaction(async (tx) => {
    const question = await tx.sessionQuestion.create({
      data: { sessionId, userId: viewer.id, body, createdAt: now },
      select: { id: true },
    });
    await recordEvent(tx, {
      kind: "session.question_asked",
      accountId,
      userId: viewer.id,
      subjectType: "session",
      subjectId: sessionId,
      dedupeKey: `question:${question.id}`,
      occurredAt: now,
    });
    return question;
  });
}

/** One upvote per person, held by the primary key: voting again changes nothing. Returns whether it counted. */
export async function upvoteQuestion(viewer: LiveViewer, sessionId: string, questionId: string, now = new Date()) {
  const { session } = await requireAttendee(viewer, sessionId);
  const closed = questionsClosedReason(session, now);
  if (closed) throw new DomainError(409, closed);
  const question = await prisma.sessionQuestion.findFirst({ where: { id: questionId, sessionId }, select: { id: true } });
  if (!question) throw new DomainError(404, "That question is no longer here. Refresh the page.");
  try {
    await prisma.questionVote.create({ data: { questionId, userId: viewer.id, createdAt: now } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** One vote per person and poll, held by the primary key; a second vote is refused, not changed. */
export async function votePoll(viewer: LiveViewer, sessionId: string, pollId: string, optionId: string, now = new Date()) {
  const { accountId } = await requireAttendee(viewer, sessionId);
  try {
    await writeTransaction(prisma, async (tx) => {
      // Read inside the write so a vote cannot slip in after the host closed the poll.
      const poll = await tx.poll.findFirst({
        where: { id: pollId, sessionId },
        select: { status: true, options: { where: { id: optionId }, select: { id: true } } },
      });
      if (!poll || poll.status === "DRAFT") throw new DomainError(404, "That poll is no longer here. Refresh the page.");
      if (poll.status === "CLOSED") throw new DomainError(409, "This poll has closed. Its results are below.");
      if (poll.options.length === 0) throw new DomainError(400, "Choose one of the poll's answers.", "optionId");
      await tx.pollVote.create({ data: { pollId, optionId, userId: viewer.id } });
      await recordEvent(tx, {
        kind: "session.poll_answered",
        accountId,
        userId: viewer.id,
        subjectType: "session",
        subjectId: sessionId,
        data: { pollId },
        dedupeKey: `poll:${pollId}:${viewer.id}`,
        occurredAt: now,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(409, ALREADY_VOTED);
    throw error;
  }
}

export async function setQuestionAnswered(actor: Actor, sessionId: string, questionId: string, answered: boolean, now = new Date()) {
  const { session } = await requireHostView(actor, sessionId, { write: true });
  refuseIfCancelled(session);
  const changed = await prisma.sessionQuestion.updateMany({
    where: { id: questionId, sessionId },
    data: { answeredAt: answered ? now : null },
  });
  if (changed.count === 0) throw new DomainError(404, "That question is no longer here. Refresh the page.");
}

export async function createPoll(actor: Actor, sessionId: string, values: z.output<typeof CreatePollSchema>) {
  const { session } = await requireHostView(actor, sessionId, { write: true });
  refuseIfCancelled(session);
  return prisma.poll.create({
    data: {
      sessionId,
      question: values.question,
      options: { create: values.options.map((label, position) => ({ label, position })) },
    },
    select: { id: true },
  });
}

/** Attendees see one poll at a time, so opening a poll closes whichever was open, in the same write. */
export async function openPoll(actor: Actor, sessionId: string, pollId: string) {
  const { session } = await requireHostView(actor, sessionId, { write: true });
  refuseIfCancelled(session);
  await writeTransaction(prisma, async (tx) => {
    const poll = await tx.poll.findFirst({ where: { id: pollId, sessionId }, select: { id: true } });
    if (!poll) throw new DomainError(404, "That poll is no longer here. Refresh the page.");
    await tx.poll.updateMany({ where: { sessionId, status: "OPEN", id: { not: pollId } }, data: { status: "CLOSED" } });
    await tx.poll.update({ where: { id: pollId }, data: { status: "OPEN" } });
  });
}

export async function closePoll(actor: Actor, sessionId: string, pollId: string) {
  await requireHostView(actor, sessionId, { write: true });
  const poll = await prisma.poll.findFirst({ where: { id: pollId, sessionId }, select: { status: true } });
  if (!poll) throw new DomainError(404, "That poll is no longer here. Refresh the page.");
  if (poll.status === "DRAFT") throw new DomainError(409, "This poll was never opened. Open it first, or leave it as a draft.");
  await prisma.poll.updateMany({ where: { id: pollId, status: "OPEN" }, data: { status: "CLOSED" } });
}

type AttendeeIntent = (typeof ATTENDEE_INTENTS)[number];
type HostIntent = (typeof HOST_INTENTS)[number];

export async function handleLiveAttendeeAction(viewer: LiveViewer, sessionId: string, formData: FormData) {
  const intent = intentOf(formData) as AttendeeIntent;
  switch (intent) {
    case "ask":
      return runForm(formData, intent, AskQuestionSchema, async ({ body }) => {
        await askQuestion(viewer, sessionId, body);
        return "Your question is in. Others can now upvote it.";
      });
    case "upvote":
      return runForm(formData, intent, QuestionIdSchema, async ({ questionId }) =>
        (await upvoteQuestion(viewer, sessionId, questionId)) ? "Upvoted." : "You already upvoted that question.",
      );
    case "vote":
      return runForm(formData, intent, PollVoteSchema, async ({ pollId, optionId }) => {
        await votePoll(viewer, sessionId, pollId, optionId);
        return "Thanks for voting. Results update as others vote.";
      });
    default:
      unknownIntent();
  }
}

export async function handleLiveHostAction(actor: Actor, sessionId: string, formData: FormData) {
  const intent = intentOf(formData) as HostIntent;
  switch (intent) {
    case "answer":
    case "reopen":
      return runForm(formData, intent, QuestionIdSchema, async ({ questionId }) => {
        await setQuestionAnswered(actor, sessionId, questionId, intent === "answer");
        return intent === "answer" ? "Marked as answered." : "Reopened: the question is back in the queue.";
      });
    case "create-poll":
      return runForm(formData, intent, CreatePollSchema, async (values) => {
        await createPoll(actor, sessionId, values);
        return "Poll saved as a draft. Open it when you are ready for attendees to vote.";
      });
    case "open-poll":
      return runForm(formData, intent, PollIdSchema, async ({ pollId }) => {
        await openPoll(actor, sessionId, pollId);
        return "Poll opened: attendees can vote now. Any other open poll was closed.";
      });
    case "close-poll":
      return runForm(formData, intent, PollIdSchema, async ({ pollId }) => {
        await closePoll(actor, sessionId, pollId);
        return "Poll closed: attendees now see its final results.";
      });
    default:
      unknownIntent();
  }
}
