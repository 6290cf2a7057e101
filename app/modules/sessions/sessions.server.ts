import type { LiveSessionKind } from "~/generated/prisma/enums.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import { can, ROLE_LABELS, STAFF_ROLES, type Actor, type Permission } from "~/modules/auth/permissions.ts";
import { prisma, writeTransaction, type Tx } from "~/utils/db.server.ts";
import { isValidTimeZone } from "~/utils/format.ts";
import { notifySessionChanged } from "./notifications.server.ts";
import { passSeatOn } from "./offers.server.ts";
import { seriesStarts, sessionEnd, utcToZonedParts, zonedLocalToUtc } from "./schedule.ts";
import { BUILT_IN_QUESTION, type SessionEditorDefaults, type SessionValues } from "./session.schema.ts";

export type SessionChange = "rescheduled" | "updated";

/** Defence in depth behind the route's requirePermission: a module never trusts its caller. */
export function assertSessionRight(actor: Actor, permission: Permission) {
  if (!can(actor, permission)) throw new Response("You do not have access to this page.", { status: 403 });
}

export function sessionNotFound(): never {
  throw new Response("There is no session with that id. It may have been removed.", { status: 404 });
}

const cancelledRefusal = () =>
  new DomainError(409, "This session was cancelled, so it can no longer be changed. Create a new session instead.");

export function timeZoneChoices(current?: string | null): string[] {
  const zones = new Set(["UTC", ...Intl.supportedValuesOf("timeZone")]);
  if (current) zones.add(current);
  return [...zones];
}

/** Hosts to choose from: active staff, plus anyone already hosting (a deactivated host stays listed). */
export async function sessionEditorOptions(actor: Actor, currentHostIds: string[] = [], currentZone?: string) {
  assertSessionRight(actor, "sessions.manage");
  const staff = await prisma.user.findMany({
    where: { role: { in: [...STAFF_ROLES] }, OR: [{ deactivatedAt: null }, { id: { in: currentHostIds } }] },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, email: true, role: true },
    take: 500,
  });
  return {
    staff: staff.map((user) => ({ id: user.id, name: user.name, email: user.email, roleLabel: ROLE_LABELS[user.role] })),
    timeZones: timeZoneChoices(currentZone),
  };
}

export function newSessionDefaults(viewer: { id: string; role: Actor["role"]; timeZone: string }): SessionEditorDefaults {
  return {
    kind: "WEBINAR",
    title: "",
    description: "",
    topics: "",
    hostIds: (STAFF_ROLES as readonly string[]).includes(viewer.role) ? [viewer.id] : [],
    startDate: "",
    startTime: "",
    timeZone: isValidTimeZone(viewer.timeZone) ? viewer.timeZone : "UTC",
    durationMinutes: "60",
    meetingUrl: "",
    audienceTiers: [],
    seatCap: "",
    perAccountCap: "",
    feedbackKind: "CSAT",
    questions: [],
  };
}

/** The editor's starting values for an existing session, its start shown in the zone it was written in. */
export async function getSessionForEdit(actor: Actor, sessionId: string) {
  assertSessionRight(actor, "sessions.manage");
  const session = await prisma.liveSession.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      kind: true,
      status: true,
      title: true,
      description: true,
      startsAt: true,
      durationMinutes: true,
      timeZone: true,
      meetingUrl: true,
      audienceTiers: true,
      seatCap: true,
      perAccountCap: true,
      feedbackKind: true,
      seatsTaken: true,
      seriesId: true,
      hosts: { select: { userId: true } },
      topics: { select: { topic: true }, orderBy: { topic: "asc" } },
      questions: { select: { id: true, label: true, required: true, long: true }, orderBy: { position: "asc" } },
    },
  });
  if (!session) sessionNotFound();
  if (session.status === "CANCELLED") {
    throw new Response("This session was cancelled, so it can no longer be edited. Create a new session instead.", { status: 409 });
  }
  const local = utcToZonedParts(session.startsAt, isValidTimeZone(session.timeZone) ? session.timeZone : "UTC");
  const defaults: SessionEditorDefaults = {
    kind: session.kind,
    title: session.title,
    description: session.description,
    topics: session.topics.map((row) => row.topic).join(", "),
    hostIds: session.hosts.map((row) => row.userId),
    startDate: local.date,
    startTime: local.time,
    timeZone: session.timeZone,
    durationMinutes: String(session.durationMinutes),
    meetingUrl: session.meetingUrl,
    audienceTiers: session.audienceTiers
      .split(",")
      .filter((tier): tier is SessionEditorDefaults["audienceTiers"][number] => ["HIGH", "LOW", "TECH"].includes(tier)),
    seatCap: session.seatCap === null ? "" : String(session.seatCap),
    perAccountCap: session.perAccountCap === null ? "" : String(session.perAccountCap),
    feedbackKind: session.feedbackKind,
    questions: session.questions.filter((row) => !row.long).map(({ id, label, required }) => ({ id, label, required })),
  };
  return {
    session: { id: session.id, title: session.title, status: session.status, seatsTaken: session.seatsTaken, seriesId: session.seriesId },
    defaults,
  };
}

function startOf(values: SessionValues, date = values.startDate): Date {
  try {
    return zonedLocalToUtc(date, values.startTime, values.timeZone);
  } catch {
    throw new DomainError(400, "Enter a real date and time.", "startDate");
  }
}

function sessionFields(values: SessionValues, startsAt: Date) {
  return {
    kind: values.kind,
    title: values.title,
    description: values.description,
    startsAt,
    durationMinutes: values.durationMinutes,
    timeZone: values.timeZone,
    meetingUrl: values.meetingUrl,
    audienceTiers: values.audienceTiers.join(","),
    seatCap: values.seatCap,
    perAccountCap: values.perAccountCap,
    // Answers already given keep the kind they were given in; only new answers use the new scale.
    feedbackKind: values.feedbackKind,
  };
}

// A host must be active staff; somebody already hosting may stay even if deactivated since, so an
// unrelated edit does not fail on them.
async function checkHosts(tx: Tx, hostIds: string[], keep: string[]) {
  const found = await tx.user.count({
    where: { id: { in: hostIds }, role: { in: [...STAFF_ROLES] }, OR: [{ deactivatedAt: null }, { id: { in: keep } }] },
  });
  if (found !== hostIds.length) throw new DomainError(400, "Choose hosts from the list of active staff.", "hostIds");
}

/** The expert session's built-in question first, then the publisher's own, in the order typed. */
function questionRows(kind: LiveSessionKind, extras: SessionValues["questions"]) {
  const builtIn = kind === "EXPERT" ? [{ label: BUILT_IN_QUESTION, required: true, long: true, position: 0 }] : [];
  return [
    ...builtIn,
    ...extras.map((row, index) => ({ label: row.label, required: row.required, long: false, position: builtIn.length + index })),
  ];
}

/**
 * Creates one session, or with `repeat` a series and one session per occurrence, each with its own
 * seats and registrations. Every occurrence keeps the host's wall-clock time across DST changes.
 * Sessions start as drafts: nobody sees them until published.
 */
export async function createSessions(actor: Actor, values: SessionValues, now = new Date()) {
  assertSessionRight(actor, "sessions.manage");
  const starts = values.repeat
    ? seriesStarts({ firstDate: values.startDate, time: values.startTime, timeZone: values.timeZone, ...values.repeat })
    : [startOf(values)];
  if (starts[0]!.getTime() <= now.getTime()) throw new DomainError(400, "Choose a start in the future.", "startDate");
  return writeTransaction(prisma, async (tx) => {
    await checkHosts(tx, values.hostIds, []);
    const series = values.repeat
      ? await tx.liveSessionSeries.create({ data: { title: values.title, ...values.repeat }, select: { id: true } })
      : null;
    const ids: string[] = [];
    for (const startsAt of starts) {
      const session = await tx.liveSession.create({
        data: {
          ...sessionFields(values, startsAt),
          seriesId: series?.id ?? null,
          createdById: actor.id,
          hosts: { create: values.hostIds.map((userId) => ({ userId })) },
          topics: { create: values.topics.map((topic) => ({ topic })) },
          questions: { create: questionRows(values.kind, values.questions) },
        },
        select: { id: true },
      });
      ids.push(session.id);
    }
    return { ids, seriesId: series?.id ?? null };
  });
}

// Existing questions are updated in place so the answers registrants already gave (keyed by question
// id) stay attached; rows the publisher cleared are removed.
async function syncQuestions(
  tx: Tx,
  sessionId: string,
  kind: LiveSessionKind,
  extras: SessionValues["questions"],
  existing: { id: string; long: boolean }[],
) {
  const builtIn = existing.find((row) => row.long);
  if (kind === "EXPERT" && !builtIn) {
    await tx.registrationQuestion.create({ data: { sessionId, label: BUILT_IN_QUESTION, required: true, long: true, position: 0 } });
  }
  if (kind === "WEBINAR" && builtIn) await tx.registrationQuestion.delete({ where: { id: builtIn.id } });
  const offset = kind === "EXPERT" ? 1 : 0;
  const editable = new Set(existing.filter((row) => !row.long).map((row) => row.id));
  const kept: string[] = [];
  for (const [index, row] of extras.entries()) {
    const data = { label: row.label, required: row.required, position: offset + index };
    if (row.id && editable.has(row.id) && !kept.includes(row.id)) {
      await tx.registrationQuestion.update({ where: { id: row.id }, data });
      kept.push(row.id);
    } else {
      const created = await tx.registrationQuestion.create({ data: { ...data, sessionId, long: false }, select: { id: true } });
      kept.push(created.id);
    }
  }
  await tx.registrationQuestion.deleteMany({ where: { sessionId, long: false, id: { notIn: kept } } });
}

/**
 * Saves the editor. On a published session a new start or duration is a reschedule and a new title
 * or meeting link an update: either raises the iCalendar SEQUENCE and tells registrants, in the same
 * transaction as the change.
 */
export async function updateSession(actor: Actor, sessionId: string, values: SessionValues, now = new Date()) {
  assertSessionRight(actor, "sessions.manage");
  const startsAt = startOf(values);
  return writeTransaction(prisma, async (tx) => {
    const current = await tx.liveSession.findUnique({
      where: { id: sessionId },
      select: {
        status: true,
        startsAt: true,
        durationMinutes: true,
        title: true,
        meetingUrl: true,
        hosts: { select: { userId: true } },
        questions: { select: { id: true, long: true } },
      },
    });
    if (!current) sessionNotFound();
    if (current.status === "CANCELLED") throw cancelledRefusal();
    const moved = startsAt.getTime() !== current.startsAt.getTime();
    if (moved && startsAt.getTime() <= now.getTime()) throw new DomainError(400, "Choose a start in the future.", "startDate");
    await checkHosts(
      tx,
      values.hostIds,
      current.hosts.map((row) => row.userId),
    );
    const rescheduled = moved || values.durationMinutes !== current.durationMinutes;
    const retitled = values.title !== current.title || values.meetingUrl !== current.meetingUrl;
    const change: SessionChange | null = current.status !== "PUBLISHED" ? null : rescheduled ? "rescheduled" : retitled ? "updated" : null;

    // The seat counter is only ever changed by conditional writes, so this one decides whether the
    // new cap still fits the seats taken at this instant.
    const written = await tx.liveSession.updateMany({
      where: { id: sessionId, status: { not: "CANCELLED" }, ...(values.seatCap === null ? {} : { seatsTaken: { lte: values.seatCap } }) },
      data: { ...sessionFields(values, startsAt), ...(change ? { sequence: { increment: 1 } } : {}) },
    });
    if (written.count === 0) {
      const latest = await tx.liveSession.findUnique({ where: { id: sessionId }, select: { status: true, seatsTaken: true } });
      if (!latest) sessionNotFound();
      if (latest.status === "CANCELLED") throw cancelledRefusal();
      const taken = latest.seatsTaken;
      throw new DomainError(
        409,
        `${taken} seats are already taken, so the seat cap cannot go below ${taken}. Keep it at ${taken} or more, or cancel registrations first.`,
        "seatCap",
      );
    }
    await tx.liveSessionHost.deleteMany({ where: { sessionId } });
    await tx.liveSessionHost.createMany({ data: values.hostIds.map((userId) => ({ sessionId, userId })) });
    await tx.liveSessionTopic.deleteMany({ where: { sessionId } });
    await tx.liveSessionTopic.createMany({ data: values.topics.map((topic) => ({ sessionId, topic })) });
    await syncQuestions(tx, sessionId, values.kind, values.questions, current.questions);
    if (change) await notifySessionChanged(tx, sessionId, change);
    const offered = current.status === "PUBLISHED" ? await offerNewSeats(tx, sessionId, now) : 0;
    return { change, offered };
  });
}

/**
 * A raised (or removed) cap frees seats: each goes to the head of the waitlist as a time-limited offer,
 * exactly as when a registrant cancels. The seat is taken with the same conditional write as a
 * registration, then handed to the offer engine, which gives it back when nobody eligible is waiting.
 */
async function offerNewSeats(tx: Tx, sessionId: string, now: Date) {
  let offered = 0;
  const waiting = await tx.registration.count({ where: { sessionId, status: "WAITLISTED" } });
  for (let index = 0; index < waiting; index++) {
    const taken = await tx.$executeRaw`
      UPDATE "LiveSession" SET "seatsTaken" = "seatsTaken" + 1
      WHERE "id" = ${sessionId} AND ("seatCap" IS NULL OR "seatsTaken" < "seatCap")`;
    if (taken !== 1) break;
    const { offeredTo } = await passSeatOn(tx, { sessionId, fromAccountId: null, now });
    if (!offeredTo) break;
    offered++;
  }
  return offered;
}

/**
 * Opens a draft for registration; with `wholeSeries`, every draft of its series that has not started.
 * Returns how many sessions were published.
 */
export async function publishSession(actor: Actor, sessionId: string, options: { wholeSeries?: boolean } = {}, now = new Date()) {
  assertSessionRight(actor, "sessions.manage");
  return writeTransaction(prisma, async (tx) => {
    const session = await tx.liveSession.findUnique({ where: { id: sessionId }, select: { status: true, startsAt: true, seriesId: true } });
    if (!session) sessionNotFound();
    if (session.status === "CANCELLED") throw cancelledRefusal();
    if (session.status === "PUBLISHED") throw new DomainError(409, "This session is already published.");
    if (session.startsAt.getTime() <= now.getTime()) {
      throw new DomainError(409, "This session's start has passed. Edit it to a future start, then publish.");
    }
    const scope = options.wholeSeries && session.seriesId ? { seriesId: session.seriesId } : { id: sessionId };
    const published = await tx.liveSession.updateMany({
      where: { ...scope, status: "DRAFT", startsAt: { gt: now } },
      data: { status: "PUBLISHED", publishedAt: now },
    });
    return published.count;
  });
}

/**
 * Cancels for everybody: registrants are told (METHOD:CANCEL with a raised SEQUENCE) and reminders are
 * dropped by the notifier, all in the transaction that flips the status.
 */
export async function cancelSession(actor: Actor, sessionId: string, now = new Date()) {
  assertSessionRight(actor, "sessions.manage");
  await writeTransaction(prisma, async (tx) => {
    const session = await tx.liveSession.findUnique({
      where: { id: sessionId },
      select: { status: true, startsAt: true, durationMinutes: true },
    });
    if (!session) sessionNotFound();
    if (session.status === "CANCELLED") throw new DomainError(409, "This session is already cancelled.");
    if (sessionEnd(session.startsAt, session.durationMinutes).getTime() <= now.getTime()) {
      throw new DomainError(409, "This session has already taken place, so it cannot be cancelled.");
    }
    const cancelled = await tx.liveSession.updateMany({
      where: { id: sessionId, status: { not: "CANCELLED" } },
      data: { status: "CANCELLED", cancelledAt: now, sequence: { increment: 1 } },
    });
    if (cancelled.count === 0) throw new DomainError(409, "This session is already cancelled.");
    await notifySessionChanged(tx, sessionId, "cancelled");
  });
}
