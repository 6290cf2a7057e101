import type { Tx } from "~/utils/db.server.ts";
import type { SegmentRules } from "~/modules/newsletters/segment-rules.ts";

// The newsletter topics and saved segments a fresh install opens on, so the composer has something to pick.

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

export async function seedDemoNewsletters(tx: Tx): Promise<number> {
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
  return created;
}
