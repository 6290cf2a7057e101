import type { NewsletterBlock } from "~/modules/newsletters/blocks.ts";
import type { SegmentRules } from "~/modules/newsletters/segment-rules.ts";
import { clickDedupeKey, openDedupeKey } from "~/modules/newsletters/tracking.server.ts";
import type { Tx } from "~/utils/db.server.ts";

// The newsletter topics and saved segments a fresh install opens on, so the composer has something to
// pick; one newsletter sent six days ago to tech-touch customers, with its deliveries, opens and clicks
// (and their engagement events), so the reports and insights open filled; and one draft ready to send.

const TOPICS = [
  {
    id: "demo-topic-product-updates",
    slug: "product-updates",
    name: "Product updates",
    description: "What shipped this month and how to use it.",
    subscribedByDefault: true,
  },
  {
    id: "demo-topic-admin-tips",
    slug: "admin-tips",
    name: "Tips for admins",
    description: "Setup, permissions and reporting, one tip at a time.",
    subscribedByDefault: true,
  },
  {
    id: "demo-topic-events",
    slug: "events",
    name: "Webinars and expert sessions",
    description: "Upcoming sessions you can join, in your time zone.",
    subscribedByDefault: true,
  },
  {
    id: "demo-topic-beta",
    slug: "beta-programme",
    name: "Beta programme",
    description: "Early features for teams who like to try things first. Opt in.",
    subscribedByDefault: false,
  },
];

const SEGMENTS: Array<{ id: string; name: string; description: string; rules: SegmentRules }> = [
  {
    id: "demo-segment-tech-touch",
    name: "Tech-touch customers",
    description: "Every contact at a tech-touch account.",
    rules: { match: "all", conditions: [{ field: "tier", op: "in", values: ["TECH"] }] },
  },
  {
    id: "demo-segment-renewing-at-risk",
    name: "Renewing soon, not green",
    description: "Accounts renewing within 90 days whose health is yellow or red.",
    rules: {
      match: "all",
      conditions: [
        { field: "renewal_within", days: 90 },
        { field: "health", values: ["RED", "YELLOW"] },
      ],
    },
  },
  {
    id: "demo-segment-admins",
    name: "Account admins",
    description: "The people who run Lyceum's product at each customer.",
    rules: { match: "all", conditions: [{ field: "role", values: ["ACCOUNT_ADMIN"] }] },
  },
];

const DAY_MS = 86_400_000;
const SENT_ID = "demo-newsletter-whats-new";
const DRAFT_ID = "demo-newsletter-admin-tips";
const SENT_RECIPIENTS = 36;
const GUIDE_URL = "https://docs.lyceum.example/whats-new";

const SENT_BLOCKS: NewsletterBlock[] = [
  {
    type: "text",
    markdown: "This quarter brought **saved dashboards**, faster exports and a new permissions screen. Here is the short tour.",
  },
  { type: "session", sessionId: "demo-session-whats-new" },
  { type: "cta", label: "Read the release notes", url: GUIDE_URL },
];

const DRAFT_BLOCKS: NewsletterBlock[] = [
  {
    type: "text",
    markdown: "Three reports worth a minute of every admin's week:\n\n- Seat usage\n- Inactive members\n- Permission changes",
  },
  { type: "session", sessionId: "demo-session-dashboards-clinic" },
  { type: "cta", label: "Open your reports", url: "https://docs.lyceum.example/admin-reports" },
];

/**
 * The sent newsletter and its recipients: the first SENT_RECIPIENTS tech-touch customers by email.
 * Who delivered, opened and clicked follows their position, so every run writes the same report.
 */
async function seedSentNewsletter(tx: Tx, now: Date): Promise<{ rows: number; events: number }> {
  if (await tx.newsletter.findUnique({ where: { id: SENT_ID }, select: { id: true } })) return { rows: 0, events: 0 };
  const started = new Date(Math.floor((now.getTime() - 6 * DAY_MS) / DAY_MS) * DAY_MS + 15 * 3_600_000);
  const people = await tx.user.findMany({
    where: { role: { in: ["MEMBER", "ACCOUNT_ADMIN"] }, deactivatedAt: null, account: { tier: "TECH" } },
    orderBy: { email: "asc" },
    take: SENT_RECIPIENTS,
    select: { id: true, email: true, name: true, timeZone: true, accountId: true },
  });
  if (people.length === 0) return { rows: 0, events: 0 };
  const segment = await tx.segment.findUniqueOrThrow({ where: { name: SEGMENTS[0]!.name }, select: { id: true, name: true, rules: true } });
  const topic = await tx.newsletterTopic.findUniqueOrThrow({ where: { slug: "product-updates" }, select: { id: true } });
  const at = (minutes: number) => new Date(started.getTime() + minutes * 60_000);
  await tx.newsletter.create({
    data: {
      id: SENT_ID,
      subject: "What's new this quarter, and a live walkthrough",
      preheader: "Saved dashboards, faster exports, and a session to see them in action",
      topicId: topic.id,
      segmentId: segment.id,
      segmentName: segment.name,
      segmentRules: segment.rules,
      blocks: JSON.stringify(SENT_BLOCKS),
      status: "SENT",
      scheduleKind: "NOW",
      recipientsTotal: people.length,
      snapshottedAt: started,
      startedAt: started,
      completedAt: at(2),
      createdAt: new Date(started.getTime() - DAY_MS),
    },
  });
  await tx.newsletterBatch.create({
    data: {
      id: `${SENT_ID}-batch-1`,
      newsletterId: SENT_ID,
      idempotencyKey: `newsletter-batch:${SENT_ID}:1`,
      status: "SENT",
      size: people.length,
      attempts: 1,
      createdAt: started,
    },
  });
  let rows = 2;
  let events = 0;
  for (const [index, person] of people.entries()) {
    const id = `${SENT_ID}-r${String(index).padStart(2, "0")}`;
    const delivered = index % 12 !== 11; // a few are still unconfirmed by the provider
    const opened = delivered && index % 3 !== 2; // about two in three open…
    const clicked = opened && index % 4 === 0; // …and a quarter of those click
    const openedAt = opened ? at(30 + index * 17) : null;
    const clickedAt = clicked ? at(31 + index * 17) : null;
    await tx.newsletterRecipient.create({
      data: {
        id,
        newsletterId: SENT_ID,
        userId: person.id,
        accountId: person.accountId,
        email: person.email,
        name: person.name,
        timeZone: person.timeZone,
        dueAt: started,
        status: "SENT",
        batchId: `${SENT_ID}-batch-1`,
        providerMessageId: `demo-${id}`,
        sentAt: at(1),
        deliveredAt: delivered ? at(2) : null,
        openedAt,
        clickedAt,
        openCount: opened ? 1 + (index % 3) : 0,
        clickCount: clicked ? 1 : 0,
      },
    });
    const subject = { accountId: person.accountId, userId: person.id, subjectType: "newsletter", subjectId: SENT_ID };
    events += Number(openedAt !== null) + Number(clickedAt !== null);
    if (openedAt)
      await tx.engagementEvent.create({
        data: { ...subject, kind: "newsletter.opened", dedupeKey: openDedupeKey(id), occurredAt: openedAt },
      });
    if (clickedAt) {
      await tx.engagementEvent.create({
        data: {
          ...subject,
          kind: "newsletter.clicked",
          data: JSON.stringify({ url: GUIDE_URL }),
          dedupeKey: clickDedupeKey(id, GUIDE_URL),
          occurredAt: clickedAt,
        },
      });
    }
    rows++;
  }
  return { rows, events };
}

async function seedDraftNewsletter(tx: Tx, now: Date): Promise<number> {
  if (await tx.newsletter.findUnique({ where: { id: DRAFT_ID }, select: { id: true } })) return 0;
  const topic = await tx.newsletterTopic.findUniqueOrThrow({ where: { slug: "admin-tips" }, select: { id: true } });
  const segment = await tx.segment.findUniqueOrThrow({ where: { name: SEGMENTS[2]!.name }, select: { id: true } });
  await tx.newsletter.create({
    data: {
      id: DRAFT_ID,
      subject: "Three reports every admin should open this week",
      preheader: "Seat usage, inactive members and permission changes",
      topicId: topic.id,
      segmentId: segment.id,
      blocks: JSON.stringify(DRAFT_BLOCKS),
      status: "DRAFT",
      createdAt: new Date(now.getTime() - DAY_MS),
    },
  });
  return 1;
}

/** `rows`: topics, segments and newsletter rows this run added; `events`: the engagement events among them. */
export async function seedDemoNewsletters(tx: Tx, now: Date): Promise<{ rows: number; events: number }> {
  let created = 0;
  for (const topic of TOPICS) {
    const exists = await tx.newsletterTopic.findUnique({ where: { slug: topic.slug }, select: { id: true } });
    if (exists) continue;
    await tx.newsletterTopic.create({ data: topic });
    created++;
  }
  for (const segment of SEGMENTS) {
    const exists = await tx.segment.findUnique({ where: { name: segment.name }, select: { id: true } });
    if (exists) continue;
    await tx.segment.create({ data: { ...segment, rules: JSON.stringify(segment.rules) } });
    created++;
  }
  const sent = await seedSentNewsletter(tx, now);
  return { rows: created + sent.rows + (await seedDraftNewsletter(tx, now)), events: sent.events };
}
