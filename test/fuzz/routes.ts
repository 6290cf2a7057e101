// Every route module with a loader or an action, and who the fuzz suite acts as. routes.test.ts fails
// when a module under app/routes has a loader or action and no row here, or a row names no module:
// a new route is fuzzed from the day it lands, or someone writes down why not.
import type { Actor, FuzzFixture } from "./fixture.ts";

/** `as`: an actor the route serves, so input reaches the action; `refused`: one it turns away. */
export type FuzzTarget = { as: Actor; refused?: Actor } | { exempt: string };

export type SeedForm = Record<string, string | string[]>;
/**
 * Valid submissions for the forms with the most to parse (dates, numbers, nested fields, JSON). The
 * fuzz suite mutates them one field at a time, so input gets past the first check and into the
 * domain code; routes without seeds get plausible and random forms only.
 */
export const SEEDS: Record<string, (f: FuzzFixture) => Array<SeedForm | { json: unknown }>> = {
  "_app.console.sessions.new": (f) => [sessionForm(f)],
  "_app.console.sessions.$sessionId_.edit": (f) => [sessionForm(f)],
  "_app.admin.accounts.new": () => [accountForm()],
  "_app.admin.accounts.$accountId.edit": () => [accountForm()],
  "_app.portal.book": () => [{ intent: "book", purpose: "Plan our rollout across the company", startsAt: nextHour(7) }],
  "_app.console.availability": (): SeedForm[] => [
    { intent: "add-override", date: "2030-01-02", dayOff: "on" },
    { intent: "add-override", date: "2030-01-03", "ranges[0].start": "09:00", "ranges[0].end": "12:00" },
  ],
  "_app.console.segments.new": () => [
    { intent: "save", name: "Fuzz segment", match: "all", "c.0.field": "tier", "c.0.op": "in", "c.0.values": ["TECH"] },
  ],
  "console.segments.count": () => [{ match: "any", "c.0.field": "tier", "c.0.op": "in", "c.0.values": ["LOW"] }],
  "_app.console.sessions.$sessionId_.live": () => [{ intent: "create-poll", question: "Which?", "options[0]": "a", "options[1]": "b" }],
  "_app.console.library.new": () => [{ intent: "save", kind: "ONE_PAGER", title: "Fuzz page", body: "Some **markdown**." }],
  "_app.console.newsletters.new": (f) => [{ subject: "Fuzz news", topicId: f.ids.topicId![0]! }],
  "_app.console.newsletters.topics": () => [{ intent: "create-topic", name: "Fuzz topic two", audience: "subscribed" }],
  "_app.console.newsletters.$newsletterId_.send": (): SeedForm[] => [
    { intent: "send", when: "now" },
    { intent: "send", when: "at", date: "2030-01-07", time: "10:00", timeZone: "Europe/Paris" },
  ],
  "_app.admin.routing": () => [{ intent: "save-rule", label: "Fuzz rule", keywords: "fuzz, test", target: "CSM", active: "on" }],
  "_app.admin.scoring": () => [
    {
      intent: "save-scoring",
      tier: "TECH",
      recency: "1",
      frequency: "1",
      breadth: "1",
      depth: "1",
      reach: "1",
      halfLifeDays: "30",
      greenAt: "60",
      redBelow: "35",
    },
  ],
  "_app.console.accounts.$accountId_.health": () => [{ intent: "set-call", health: "RED", reason: "Fuzz call", expiresOn: "2030-01-02" }],
  "_app.admin.suppressions": () => [{ intent: "add", email: "fuzz@example.com" }],
  "api.v1.events": (f) => [
    {
      json: {
        events: [{ eventId: "evt-fuzz-1", accountId: f.ids.accountId![0], feature: "dashboards", occurredAt: new Date().toISOString() }],
      },
    },
  ],
  "api.progress": (f) => [
    {
      json: {
        batchId: "fuzz-batch",
        events: [{ contentId: f.ids.contentId![1], type: "progress", position: 10, from: 0, to: 10, at: 1_700_000_000_000, seq: 1 }],
      },
    },
  ],
};

function nextHour(days: number) {
  return new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + days * 86_400_000).toISOString();
}

function sessionForm(f: FuzzFixture): SeedForm {
  return {
    kind: "EXPERT",
    title: "Fixing onboarding drop-off",
    description: "We look at **your** funnel.",
    topics: "Onboarding, Activation",
    hostIds: [f.actorIds.PUBLISHER],
    startDate: "2030-03-16",
    startTime: "10:00",
    timeZone: "Europe/Berlin",
    durationMinutes: "60",
    meetingUrl: "https://zoom.us/j/123456",
    audienceTiers: ["LOW", "TECH"],
    seatCap: "8",
    perAccountCap: "2",
    "questions[0].label": "Which plan are you on?",
    "questions[0].required": "on",
    feedbackKind: "CSAT",
  };
}

function accountForm(): SeedForm {
  return {
    name: "Globex",
    domains: "globex-fuzz.example",
    plan: "Scale",
    arr: "120,000.50",
    currency: "EUR",
    tier: "HIGH",
    renewalDate: "2030-03-31",
    timeZone: "Europe/Berlin",
  };
}

const ADMIN = { as: "ADMIN", refused: "CSM" } as const;
const STAFF = { as: "ADMIN", refused: "MEMBER" } as const;
const PUBLISHER = { as: "PUBLISHER", refused: "CSM" } as const;
const CSM = { as: "CSM", refused: "PUBLISHER" } as const;
const CUSTOMER = { as: "ACCOUNT_ADMIN", refused: "CSM" } as const;
const MEMBER = { as: "MEMBER", refused: "ADMIN" } as const;
const SIGNED_IN = { as: "MEMBER", refused: "anonymous" } as const;
/** Token links, sign-in pages and webhooks: the input itself is the credential. */
const PUBLIC = { as: "anonymous", refused: "MEMBER" } as const;

export const FUZZ_TARGETS: Record<string, FuzzTarget> = {
  _index: PUBLIC,
  _app: SIGNED_IN,
  healthz: PUBLIC,
  livez: PUBLIC,
  login: PUBLIC,
  "login_.magic": PUBLIC,
  logout: PUBLIC,
  "signup._index": PUBLIC,
  "signup.$token": PUBLIC,
  "invite.$token": PUBLIC,
  "feedback.$code": PUBLIC,
  "join.$code": PUBLIC,
  "offers.$token": PUBLIC,
  "bookings.$token": PUBLIC,
  "queue.offers.$token": PUBLIC,
  "email.click.$token": PUBLIC,
  "email.preferences.$token": PUBLIC,
  "email.unsubscribe.$token": PUBLIC,
  "webhooks.resend": PUBLIC,
  "webhooks.mux": PUBLIC,
  "api.v1.events": { as: "API_KEY", refused: "ADMIN" },
  "api.progress": { as: "MEMBER", refused: "CSM" },
  "uploads.video.$videoId": PUBLISHER,
  "media.videos.$contentId": MEMBER,
  "media.videos.$contentId_.captions": MEMBER,
  "_app.settings": SIGNED_IN,

  "_app.portal._index": CUSTOMER,
  "_app.portal.book": CUSTOMER,
  "_app.portal.bookings.$bookingId": MEMBER,
  "_app.portal.hours": CUSTOMER,
  "_app.portal.library._index": CUSTOMER,
  "_app.portal.library.$slug": CUSTOMER,
  "portal.library.$slug.download": CUSTOMER,
  "_app.portal.paths._index": CUSTOMER,
  "_app.portal.paths.$slug": CUSTOMER,
  "_app.portal.sessions._index": CUSTOMER,
  "_app.portal.sessions.$sessionId": CUSTOMER,
  "_app.portal.sessions.$sessionId_.live": CUSTOMER,
  "portal.sessions.$sessionId.ics": CUSTOMER,
  "_app.portal.team": CUSTOMER,

  "_app.console._index": STAFF,
  "_app.console.accounts._index": STAFF,
  "_app.console.accounts.$accountId": STAFF,
  "_app.console.accounts.$accountId_.health": STAFF,
  "console.accounts.$accountId.timeline.export": STAFF,
  "_app.console.availability": CSM,
  "_app.console.bookings._index": CSM,
  "_app.console.bookings.$bookingId": CSM,
  "_app.console.capacity": STAFF,
  "console.capacity.export": STAFF,
  "_app.console.insights": STAFF,
  "console.insights.export.$table": STAFF,
  "_app.console.my-accounts": CSM,
  "console.my-accounts.export": CSM,
  "_app.console.signals": STAFF,
  "console.signals.export.$list": STAFF,
  "_app.console.library._index": PUBLISHER,
  "_app.console.library.new": PUBLISHER,
  "_app.console.library.$contentId": PUBLISHER,
  "_app.console.library.$contentId_.pdf": PUBLISHER,
  "_app.console.library.$contentId_.preview": PUBLISHER,
  "_app.console.library.$contentId_.video": PUBLISHER,
  "_app.console.paths._index": PUBLISHER,
  "_app.console.paths.new": PUBLISHER,
  "_app.console.paths.$pathId": PUBLISHER,
  "_app.console.segments._index": PUBLISHER,
  "_app.console.segments.new": PUBLISHER,
  "_app.console.segments.$segmentId": PUBLISHER,
  "console.segments.count": PUBLISHER,
  "_app.console.newsletters._index": PUBLISHER,
  "_app.console.newsletters.new": PUBLISHER,
  "_app.console.newsletters.topics": PUBLISHER,
  "_app.console.newsletters.reports": PUBLISHER,
  "_app.console.newsletters.$newsletterId": PUBLISHER,
  "_app.console.newsletters.$newsletterId_.preview": PUBLISHER,
  "_app.console.newsletters.$newsletterId_.report": PUBLISHER,
  "_app.console.newsletters.$newsletterId_.send": PUBLISHER,
  "console.newsletters.$newsletterId.email": PUBLISHER,
  "console.newsletters.$newsletterId.report.export": PUBLISHER,
  "_app.console.sessions._index": STAFF,
  "_app.console.sessions.new": PUBLISHER,
  "_app.console.sessions.$sessionId": PUBLISHER,
  "_app.console.sessions.$sessionId_.edit": PUBLISHER,
  "_app.console.sessions.$sessionId_.attendance": CSM,
  "_app.console.sessions.$sessionId_.live": CSM,
  "_app.console.sessions.$sessionId_.replay": PUBLISHER,
  "console.sessions.$sessionId.export.$kind": STAFF,

  "_app.admin.accounts.new": ADMIN,
  "_app.admin.accounts.$accountId.edit": ADMIN,
  "_app.admin.api-keys": ADMIN,
  "_app.admin.import._index": ADMIN,
  "_app.admin.import.$batchId": ADMIN,
  "admin.import.template.$kind": ADMIN,
  "_app.admin.jobs": ADMIN,
  "_app.admin.outbox._index": ADMIN,
  "_app.admin.outbox.$messageId": ADMIN,
  "_app.admin.people": ADMIN,
  "_app.admin.routing": ADMIN,
  "_app.admin.scoring": ADMIN,
  "_app.admin.suppressions": ADMIN,
  "_app.admin.tiers": ADMIN,
};

/** The URL Remix would serve a route id at, with its params filled in. */
export function routePath(id: string, params: Record<string, string>): string {
  const parts = id
    .split(".")
    .filter((part) => part !== "_index" && !/^_[a-z]/.test(part))
    .map((part) => part.replace(/_$/, ""))
    .map((part) => (part.startsWith("$") ? encodeURIComponent(params[part.slice(1)] ?? "") : part));
  return `/${parts.join("/")}`;
}

export function paramNames(id: string): string[] {
  return id
    .split(".")
    .filter((part) => part.startsWith("$"))
    .map((part) => part.slice(1).replace(/_$/, ""));
}
