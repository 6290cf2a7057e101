import type { Prisma } from "~/generated/prisma/client.ts";
import { TIER_LABELS } from "~/modules/accounts/entitlements.ts";
import { can, ROLE_LABELS, type Actor } from "~/modules/auth/permissions.ts";
import type { SessionUser } from "~/modules/auth/session.server.ts";
import { listVisibleContent, type LibraryActor } from "~/modules/library/content.server.ts";
import { KIND_LABELS } from "~/modules/library/content.schema.ts";
import { prisma } from "~/utils/db.server.ts";
import { formatCalendarDate, formatDate, formatDateTime, formatMoney } from "~/utils/format.ts";
import {
  activityInWords,
  BOOKING_STATUS_LABELS,
  bookingPhase,
  daysUntil,
  excerpt,
  followUpRefusal,
  markRefusal,
  parseAnswers,
  PHASE_LABELS,
  progressInWords,
  registrationInWords,
  relativeTime,
  renewalInWords,
  renewalIsNear,
  type ActivityCount,
} from "./brief.ts";
import { formatSpan } from "./format-span.ts";
import { getHoursSummary } from "./hours-view.server.ts";

// The CSM's side of a booked hour: the list of their bookings and the brief for one, so the customer
// never has to explain themselves twice. Every query is scoped by who asks (a CSM reads only their own
// bookings; admins everyone's) and bounded by a `take`.

type Viewer = SessionUser;

const DAY_MS = 24 * 60 * 60 * 1000;
export const ACTIVITY_DAYS = 90;
const LIST_TAKE = 50;
const RECENT_DAYS = 30;

/** Defence in depth behind the route's requirePermission. */
export function assertBriefAccess(actor: Actor) {
  if (!can(actor, "queue.brief")) throw new Response("You do not have access to this page.", { status: 403 });
}

export function bookingNotFound(): never {
  throw new Response("There is no booked hour with that id, or it is not one of yours.", { status: 404, statusText: "Not Found" });
}

/** A CSM's own bookings; admins everyone's. Also the guard of every write on a booking. */
export function bookingScope(actor: Actor): Prisma.CsmBookingWhereInput {
  return can(actor, "queue.brief_all") ? {} : { csmId: actor.id };
}

// ---------------------------------------------------------------------------------------------
// The list: upcoming first, then the past hours still waiting for an outcome, then recent outcomes.

export type BookingFilters = { csmId?: string | null; accountId?: string | null };

const ROW_SELECT = {
  id: true,
  status: true,
  startsAt: true,
  endsAt: true,
  purpose: true,
  followUpSentAt: true,
  csm: { select: { id: true, name: true } },
  bookedBy: { select: { name: true } },
  account: { select: { id: true, name: true, tier: true } },
} as const satisfies Prisma.CsmBookingSelect;

type Row = Prisma.CsmBookingGetPayload<{ select: typeof ROW_SELECT }>;

function presentRow(row: Row, viewer: Viewer, now: Date) {
  const phase = bookingPhase(row, now);
  return {
    id: row.id,
    when: formatSpan(row.startsAt, row.endsAt, viewer.timeZone, viewer.locale),
    relative: relativeTime(row.startsAt, now, viewer.timeZone, viewer.locale),
    phase,
    phaseLabel: PHASE_LABELS[phase],
    account: { id: row.account.id, name: row.account.name, tierLabel: TIER_LABELS[row.account.tier] },
    bookedBy: row.bookedBy.name,
    purpose: excerpt(row.purpose, 120),
    csm: { id: row.csm.id, name: row.csm.id === viewer.id ? `${row.csm.name} (you)` : row.csm.name },
    followUpPending: (row.status === "COMPLETED" || row.status === "NO_SHOW") && !row.followUpSentAt,
  };
}

export type BookingRow = ReturnType<typeof presentRow>;

export async function listBookedHours(viewer: Viewer, filters: BookingFilters, now = new Date()) {
  assertBriefAccess(viewer);
  const all = can(viewer, "queue.brief_all");
  const csmId = all ? filters.csmId || null : viewer.id;
  const where: Prisma.CsmBookingWhereInput = {
    ...bookingScope(viewer),
    ...(csmId ? { csmId } : {}),
    ...(filters.accountId ? { accountId: filters.accountId } : {}),
  };
  const [upcoming, toClose, recent] = await Promise.all([
    prisma.csmBooking.findMany({
      where: { ...where, status: "CONFIRMED", endsAt: { gt: now } },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      take: LIST_TAKE,
      select: ROW_SELECT,
    }),
    prisma.csmBooking.findMany({
      where: { ...where, status: "CONFIRMED", endsAt: { lte: now } },
      orderBy: [{ startsAt: "desc" }, { id: "asc" }],
      take: LIST_TAKE,
      select: ROW_SELECT,
    }),
    prisma.csmBooking.findMany({
      where: {
        ...where,
        status: { in: ["COMPLETED", "NO_SHOW", "CANCELLED"] },
        startsAt: { gte: new Date(now.getTime() - RECENT_DAYS * DAY_MS), lte: now },
      },
      orderBy: [{ startsAt: "desc" }, { id: "asc" }],
      take: 20,
      select: ROW_SELECT,
    }),
  ]);
  const csms = all
    ? await prisma.user.findMany({
        where: { OR: [{ role: "CSM", deactivatedAt: null }, { id: viewer.id }, ...(csmId ? [{ id: csmId }] : [])] },
        orderBy: [{ name: "asc" }, { id: "asc" }],
        select: { id: true, name: true },
        take: 500,
      })
    : [];
  const account = filters.accountId
    ? await prisma.account.findUnique({ where: { id: filters.accountId }, select: { id: true, name: true } })
    : null;
  const present = (rows: Row[]) => rows.map((row) => presentRow(row, viewer, now));
  return {
    everyone: all,
    filters: { csmId, accountId: account?.id ?? null },
    csmOptions: csms.map((person) => ({ id: person.id, label: person.id === viewer.id ? `${person.name} (you)` : person.name })),
    account,
    upcoming: present(upcoming),
    toClose: present(toClose),
    recent: present(recent),
    recentDays: RECENT_DAYS,
    zoneLabel: viewer.timeZone.replaceAll("_", " "),
  };
}

// ---------------------------------------------------------------------------------------------
// The brief for one booking.

const BRIEF_SELECT = {
  id: true,
  status: true,
  startsAt: true,
  endsAt: true,
  timeZone: true,
  purpose: true,
  answers: true,
  routingRuleId: true,
  drawsHours: true,
  followUpSentAt: true,
  cancelledAt: true,
  cancelReason: true,
  createdAt: true,
  accountId: true,
  bookedById: true,
  csm: { select: { id: true, name: true } },
  offering: { select: { title: true, durationMinutes: true } },
  bookedBy: { select: { id: true, name: true, email: true, role: true, timeZone: true, deactivatedAt: true } },
  account: {
    select: {
      id: true,
      name: true,
      tier: true,
      plan: true,
      arrCents: true,
      currency: true,
      renewalDate: true,
      timeZone: true,
      ownerCsm: { select: { id: true, name: true, email: true } },
    },
  },
} as const satisfies Prisma.CsmBookingSelect;

/** The booking if the actor may see it: 403 without the permission, 404 when missing or someone else's. */
export async function requireBookingForStaff<S extends Prisma.CsmBookingSelect>(actor: Actor, bookingId: string, select: S) {
  assertBriefAccess(actor);
  const booking = await prisma.csmBooking.findFirst({ where: { id: bookingId, ...bookingScope(actor) }, select });
  if (!booking) bookingNotFound();
  return booking as Prisma.CsmBookingGetPayload<{ select: S }>;
}

/** A member of the account, as the library sees them: what it shows such a person is what may be recommended. */
function memberOf(accountId: string, viewer: Viewer): LibraryActor {
  return { id: `member-of:${accountId}`, role: "MEMBER", accountId, timeZone: viewer.timeZone, locale: viewer.locale };
}

async function recentActivity(accountId: string, bookerId: string, memberIds: string[], viewer: Viewer, now: Date) {
  const since = new Date(now.getTime() - ACTIVITY_DAYS * DAY_MS);
  const [events, registrations, progress, paths] = await Promise.all([
    prisma.engagementEvent.groupBy({
      by: ["userId", "kind", "subjectId"],
      where: { accountId, occurredAt: { gte: since, lte: now } },
      _count: { _all: true },
      orderBy: [{ userId: "asc" }, { kind: "asc" }, { subjectId: "asc" }],
      take: 2_000,
    }),
    prisma.registration.findMany({
      where: { userId: { in: memberIds } },
      orderBy: [{ session: { startsAt: "desc" } }, { id: "asc" }],
      take: 8,
      select: {
        id: true,
        userId: true,
        status: true,
        attendance: true,
        minutesAttended: true,
        user: { select: { name: true } },
        session: { select: { id: true, title: true, kind: true, startsAt: true } },
      },
    }),
    prisma.contentProgress.findMany({
      where: { userId: { in: memberIds } },
      orderBy: [{ lastSeenAt: "desc" }, { contentId: "asc" }],
      take: 8,
      select: {
        userId: true,
        percent: true,
        opens: true,
        downloads: true,
        completedAt: true,
        lastSeenAt: true,
        user: { select: { name: true } },
        content: { select: { id: true, slug: true, title: true, kind: true } },
      },
    }),
    prisma.learningPathCompletion.findMany({
      where: { userId: { in: memberIds } },
      orderBy: [{ completedAt: "desc" }, { pathId: "asc" }],
      take: 5,
      select: { completedAt: true, userId: true, user: { select: { name: true } }, path: { select: { id: true, title: true } } },
    }),
  ]);
  const counts = (rows: typeof events): ActivityCount[] =>
    rows.map((row) => ({ kind: row.kind, subjectId: row.subjectId, count: row._count._all }));
  const when = (date: Date) => formatDate(date, viewer.timeZone, viewer.locale);
  return {
    days: ACTIVITY_DAYS,
    booker: activityInWords(
      counts(events.filter((row) => row.userId === bookerId)),
      `Nothing recorded for them in the last ${ACTIVITY_DAYS} days.`,
    ),
    account: activityInWords(counts(events), `Nothing recorded for the account in the last ${ACTIVITY_DAYS} days.`),
    sessions: registrations.map((row) => ({
      id: row.id,
      title: row.session.title,
      kindLabel: row.session.kind === "EXPERT" ? "Expert session" : "Webinar",
      when: when(row.session.startsAt),
      outcome: registrationInWords({ ...row, sessionStartsAt: row.session.startsAt }, now),
      who: row.user.name,
      isBooker: row.userId === bookerId,
    })),
    content: progress.map((row) => ({
      id: `${row.userId}:${row.content.id}`,
      title: row.content.title,
      slug: row.content.slug,
      kindLabel: KIND_LABELS[row.content.kind],
      progress: progressInWords({ ...row, kind: row.content.kind }),
      when: when(row.lastSeenAt),
      who: row.user.name,
      isBooker: row.userId === bookerId,
    })),
    paths: paths.map((row) => ({
      id: `${row.userId}:${row.path.id}`,
      title: row.path.title,
      when: when(row.completedAt),
      who: row.user.name,
      isBooker: row.userId === bookerId,
    })),
  };
}

async function followUpCandidates(accountId: string, bookerId: string, viewer: Viewer, q: string | undefined) {
  const library = await listVisibleContent(memberOf(accountId, viewer), { q, page: 1 });
  const ids = library.items.map((item) => item.id);
  const seen = ids.length
    ? await prisma.contentProgress.findMany({ where: { userId: bookerId, contentId: { in: ids } }, select: { contentId: true } })
    : [];
  const seenIds = new Set(seen.map((row) => row.contentId));
  return library.items.map((item) => ({
    id: item.id,
    title: item.title,
    kindLabel: item.kindLabel,
    summary: excerpt(item.summary, 160),
    minutes: item.minutes,
    seen: seenIds.has(item.id),
  }));
}

/**
 * Everything the CSM reads before and after the hour: the booking, the account, who booked and what
 * they wrote, the hours balance, what the booker and their account did lately, earlier hours with
 * their outcomes, and the account's notes. `q` searches the library for the follow-up's items.
 */
export async function getBrief(viewer: Viewer, bookingId: string, { now = new Date(), q }: { now?: Date; q?: string } = {}) {
  const booking = await requireBookingForStaff(viewer, bookingId, BRIEF_SELECT);
  const { account, bookedBy } = booking;
  const members = await prisma.user.findMany({ where: { accountId: account.id }, select: { id: true }, take: 500 });
  const memberIds = [...new Set([bookedBy.id, ...members.map((member) => member.id)])];
  const [rule, hours, activity, previous, notes] = await Promise.all([
    booking.routingRuleId
      ? prisma.routingRule.findUnique({ where: { id: booking.routingRuleId }, select: { label: true, target: true, keywords: true } })
      : null,
    getHoursSummary(viewer, account.id, now),
    recentActivity(account.id, bookedBy.id, memberIds, viewer, now),
    prisma.csmBooking.findMany({
      where: { accountId: account.id, id: { not: booking.id } },
      orderBy: [{ startsAt: "desc" }, { id: "asc" }],
      take: 10,
      select: ROW_SELECT,
    }),
    prisma.accountNote.findMany({
      where: { accountId: account.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 20,
      select: { id: true, body: true, createdAt: true, bookingId: true, author: { select: { name: true } } },
    }),
  ]);

  const phase = bookingPhase(booking, now);
  const startsAtText = formatDateTime(booking.startsAt, viewer.timeZone, viewer.locale);
  const followUpBlocked = followUpRefusal(
    booking,
    booking.followUpSentAt ? formatDateTime(booking.followUpSentAt, viewer.timeZone, viewer.locale) : "",
  );
  const renewalDays = account.renewalDate ? daysUntil(account.renewalDate, now, viewer.timeZone) : null;
  const all = can(viewer, "queue.brief_all");

  return {
    booking: {
      id: booking.id,
      title: booking.offering.title,
      status: booking.status,
      statusLabel: BOOKING_STATUS_LABELS[booking.status],
      phase,
      phaseLabel: PHASE_LABELS[phase],
      when: formatSpan(booking.startsAt, booking.endsAt, viewer.timeZone, viewer.locale),
      relative: relativeTime(booking.startsAt, now, viewer.timeZone, viewer.locale),
      // The customer's own clock, when it differs from the viewer's.
      whenForBooker:
        booking.timeZone !== viewer.timeZone ? formatSpan(booking.startsAt, booking.endsAt, booking.timeZone, viewer.locale) : null,
      booked: formatDateTime(booking.createdAt, viewer.timeZone, viewer.locale),
      purpose: booking.purpose,
      answers: parseAnswers(booking.answers),
      routingRule: rule ? { label: rule.label, target: rule.target } : null,
      drawsHours: booking.drawsHours,
      csm: { id: booking.csm.id, name: booking.csm.name, self: booking.csm.id === viewer.id },
      cancelled: booking.cancelledAt
        ? { when: formatDateTime(booking.cancelledAt, viewer.timeZone, viewer.locale), reason: booking.cancelReason }
        : null,
      markBlocked: markRefusal(booking, now, startsAtText),
      followUpBlocked,
      followUpSent: booking.followUpSentAt ? formatDateTime(booking.followUpSentAt, viewer.timeZone, viewer.locale) : null,
    },
    account: {
      id: account.id,
      name: account.name,
      tier: account.tier,
      tierLabel: TIER_LABELS[account.tier],
      plan: account.plan,
      arr: formatMoney(account.arrCents, account.currency, viewer.locale),
      renewal: account.renewalDate ? formatCalendarDate(account.renewalDate, viewer.locale) : null,
      renewalIn: renewalDays === null ? null : renewalInWords(renewalDays),
      renewalNear: renewalDays === null ? false : renewalIsNear(renewalDays),
      owner: account.ownerCsm ? { name: account.ownerCsm.name, email: account.ownerCsm.email } : null,
      timeZone: account.timeZone.replaceAll("_", " "),
    },
    booker: {
      name: bookedBy.name,
      roleLabel: ROLE_LABELS[bookedBy.role],
      email: bookedBy.email,
      timeZone: booking.timeZone.replaceAll("_", " "),
      deactivated: bookedBy.deactivatedAt !== null,
    },
    hours,
    activity,
    previous: previous.map((row) => ({
      ...presentRow(row, viewer, now),
      outcome: BOOKING_STATUS_LABELS[row.status],
      canOpen: all || row.csm.id === viewer.id,
    })),
    notes: notes.map((note) => ({
      id: note.id,
      body: note.body,
      author: note.author?.name ?? "A former colleague",
      when: formatDateTime(note.createdAt, viewer.timeZone, viewer.locale),
      fromThisHour: note.bookingId === booking.id,
    })),
    followUp: {
      q: q ?? "",
      candidates: followUpBlocked ? [] : await followUpCandidates(account.id, bookedBy.id, viewer, q),
    },
  };
}

export type Brief = Awaited<ReturnType<typeof getBrief>>;
