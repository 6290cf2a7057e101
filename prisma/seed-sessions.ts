import type { Tier } from "~/generated/prisma/client.ts";
import { generateSecureRandomString } from "~/modules/auth/tokens.ts";
import type { Tx } from "~/utils/db.server.ts";

const SITUATION = "Describe your situation and the problem you want solved";

type DemoSession = {
  id: string;
  kind: "WEBINAR" | "EXPERT";
  title: string;
  description: string;
  daysFromNow: number;
  utcHour: number;
  timeZone: string;
  durationMinutes: number;
  topics: string[];
  audience: Tier[];
  seatCap?: number;
  perAccountCap?: number;
  hostEmails: string[];
  registrants: number;
};

const SESSIONS: DemoSession[] = [
  {
    id: "demo-session-whats-new",
    kind: "WEBINAR",
    title: "What's new this quarter",
    description: "A tour of this quarter's releases, then **open Q&A**.\n\n- New dashboards\n- Faster exports\n- Permission presets",
    daysFromNow: 3,
    utcHour: 15,
    timeZone: "America/New_York",
    durationMinutes: 60,
    topics: ["product updates", "release notes"],
    audience: [],
    hostEmails: ["publisher@lyceum.example"],
    registrants: 14,
  },
  {
    id: "demo-session-dashboards-clinic",
    kind: "EXPERT",
    title: "Dashboards clinic",
    description: "Bring a dashboard that does not answer your question yet. Eight seats, so everyone gets time.",
    daysFromNow: 6,
    utcHour: 16,
    timeZone: "Europe/London",
    durationMinutes: 60,
    topics: ["dashboards", "reporting"],
    audience: ["LOW", "TECH"],
    seatCap: 8,
    perAccountCap: 2,
    hostEmails: ["csm@lyceum.example", "publisher@lyceum.example"],
    registrants: 5,
  },
  {
    id: "demo-session-onboarding-101",
    kind: "WEBINAR",
    title: "Onboarding 101: your first week",
    description: "Set up your workspace, invite your team and build a first report, step by step.",
    daysFromNow: 9,
    utcHour: 14,
    timeZone: "America/Chicago",
    durationMinutes: 45,
    topics: ["onboarding"],
    audience: ["TECH"],
    seatCap: 200,
    hostEmails: ["publisher@lyceum.example"],
    registrants: 6,
  },
  {
    id: "demo-session-permissions-past",
    kind: "WEBINAR",
    title: "Roles and permissions deep dive",
    description: "Who can see what, and how to set it up for a growing team.",
    daysFromNow: -10,
    utcHour: 15,
    timeZone: "America/New_York",
    durationMinutes: 60,
    topics: ["administration"],
    audience: [],
    hostEmails: ["csm@lyceum.example"],
    registrants: 10,
  },
];

/** A few sessions with registrations so the catalogue and host sheets are not empty. Idempotent by id. */
export async function seedDemoSessions(tx: Tx, now: Date): Promise<number> {
  const existing = new Set(
    (await tx.liveSession.findMany({ where: { id: { in: SESSIONS.map((s) => s.id) } }, select: { id: true } })).map((s) => s.id),
  );
  const staff = await tx.user.findMany({
    where: { email: { in: SESSIONS.flatMap((s) => s.hostEmails) } },
    select: { id: true, email: true },
  });
  const customers = await tx.user.findMany({
    where: { role: { in: ["MEMBER", "ACCOUNT_ADMIN"] }, email: { notIn: ["member@northwind.example", "admin@northwind.example"] } },
    orderBy: { email: "asc" },
    select: { id: true, accountId: true, account: { select: { tier: true } } },
  });
  let created = 0;
  for (const [index, demo] of SESSIONS.entries()) {
    if (existing.has(demo.id)) continue;
    const start = new Date(now);
    start.setUTCDate(start.getUTCDate() + demo.daysFromNow);
    start.setUTCHours(demo.utcHour, 0, 0, 0);
    const past = demo.daysFromNow < 0;
    const eligible = customers.filter((c) => demo.audience.length === 0 || (c.account && demo.audience.includes(c.account.tier)));
    const perAccount = new Map<string, number>();
    const chosen = eligible.slice(index * 7).filter((c) => {
      const taken = perAccount.get(c.accountId ?? "") ?? 0;
      if (demo.perAccountCap && taken >= demo.perAccountCap) return false;
      perAccount.set(c.accountId ?? "", taken + 1);
      return true;
    });
    const registrants = chosen.slice(0, demo.registrants);
    await tx.liveSession.create({
      data: {
        id: demo.id,
        kind: demo.kind,
        status: "PUBLISHED",
        title: demo.title,
        description: demo.description,
        startsAt: start,
        durationMinutes: demo.durationMinutes,
        timeZone: demo.timeZone,
        meetingUrl: "https://meet.example.com/lyceum-" + demo.id.replace("demo-session-", ""),
        audienceTiers: demo.audience.join(","),
        seatCap: demo.seatCap ?? null,
        perAccountCap: demo.perAccountCap ?? null,
        seatsTaken: registrants.length,
        publishedAt: now,
        hosts: { create: staff.filter((s) => demo.hostEmails.includes(s.email)).map((s) => ({ userId: s.id })) },
        topics: { create: demo.topics.map((topic) => ({ topic })) },
        questions: demo.kind === "EXPERT" ? { create: [{ label: SITUATION, required: true, long: true, position: 0 }] } : undefined,
        accountSeats: demo.perAccountCap
          ? {
              create: [...new Set(registrants.map((r) => r.accountId!))].map((accountId) => ({
                accountId,
                seatsTaken: registrants.filter((r) => r.accountId === accountId).length,
              })),
            }
          : undefined,
      },
    });
    const question =
      demo.kind === "EXPERT" ? await tx.registrationQuestion.findFirst({ where: { sessionId: demo.id }, select: { id: true } }) : null;
    await tx.registration.createMany({
      data: registrants.map((r, position) => ({
        sessionId: demo.id,
        userId: r.id,
        accountId: r.accountId,
        status: "CONFIRMED" as const,
        joinCode: generateSecureRandomString(),
        answers: JSON.stringify(question ? { [question.id]: "Our weekly report takes a day to build by hand; we want it automated." } : {}),
        attendance: past ? (position % 3 === 2 ? ("NO_SHOW" as const) : ("ATTENDED" as const)) : ("UNKNOWN" as const),
        minutesAttended: past && position % 3 !== 2 ? 35 + ((position * 7) % 25) : null,
        registeredAt: new Date(start.getTime() - (5 + position) * 86_400_000),
      })),
    });
    created++;
  }
  return created;
}
