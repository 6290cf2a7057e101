// The fixed part of the demo: no Prisma import, so browser journeys and docs can read the logins
// without opening a database.
import type { Role, Tier } from "~/generated/prisma/client.ts";

export const DEMO_PASSWORD = "lyceum-demo-2026";
export const STAFF_DOMAIN = "lyceum.example";
// Fixed so a re-run regenerates the same names, emails and domains, which is what makes it idempotent.
export const DEMO_FAKER_SEED = 2026;

export const DEMO_TIER_COUNTS: Record<Tier, number> = {
  HIGH: 10,
  LOW: 20,
  TECH: 30,
};

export type DemoLogin = { role: Role; email: string; password: string };

export const DEMO_STAFF = [
  {
    email: "admin@lyceum.example",
    name: "Dana Whitfield",
    role: "ADMIN",
    timeZone: "America/New_York",
  },
  {
    email: "publisher@lyceum.example",
    name: "Priya Raman",
    role: "PUBLISHER",
    timeZone: "Europe/London",
  },
  {
    email: "csm@lyceum.example",
    name: "Sam Okafor",
    role: "CSM",
    timeZone: "America/Chicago",
  },
] as const satisfies ReadonlyArray<{
  email: string;
  name: string;
  role: Role;
  timeZone: string;
}>;

/** The admin is created first and only by the seed, so its presence marks a seeded database. */
export const DEMO_MARKER_EMAIL = DEMO_STAFF[0].email;

// Faker fills the rest of the team up to these numbers.
export const DEMO_STAFF_COUNTS = { ADMIN: 1, PUBLISHER: 2, CSM: 3 } as const;

type FixedAccount = {
  externalId: string;
  name: string;
  domain: string;
  tier: Tier;
  plan: string;
  arrCents: number;
  timeZone: string;
  // Listed in order: the first customer is the account's ACCOUNT_ADMIN.
  users: ReadonlyArray<{ email?: string; name?: string; role: Role }>;
};

export const DEMO_ACCOUNTS: readonly FixedAccount[] = [
  {
    externalId: "demo-northwind",
    name: "Northwind Analytics",
    domain: "northwind.example",
    tier: "LOW",
    plan: "Growth",
    arrCents: 42_000_00,
    timeZone: "America/Chicago",
    users: [
      {
        email: "admin@northwind.example",
        name: "Nora Lindqvist",
        role: "ACCOUNT_ADMIN",
      },
      {
        email: "member@northwind.example",
        name: "Mateo Alvarez",
        role: "MEMBER",
      },
    ],
  },
  {
    externalId: "demo-globex",
    name: "Globex Logistics",
    domain: "globex.example",
    tier: "TECH",
    plan: "Starter",
    arrCents: 6_500_00,
    timeZone: "Europe/Berlin",
    users: [{ role: "ACCOUNT_ADMIN" }, { email: "member@globex.example", name: "Greta Holm", role: "MEMBER" }],
  },
];

export const DEMO_LOGINS: readonly DemoLogin[] = [
  ...DEMO_STAFF.map(({ role, email }) => ({
    role,
    email,
    password: DEMO_PASSWORD,
  })),
  {
    role: "ACCOUNT_ADMIN",
    email: "admin@northwind.example",
    password: DEMO_PASSWORD,
  },
  {
    role: "MEMBER",
    email: "member@northwind.example",
    password: DEMO_PASSWORD,
  },
  { role: "MEMBER", email: "member@globex.example", password: DEMO_PASSWORD },
];

// Exceptions an admin would plausibly grant; the seed attaches them to generated accounts of that tier.
export const DEMO_OVERRIDES: ReadonlyArray<{
  tier: Tier;
  csmHoursPerPeriod: number | null;
  expertSeatsPerPeriod: number | null;
  reason: string;
}> = [
  {
    tier: "HIGH",
    csmHoursPerPeriod: 20,
    expertSeatsPerPeriod: null,
    reason: "Renewal at risk: extra CSM hours agreed in the Q3 business review",
  },
  {
    tier: "HIGH",
    csmHoursPerPeriod: null,
    expertSeatsPerPeriod: 25,
    reason: "Onboarding a new analytics team of 40 people this quarter",
  },
  {
    tier: "LOW",
    csmHoursPerPeriod: 8,
    expertSeatsPerPeriod: null,
    reason: "Migration from a competitor; double hours until go-live",
  },
  {
    tier: "TECH",
    csmHoursPerPeriod: 1,
    expertSeatsPerPeriod: 4,
    reason: "Expansion pilot: one CSM hour to scope an upgrade to low touch",
  },
];

// What engagement looked like before any feature existed: stand-in subjects the events can point at.
export const DEMO_SUBJECTS = {
  webinar: ["getting-started-live", "dashboards-deep-dive", "whats-new-q3", "admin-essentials", "api-office-hours"],
  video: ["first-report-in-5-minutes", "sharing-and-permissions", "alerts-101", "data-connectors", "sso-setup"],
  document: ["quick-reference-card", "admin-checklist", "data-model-ebook", "security-whitepaper"],
  newsletter: ["monthly-digest", "release-highlights", "tips-for-admins"],
} as const;
