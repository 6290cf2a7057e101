import { Prisma } from "~/generated/prisma/client.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { prisma } from "~/utils/db.server.ts";
import { EMPTY_COUNTS, addCounts, reportRates, type RecipientFilter, type ReportCounts } from "./report.ts";
import { assertCanManageNewsletters } from "./topics.server.ts";

export const REPORT_PAGE_SIZE = 50;

// A recipient "unsubscribed" when they left the newsletter's topic by one click after the send began
// (the one-click link carries the topic, not the newsletter, so this is the closest honest tie).
const UNSUBSCRIBED = Prisma.sql`(r."status" = 'SENT' AND r."userId" IS NOT NULL AND EXISTS (
  SELECT 1 FROM "TopicPreference" p
  WHERE p."userId" = r."userId" AND p."topicId" = n."topicId" AND p."subscribed" = FALSE AND p."source" = 'ONE_CLICK'
    AND p."updatedAt" >= COALESCE(n."startedAt", n."snapshottedAt", n."createdAt")))`;

// Each figure counts the rows where a condition holds: SUM(CASE … THEN 1 ELSE 0 END), since PostgreSQL will
// not SUM a boolean the way SQLite sums its 0/1 (COUNT and SUM come back as bigint there: Number() reads both).
type CountRow = { newsletterId: string } & Record<keyof ReportCounts, bigint | number | null>;

async function readCounts(newsletterIds: string[] | null): Promise<Map<string, ReportCounts>> {
  const where = newsletterIds ? Prisma.sql`WHERE r."newsletterId" IN (${Prisma.join(newsletterIds)})` : Prisma.empty;
  const rows = await prisma.$queryRaw<CountRow[]>`
    SELECT r."newsletterId" AS "newsletterId",
      COUNT(*) AS "recipients",
      SUM(CASE WHEN r."status" = 'SENT' THEN 1 ELSE 0 END) AS "sent",
      SUM(CASE WHEN r."deliveredAt" IS NOT NULL THEN 1 ELSE 0 END) AS "delivered",
      SUM(CASE WHEN r."openedAt" IS NOT NULL OR r."clickedAt" IS NOT NULL THEN 1 ELSE 0 END) AS "opened",
      SUM(CASE WHEN r."clickedAt" IS NOT NULL THEN 1 ELSE 0 END) AS "clicked",
      SUM(CASE WHEN r."bouncedAt" IS NOT NULL THEN 1 ELSE 0 END) AS "bounced",
      SUM(CASE WHEN r."complainedAt" IS NOT NULL THEN 1 ELSE 0 END) AS "complained",
      SUM(CASE WHEN ${UNSUBSCRIBED} THEN 1 ELSE 0 END) AS "unsubscribed",
      SUM(CASE WHEN r."status" = 'SKIPPED' THEN 1 ELSE 0 END) AS "skipped",
      SUM(CASE WHEN r."status" = 'FAILED' THEN 1 ELSE 0 END) AS "failed",
      SUM(CASE WHEN r."status" = 'PENDING' THEN 1 ELSE 0 END) AS "pending"
    FROM "NewsletterRecipient" r JOIN "Newsletter" n ON n."id" = r."newsletterId"
    ${where}
    GROUP BY r."newsletterId"`;
  return new Map(
    rows.map(({ newsletterId, ...row }) => [
      newsletterId,
      Object.fromEntries(Object.keys(EMPTY_COUNTS).map((key) => [key, Number(row[key as keyof ReportCounts] ?? 0)])) as ReportCounts,
    ]),
  );
}

function filterWhere(filter: RecipientFilter, unsubscribedIds: string[]): Prisma.NewsletterRecipientWhereInput {
  switch (filter) {
    case "all":
      return {};
    case "delivered":
      return { deliveredAt: { not: null } };
    case "opened":
      return { OR: [{ openedAt: { not: null } }, { clickedAt: { not: null } }] };
    case "clicked":
      return { clickedAt: { not: null } };
    case "bounced":
      return { bouncedAt: { not: null } };
    case "complained":
      return { complainedAt: { not: null } };
    case "unsubscribed":
      return { id: { in: unsubscribedIds } };
    case "skipped":
      return { status: "SKIPPED" };
    case "failed":
      return { status: "FAILED" };
    case "pending":
      return { status: "PENDING" };
  }
}

async function unsubscribedRecipientIds(newsletterId: string) {
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT r."id" AS "id" FROM "NewsletterRecipient" r JOIN "Newsletter" n ON n."id" = r."newsletterId"
    WHERE r."newsletterId" = ${newsletterId} AND ${UNSUBSCRIBED}`;
  return rows.map((row) => row.id);
}

const RECIPIENT_COLUMNS = {
  id: true,
  name: true,
  email: true,
  timeZone: true,
  status: true,
  skipReason: true,
  sentAt: true,
  deliveredAt: true,
  openedAt: true,
  clickedAt: true,
  bouncedAt: true,
  complainedAt: true,
  openCount: true,
  clickCount: true,
} as const;

async function requireNewsletter(actor: Actor, newsletterId: string) {
  assertCanManageNewsletters(actor);
  const newsletter = await prisma.newsletter.findUnique({
    where: { id: newsletterId },
    select: {
      id: true,
      subject: true,
      status: true,
      segmentName: true,
      startedAt: true,
      completedAt: true,
      topic: { select: { name: true } },
    },
  });
  if (!newsletter) throw new Response("This newsletter does not exist.", { status: 404 });
  return newsletter;
}

/** One newsletter's figures and one page of its recipients (filtered by what happened to their copy). */
export async function newsletterReport(actor: Actor, newsletterId: string, { filter, page }: { filter: RecipientFilter; page: number }) {
  const newsletter = await requireNewsletter(actor, newsletterId);
  const counts = (await readCounts([newsletterId])).get(newsletterId) ?? EMPTY_COUNTS;
  const where = { newsletterId, ...filterWhere(filter, filter === "unsubscribed" ? await unsubscribedRecipientIds(newsletterId) : []) };
  const total = await prisma.newsletterRecipient.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / REPORT_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const recipients = await prisma.newsletterRecipient.findMany({
    where,
    orderBy: [{ email: "asc" }],
    skip: (current - 1) * REPORT_PAGE_SIZE,
    take: REPORT_PAGE_SIZE,
    select: RECIPIENT_COLUMNS,
  });
  return { newsletter, counts, rates: reportRates(counts), recipients, total, page: current, pageCount };
}

/** Every recipient matching the filter, for the CSV download. */
export async function newsletterRecipientsForExport(actor: Actor, newsletterId: string, filter: RecipientFilter) {
  const newsletter = await requireNewsletter(actor, newsletterId);
  const where = { newsletterId, ...filterWhere(filter, filter === "unsubscribed" ? await unsubscribedRecipientIds(newsletterId) : []) };
  const recipients = await prisma.newsletterRecipient.findMany({ where, orderBy: [{ email: "asc" }], select: RECIPIENT_COLUMNS });
  return { newsletter, recipients };
}

export const EVERYONE_SEGMENT = "Everyone subscribed to the topic";

/** Every newsletter that has recipients, newest first, and the same figures added up per segment. */
export async function reportsOverview(actor: Actor) {
  assertCanManageNewsletters(actor);
  const counts = await readCounts(null);
  const newsletters = counts.size
    ? await prisma.newsletter.findMany({
        where: { id: { in: [...counts.keys()] } },
        orderBy: [{ startedAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
        select: { id: true, subject: true, status: true, segmentName: true, startedAt: true, topic: { select: { name: true } } },
      })
    : [];
  const byNewsletter = newsletters.map((newsletter) => {
    const figures = counts.get(newsletter.id)!;
    return { ...newsletter, counts: figures, rates: reportRates(figures) };
  });
  const segments = new Map<string, { sends: number; counts: ReportCounts }>();
  for (const row of byNewsletter) {
    const name = row.segmentName ?? EVERYONE_SEGMENT;
    const entry = segments.get(name) ?? { sends: 0, counts: EMPTY_COUNTS };
    segments.set(name, { sends: entry.sends + 1, counts: addCounts(entry.counts, row.counts) });
  }
  const bySegment = [...segments.entries()]
    .map(([name, entry]) => ({ name, sends: entry.sends, counts: entry.counts, rates: reportRates(entry.counts) }))
    .sort((a, b) => b.counts.sent - a.counts.sent || a.name.localeCompare(b.name));
  return { byNewsletter, bySegment };
}
