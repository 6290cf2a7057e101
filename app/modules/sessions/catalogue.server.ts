import { audienceWhere } from "~/modules/accounts/audience.ts";
import type { LiveSessionKind, RegistrationStatus } from "~/generated/prisma/enums.ts";
import type { SessionUser } from "~/modules/auth/session.server.ts";
import { customerTier } from "~/modules/library/viewer.server.ts";
import { prisma, type Prisma } from "~/utils/db.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { rememberForRequest } from "~/utils/request-scope.server.ts";
import { KIND_LABELS, VIEWER_STATUS_LABELS, type CatalogueQuery, type ViewerStatus } from "./catalogue.schema.ts";
import { addLocalDays, sessionEnd, zonedLocalToUtc } from "./schedule.ts";
import { formatDuration, seatsLabel, sessionPhase, type SessionPhase } from "./session-phase.ts";

export type Viewer = Pick<SessionUser, "id" | "name" | "email" | "role" | "accountId" | "timeZone" | "locale">;

export const CATALOGUE_PAGE_SIZE = 20;
const MINUTE_MS = 60_000;

// Statuses in which a registration still holds (or waits for) a place.
const ACTIVE_REGISTRATION: RegistrationStatus[] = ["CONFIRMED", "WAITLISTED", "OFFERED"];

/** How far back a session that is still running can have started. */
function longestRunningWindow(): Promise<number> {
  // The catalogue and "my registrations" both ask, side by side, for the same page.
  return rememberForRequest("sessions:longest-running-window", async () => {
    const longest = await prisma.liveSession.aggregate({ where: { status: "PUBLISHED" }, _max: { durationMinutes: true } });
    return (longest._max.durationMinutes ?? 0) * MINUTE_MS;
  });
}

export async function hostNames(sessionIds: string[]) {
  const hosts = await prisma.liveSessionHost.findMany({
    where: { sessionId: { in: sessionIds } },
    select: { sessionId: true, user: { select: { name: true } } },
  });
  const bySession = new Map<string, string[]>();
  for (const host of hosts) bySession.set(host.sessionId, [...(bySession.get(host.sessionId) ?? []), host.user.name]);
  for (const list of bySession.values()) list.sort((a, b) => a.localeCompare(b));
  return bySession;
}

const CARD_SELECT = {
  id: true,
  kind: true,
  status: true,
  title: true,
  startsAt: true,
  durationMinutes: true,
  seatCap: true,
  seatsTaken: true,
  topics: { select: { topic: true }, orderBy: { topic: "asc" } },
} as const satisfies Prisma.LiveSessionSelect;

type CardRow = Prisma.LiveSessionGetPayload<{ select: typeof CARD_SELECT }>;

export type CatalogueCard = {
  id: string;
  kind: LiveSessionKind;
  kindLabel: string;
  title: string;
  topics: string[];
  startsAt: string;
  when: string;
  duration: string;
  hosts: string[];
  seats: string | null;
  full: boolean;
  phase: SessionPhase;
  viewerStatus: ViewerStatus | null;
};

function presentCard(
  row: CardRow,
  viewer: Viewer,
  now: Date,
  hosts: Map<string, string[]>,
  statuses: Map<string, RegistrationStatus>,
): CatalogueCard {
  const status = statuses.get(row.id);
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: KIND_LABELS[row.kind],
    title: row.title,
    topics: row.topics.map((topic) => topic.topic),
    startsAt: row.startsAt.toISOString(),
    when: formatDateTime(row.startsAt, viewer.timeZone, viewer.locale),
    duration: formatDuration(row.durationMinutes),
    hosts: hosts.get(row.id) ?? [],
    seats: seatsLabel(row.seatCap, row.seatsTaken),
    full: row.seatCap !== null && row.seatsTaken >= row.seatCap,
    phase: sessionPhase(row, now),
    viewerStatus: status && status !== "CANCELLED" ? status : null,
  };
}

async function presentCards(rows: CardRow[], viewer: Viewer, now: Date) {
  const ids = rows.map((row) => row.id);
  const [hosts, registrations] = await Promise.all([
    hostNames(ids),
    prisma.registration.findMany({ where: { userId: viewer.id, sessionId: { in: ids } }, select: { sessionId: true, status: true } }),
  ]);
  const statuses = new Map(registrations.map((registration) => [registration.sessionId, registration.status]));
  return rows.map((row) => presentCard(row, viewer, now, hosts, statuses));
}

/** The instants bounding the viewer's chosen calendar days, read in the viewer's own zone. */
function dateRange(query: Pick<CatalogueQuery, "from" | "to">, timeZone: string) {
  try {
    return {
      from: query.from ? zonedLocalToUtc(query.from, "00:00", timeZone) : null,
      to: query.to ? zonedLocalToUtc(addLocalDays(query.to, 1), "00:00", timeZone) : null,
    };
  } catch {
    return { from: null, to: null };
  }
}

/**
 * Published sessions this viewer's tier may attend that have not ended, soonest first. Sessions under
 * way come first on page one; the rest are paged.
 */
export async function listCatalogue(viewer: Viewer, query: CatalogueQuery, now = new Date()) {
  const tier = await customerTier(viewer);
  const visible: Prisma.LiveSessionWhereInput = { status: "PUBLISHED", ...audienceWhere(tier) };
  const range = dateRange(query, viewer.timeZone);
  const filters: Prisma.LiveSessionWhereInput[] = [visible];
  if (query.kind) filters.push({ kind: query.kind });
  if (query.topic) filters.push({ topics: { some: { topic: query.topic } } });
  if (range.from) filters.push({ startsAt: { gte: range.from } });
  if (range.to) filters.push({ startsAt: { lt: range.to } });

  const window = await longestRunningWindow();
  const [running, upcomingTotal, topics] = await Promise.all([
    prisma.liveSession.findMany({
      where: { AND: [...filters, { startsAt: { gte: new Date(now.getTime() - window), lt: now } }] },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      select: CARD_SELECT,
    }),
    prisma.liveSession.count({ where: { AND: [...filters, { startsAt: { gte: now } }] } }),
    prisma.liveSessionTopic.findMany({
      where: { session: { AND: [visible, { startsAt: { gte: new Date(now.getTime() - window) } }] } },
      distinct: ["topic"],
      orderBy: { topic: "asc" },
      select: { topic: true },
    }),
  ]);
  const live = running.filter((row) => sessionEnd(row.startsAt, row.durationMinutes) > now);
  const pageCount = Math.max(1, Math.ceil(upcomingTotal / CATALOGUE_PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const upcoming = await prisma.liveSession.findMany({
    where: { AND: [...filters, { startsAt: { gte: now } }] },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    skip: (page - 1) * CATALOGUE_PAGE_SIZE,
    take: CATALOGUE_PAGE_SIZE,
    select: CARD_SELECT,
  });
  return {
    sessions: await presentCards(page === 1 ? [...live, ...upcoming] : upcoming, viewer, now),
    total: live.length + upcomingTotal,
    page,
    pageCount,
    topics: topics.map((row) => row.topic),
    filtered: Boolean(query.kind || query.topic || query.from || query.to),
  };
}

export type MyRegistration = {
  sessionId: string;
  title: string;
  kindLabel: string;
  when: string;
  status: ViewerStatus;
  statusLabel: string;
  live: boolean;
};

/** Sessions the viewer holds a seat, a place in line or an offer for that have not ended yet. */
export async function listMyRegistrations(viewer: Viewer, now = new Date()): Promise<MyRegistration[]> {
  const window = await longestRunningWindow();
  const rows = await prisma.registration.findMany({
    where: {
      userId: viewer.id,
      status: { in: ACTIVE_REGISTRATION },
      session: { status: "PUBLISHED", startsAt: { gte: new Date(now.getTime() - window) } },
    },
    orderBy: [{ session: { startsAt: "asc" } }, { id: "asc" }],
    take: 50,
    select: {
      status: true,
      session: { select: { id: true, title: true, kind: true, status: true, startsAt: true, durationMinutes: true } },
    },
  });
  return rows
    .filter((row) => sessionEnd(row.session.startsAt, row.session.durationMinutes) > now)
    .map((row) => {
      const status = row.status as ViewerStatus;
      return {
        sessionId: row.session.id,
        title: row.session.title,
        kindLabel: KIND_LABELS[row.session.kind],
        when: formatDateTime(row.session.startsAt, viewer.timeZone, viewer.locale),
        status,
        statusLabel: VIEWER_STATUS_LABELS[status],
        live: sessionPhase(row.session, now) === "live",
      };
    });
}
