import type { Prisma } from "~/generated/prisma/client.ts";
import { getAccount } from "~/modules/accounts/accounts.server.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { BOOKING_STATUS_LABELS } from "~/modules/queue/brief.ts";
import { toCsv } from "~/utils/csv.ts";
import { prisma } from "~/utils/db.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { kindLabel } from "./events.ts";
import { humanizeSlug } from "./insights.ts";
import {
  boundAfter,
  encodeCursor,
  FILTER_LABELS,
  FILTER_SOURCES,
  mergePage,
  parseCursor,
  readFilter,
  TIMELINE_FILTERS,
  TIMELINE_PAGE_SIZE,
  truncate,
  type Bound,
  type Cursor,
  type TimelineFilter,
  type TimelineSource,
} from "./timeline.ts";

type Viewer = Actor & { timeZone: string; locale: string };

type Entry = { id: string; source: TimelineSource; at: Date; title: string; detail: string | null; who: string | null };

function timeWhere<F extends string>(field: F, bound: Bound) {
  if (bound.sameInstantBelowId) {
    const { at, id } = bound.sameInstantBelowId;
    return { OR: [{ [field]: { lt: bound.before } }, { [field]: at, id: { lt: id } }] };
  }
  if (bound.before) return { [field]: { lt: bound.before } };
  if (bound.atMost) return { [field]: { lte: bound.atMost } };
  return {};
}

async function readEvents(accountId: string, prefixes: string[] | null, cursor: Cursor | null, take: number): Promise<Entry[]> {
  const where: Prisma.EngagementEventWhereInput = {
    accountId,
    AND: [
      timeWhere("occurredAt", boundAfter("event", cursor)) as Prisma.EngagementEventWhereInput,
      prefixes ? { OR: prefixes.map((prefix) => ({ kind: { startsWith: prefix } })) } : {},
    ],
  };
  const rows = await prisma.engagementEvent.findMany({
    where,
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, kind: true, subjectType: true, subjectId: true, occurredAt: true, user: { select: { name: true } } },
  });
  const titles = await subjectTitles(rows);
  return rows.map((row) => ({
    id: row.id,
    source: "event",
    at: row.occurredAt,
    title: kindLabel(row.kind),
    detail: row.subjectId
      ? (titles.get(row.subjectId) ?? (row.subjectType === "content" || row.subjectType === "session" ? null : humanizeSlug(row.subjectId)))
      : null,
    who: row.user?.name ?? null,
  }));
}

/** Names for the page's subjects: sessions and library items by id, the demo's stand-ins by their slug. */
async function subjectTitles(rows: { subjectType: string | null; subjectId: string | null }[]) {
  const ids = (type: string) => [...new Set(rows.filter((row) => row.subjectType === type && row.subjectId).map((row) => row.subjectId!))];
  const sessionIds = ids("session");
  const contentIds = ids("content");
  const sessions = sessionIds.length
    ? await prisma.liveSession.findMany({ where: { id: { in: sessionIds } }, select: { id: true, title: true } })
    : [];
  const items = contentIds.length
    ? await prisma.contentItem.findMany({ where: { id: { in: contentIds } }, select: { id: true, title: true } })
    : [];
  return new Map([...sessions, ...items].map((row) => [row.id, row.title]));
}

async function readBookings(accountId: string, cursor: Cursor | null, take: number): Promise<Entry[]> {
  const rows = await prisma.csmBooking.findMany({
    where: { accountId, ...(timeWhere("startsAt", boundAfter("booking", cursor)) as Prisma.CsmBookingWhereInput) },
    orderBy: [{ startsAt: "desc" }, { id: "desc" }],
    take,
    select: {
      id: true,
      startsAt: true,
      status: true,
      purpose: true,
      csm: { select: { name: true } },
      bookedBy: { select: { name: true } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    source: "booking",
    at: row.startsAt,
    title: `CSM hour with ${row.csm.name} (${BOOKING_STATUS_LABELS[row.status].toLowerCase()})`,
    detail: truncate(row.purpose, 200) || null,
    who: row.bookedBy.name,
  }));
}

async function readNotes(accountId: string, cursor: Cursor | null, take: number): Promise<Entry[]> {
  const rows = await prisma.accountNote.findMany({
    where: { accountId, ...(timeWhere("createdAt", boundAfter("note", cursor)) as Prisma.AccountNoteWhereInput) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, createdAt: true, body: true, author: { select: { name: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    source: "note",
    at: row.createdAt,
    title: "Note",
    detail: truncate(row.body, 280),
    who: row.author?.name ?? null,
  }));
}

async function readPage(accountId: string, filter: TimelineFilter, cursor: Cursor | null, pageSize: number) {
  const sources = FILTER_SOURCES[filter];
  const take = pageSize + 1;
  return mergePage(
    [
      sources.events === false ? [] : await readEvents(accountId, sources.events, cursor, take),
      sources.bookings ? await readBookings(accountId, cursor, take) : [],
      sources.notes ? await readNotes(accountId, cursor, take) : [],
    ],
    pageSize,
  );
}

/** One page of the account's timeline, for the account page (?activity=<filter>&before=<cursor>). */
export async function getAccountTimeline(viewer: Viewer, accountId: string, params: URLSearchParams) {
  const account = await getAccount(viewer, accountId);
  const filter = readFilter(params.get("activity"));
  const cursor = parseCursor(params.get("before"));
  const page = await readPage(account.id, filter, cursor, TIMELINE_PAGE_SIZE);
  return {
    accountId: account.id,
    filter,
    filters: TIMELINE_FILTERS.map((value) => ({ value, label: FILTER_LABELS[value] })),
    isFirstPage: cursor === null,
    next: page.next ? encodeCursor(page.next) : null,
    items: page.items.map((item) => ({
      key: `${item.source}:${item.id}`,
      source: item.source,
      title: item.title,
      detail: item.detail,
      who: item.who,
      when: formatDateTime(item.at, viewer.timeZone, viewer.locale),
      at: item.at.toISOString(),
    })),
  };
}

export type AccountTimeline = Awaited<ReturnType<typeof getAccountTimeline>>;

/** Exports stop here: a timeline longer than this is better read through the API of a BI tool. */
export const TIMELINE_EXPORT_LIMIT = 10_000;
const EXPORT_PAGE = 500;

export async function exportTimelineCsv(viewer: Viewer, accountId: string, params: URLSearchParams) {
  const account = await getAccount(viewer, accountId);
  const filter = readFilter(params.get("activity"));
  const rows: Entry[] = [];
  let cursor: Cursor | null = null;
  while (rows.length < TIMELINE_EXPORT_LIMIT) {
    const page = await readPage(account.id, filter, cursor, EXPORT_PAGE);
    rows.push(...(page.items as Entry[]));
    if (!page.next) break;
    cursor = page.next;
  }
  const csv = toCsv(
    ["When (UTC)", "Source", "What", "Details", "Who"],
    rows.slice(0, TIMELINE_EXPORT_LIMIT).map((row) => [row.at, row.source, row.title, row.detail, row.who]),
  );
  return { filename: `lyceum-timeline-${account.name}-${filter}.csv`, csv };
}
