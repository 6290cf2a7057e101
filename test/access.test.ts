// Walks every route as every kind of visitor and proves nobody reaches what is not theirs.
// A new route file fails this test until it is given a row in ACCESS below.
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "~/generated/prisma/enums.ts";
import { stageImport } from "~/modules/accounts/import.server.ts";
import { createInvite } from "~/modules/auth/invites.server.ts";
import { newStorageKey, putFile } from "~/providers/storage.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { createAccount, createTierPolicies, createUser } from "./factories.ts";
import { csmHourOffering } from "./ledger-factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "./request.ts";
import { createVideoItem, storeReadyLocalVideo } from "./video-items.ts";

type RouteModule = { loader?: (...args: never[]) => unknown; action?: (...args: never[]) => unknown };
const modules = import.meta.glob<RouteModule>("../app/routes/*.tsx", { eager: true });

type Actor = "anonymous" | "MEMBER" | "ACCOUNT_ADMIN" | "CSM" | "PUBLISHER" | "ADMIN" | "OTHER_MEMBER" | "OTHER_ACCOUNT_ADMIN";
const SIGNED_IN: Actor[] = ["MEMBER", "ACCOUNT_ADMIN", "CSM", "PUBLISHER", "ADMIN", "OTHER_MEMBER", "OTHER_ACCOUNT_ADMIN"];
const CUSTOMERS: Actor[] = ["MEMBER", "ACCOUNT_ADMIN", "OTHER_MEMBER", "OTHER_ACCOUNT_ADMIN"];
const STAFF: Actor[] = ["CSM", "PUBLISHER", "ADMIN"];

type Fixture = {
  accountId: string;
  memberId: string;
  messageId: string;
  batchId: string;
  sessionId: string;
  contentId: string;
  contentSlug: string;
  /** A published video item for the LOW tier (the home account's), with a ready local video and captions. */
  videoContentId: string;
  videoId: string;
  draftPathId: string;
  pathSlug: string;
  /** An hour the home account's member booked with the fixture's CSM; it has started, so it can be marked. */
  startedBookingId: string;
  /** An hour the same member booked a week ahead, so they can still move or cancel it. */
  upcomingBookingId: string;
  segmentId: string;
  /** A sent newsletter, for its report. */
  newsletterId: string;
  /** A draft newsletter with one text block, for the editor. */
  draftNewsletterId: string;
  /** A draft newsletter on a topic of its own, for the send page. */
  sendNewsletterId: string;
};
type Access = {
  path: (f: Fixture) => string;
  params?: (f: Fixture) => Record<string, string>;
  /** Who may load the page: "public" = everyone, "anonymous" = only signed-out visitors. */
  loader?: Actor[] | "public" | "anonymous";
  /** Who may post to it, and a form that would change something if they could. */
  action?: { allowed: Actor[] | "public"; form: (f: Fixture) => Record<string, string> };
  /** An API for scripts and beacons: a signed-out caller gets 401, never a redirect to sign in. */
  api?: true;
};

const ACCESS: Record<string, Access> = {
  _index: { path: () => "/", loader: "public" },
  healthz: { path: () => "/healthz", loader: "public" },
  livez: { path: () => "/livez", loader: "public" },
  login: { path: () => "/login", loader: "anonymous", action: { allowed: "public", form: () => ({ intent: "password" }) } },
  "login_.magic": { path: () => "/login/magic", loader: "public", action: { allowed: "public", form: () => ({ token: "x" }) } },
  logout: { path: () => "/logout", loader: "public", action: { allowed: "public", form: () => ({}) } },
  "signup._index": { path: () => "/signup", loader: "anonymous", action: { allowed: "public", form: () => ({}) } },
  "signup.$token": { path: () => "/signup/nope", params: () => ({ token: "nope" }), action: { allowed: "public", form: () => ({}) } },
  // The join code is the credential (the link comes by email); unknown codes are 404 for everyone.
  "feedback.$code": {
    path: () => "/feedback/nope",
    params: () => ({ code: "nope" }),
    action: { allowed: "public", form: () => ({ score: "5" }) },
  },
  "invite.$token": { path: () => "/invite/nope", params: () => ({ token: "nope" }), action: { allowed: "public", form: () => ({}) } },
  _app: { path: () => "/settings", loader: SIGNED_IN },
  "_app.settings": { path: () => "/settings", loader: SIGNED_IN, action: { allowed: SIGNED_IN, form: () => ({ intent: "profile" }) } },
  "_app.portal._index": { path: () => "/portal", loader: CUSTOMERS },
  "_app.portal.hours": {
    path: () => "/portal/hours",
    loader: CUSTOMERS,
    action: { allowed: CUSTOMERS, form: () => ({ intent: "leave-queue" }) },
  },
  "_app.portal.team": {
    path: () => "/portal/team",
    loader: CUSTOMERS,
    action: { allowed: ["ACCOUNT_ADMIN"], form: (f) => ({ intent: "deactivate", userId: f.memberId }) },
  },
  "_app.console._index": { path: () => "/console", loader: STAFF },
  "_app.console.accounts._index": { path: () => "/console/accounts", loader: STAFF },
  // CSMs and admins keep their own availability (admins anyone's, with ?csm=; see availability.test.ts).
  "_app.console.availability": {
    path: () => "/console/availability",
    loader: ["CSM", "ADMIN"],
    action: { allowed: ["CSM", "ADMIN"], form: () => ({ intent: "add-override", date: "2030-01-02", dayOff: "on" }) },
  },
  // The queue's capacity: read-only figures for the whole team, and its CSV.
  "_app.console.capacity": { path: () => "/console/capacity", loader: STAFF },
  "console.capacity.export": { path: () => "/console/capacity/export", loader: STAFF },
  // Signals: a CSM reads their own accounts, the team and admins every account; only admins send the digests by
  // hand (invitations are covered in signals.test.ts).
  "_app.console.signals": {
    path: () => "/console/signals",
    loader: STAFF,
    action: { allowed: ["ADMIN"], form: () => ({ intent: "send-digests" }) },
  },
  "console.signals.export.$list": { path: () => "/console/signals/export/at-risk", params: () => ({ list: "at-risk" }), loader: STAFF },
  // The engagement dashboard and its CSVs: the whole team reads them.
  "_app.console.insights": { path: () => "/console/insights?days=30", loader: STAFF },
  "console.insights.export.$table": { path: () => "/console/insights/export/funnel", params: () => ({ table: "funnel" }), loader: STAFF },
  // A CSM's own book (admins any CSM's with ?csm=; see console-portfolio.test.ts); publishers have none.
  "_app.console.my-accounts": { path: () => "/console/my-accounts", loader: ["CSM", "ADMIN"] },
  "console.my-accounts.export": { path: () => "/console/my-accounts/export", loader: ["CSM", "ADMIN"] },
  "console.accounts.$accountId.timeline.export": {
    path: (f) => `/console/accounts/${f.accountId}/timeline/export`,
    params: (f) => ({ accountId: f.accountId }),
    loader: STAFF,
  },
  "_app.console.accounts.$accountId": {
    path: (f) => `/console/accounts/${f.accountId}`,
    params: (f) => ({ accountId: f.accountId }),
    loader: STAFF,
    action: { allowed: ["ADMIN"], form: (f) => ({ intent: "deactivate", userId: f.memberId }) },
  },
  "_app.admin.accounts.new": {
    path: () => "/admin/accounts/new",
    loader: ["ADMIN"],
    action: { allowed: ["ADMIN"], form: () => ({ name: "Evil Corp" }) },
  },
  "_app.admin.accounts.$accountId.edit": {
    path: (f) => `/admin/accounts/${f.accountId}/edit`,
    params: (f) => ({ accountId: f.accountId }),
    loader: ["ADMIN"],
    action: { allowed: ["ADMIN"], form: () => ({ name: "Renamed" }) },
  },
  "_app.admin.people": {
    path: () => "/admin/people",
    loader: ["ADMIN"],
    action: { allowed: ["ADMIN"], form: (f) => ({ intent: "deactivate", userId: f.memberId }) },
  },
  "_app.admin.tiers": {
    path: () => "/admin/tiers",
    loader: ["ADMIN"],
    action: { allowed: ["ADMIN"], form: () => ({ intent: "update-policy", tier: "TECH" }) },
  },
  "_app.admin.import._index": {
    path: () => "/admin/import",
    loader: ["ADMIN"],
    action: { allowed: ["ADMIN"], form: () => ({ kind: "ACCOUNTS" }) },
  },
  "_app.admin.import.$batchId": {
    path: (f) => `/admin/import/${f.batchId}`,
    params: (f) => ({ batchId: f.batchId }),
    loader: ["ADMIN"],
    action: { allowed: ["ADMIN"], form: () => ({ intent: "discard" }) },
  },
  "admin.import.template.$kind": { path: () => "/admin/import/template/accounts", params: () => ({ kind: "accounts" }), loader: ["ADMIN"] },
  "_app.admin.outbox._index": { path: () => "/admin/outbox", loader: ["ADMIN"] },
  "_app.admin.outbox.$messageId": {
    path: (f) => `/admin/outbox/${f.messageId}`,
    params: (f) => ({ messageId: f.messageId }),
    loader: ["ADMIN"],
  },
  "_app.portal.sessions._index": { path: () => "/portal/sessions", loader: CUSTOMERS },
  "_app.portal.sessions.$sessionId": {
    path: (f) => `/portal/sessions/${f.sessionId}`,
    params: (f) => ({ sessionId: f.sessionId }),
    loader: CUSTOMERS,
    action: { allowed: CUSTOMERS, form: () => ({ intent: "register" }) },
  },
  // Only confirmed registrants get the invite; nobody in this fixture is registered.
  "portal.sessions.$sessionId.ics": {
    path: (f) => `/portal/sessions/${f.sessionId}/ics`,
    params: (f) => ({ sessionId: f.sessionId }),
    loader: [],
  },
  "_app.console.sessions._index": { path: () => "/console/sessions", loader: STAFF },
  // Hosts (the fixture's CSM) and publishers may import a participant report.
  "_app.console.sessions.$sessionId_.attendance": {
    path: (f) => `/console/sessions/${f.sessionId}/attendance`,
    params: (f) => ({ sessionId: f.sessionId }),
    loader: STAFF,
    action: { allowed: STAFF, form: () => ({ markRestNoShow: "on" }) },
  },
  "_app.console.sessions.$sessionId_.replay": {
    path: (f) => `/console/sessions/${f.sessionId}/replay`,
    params: (f) => ({ sessionId: f.sessionId }),
    loader: ["PUBLISHER", "ADMIN"],
    action: { allowed: ["PUBLISHER", "ADMIN"], form: () => ({ replayUrl: "https://evil.example/x" }) },
  },
  // Nobody in the fixture holds a confirmed seat, so every customer is refused the live page.
  "_app.portal.sessions.$sessionId_.live": {
    path: (f) => `/portal/sessions/${f.sessionId}/live`,
    params: (f) => ({ sessionId: f.sessionId }),
    loader: [],
    action: { allowed: [], form: () => ({ intent: "ask", body: "Evil question?" }) },
  },
  // The fixture's CSM hosts the session, so every staff role may run it.
  "_app.console.sessions.$sessionId_.live": {
    path: (f) => `/console/sessions/${f.sessionId}/live`,
    params: (f) => ({ sessionId: f.sessionId }),
    loader: STAFF,
    action: { allowed: STAFF, form: () => ({ intent: "create-poll", question: "Evil?", "options[0]": "a", "options[1]": "b" }) },
  },
  "_app.console.sessions.new": {
    path: () => "/console/sessions/new",
    loader: ["PUBLISHER", "ADMIN"],
    action: { allowed: ["PUBLISHER", "ADMIN"], form: () => ({ title: "Evil" }) },
  },
  "_app.console.sessions.$sessionId": {
    path: (f) => `/console/sessions/${f.sessionId}`,
    params: (f) => ({ sessionId: f.sessionId }),
    loader: STAFF,
    action: { allowed: ["PUBLISHER", "ADMIN"], form: () => ({ intent: "cancel" }) },
  },
  "_app.console.sessions.$sessionId_.edit": {
    path: (f) => `/console/sessions/${f.sessionId}/edit`,
    params: (f) => ({ sessionId: f.sessionId }),
    loader: ["PUBLISHER", "ADMIN"],
    action: { allowed: ["PUBLISHER", "ADMIN"], form: () => ({ title: "Renamed" }) },
  },
  "console.sessions.$sessionId.export.$kind": {
    path: (f) => `/console/sessions/${f.sessionId}/export/registrants`,
    params: (f) => ({ sessionId: f.sessionId, kind: "registrants" }),
    loader: STAFF,
  },
  // Capability links from emails: the code or token is the credential; unknown ones are 404 for all.
  "join.$code": { path: () => "/join/nope", params: () => ({ code: "nope" }) },
  "offers.$token": {
    path: () => "/offers/nope",
    params: () => ({ token: "nope" }),
    action: { allowed: "public", form: () => ({ intent: "claim" }) },
  },
  "bookings.$token": {
    path: () => "/bookings/nope",
    params: () => ({ token: "nope" }),
    action: { allowed: "public", form: () => ({ intent: "cancel" }) },
  },
  // The same page for the signed-in customer who booked the hour; their colleagues and staff get nothing.
  "_app.portal.bookings.$bookingId": {
    path: (f) => `/portal/bookings/${f.upcomingBookingId}`,
    params: (f) => ({ bookingId: f.upcomingBookingId }),
    loader: ["MEMBER"],
    action: { allowed: ["MEMBER"], form: () => ({ intent: "cancel" }) },
  },
  "queue.offers.$token": {
    path: () => "/queue/offers/nope",
    params: () => ({ token: "nope" }),
    action: { allowed: "public", form: () => ({ intent: "claim" }) },
  },
  // The player's progress beacons: only customers' viewing is recorded (staff preview untracked).
  "api.progress": { path: () => "/api/progress", api: true, action: { allowed: CUSTOMERS, form: () => ({ batchId: "evil-batch" }) } },
  "_app.console.library._index": { path: () => "/console/library", loader: ["PUBLISHER", "ADMIN"] },
  "_app.console.library.new": {
    path: () => "/console/library/new?kind=ONE_PAGER",
    loader: ["PUBLISHER", "ADMIN"],
    action: { allowed: ["PUBLISHER", "ADMIN"], form: () => ({ intent: "save", kind: "ONE_PAGER", title: "Evil", body: "Evil" }) },
  },
  "_app.console.library.$contentId": {
    path: (f) => `/console/library/${f.contentId}`,
    params: (f) => ({ contentId: f.contentId }),
    loader: ["PUBLISHER", "ADMIN"],
    action: { allowed: ["PUBLISHER", "ADMIN"], form: () => ({ intent: "delete" }) },
  },
  "_app.console.library.$contentId_.preview": {
    path: (f) => `/console/library/${f.contentId}/preview`,
    params: (f) => ({ contentId: f.contentId }),
    loader: ["PUBLISHER", "ADMIN"],
  },
  "_app.console.library.$contentId_.pdf": {
    path: (f) => `/console/library/${f.contentId}/pdf`,
    params: (f) => ({ contentId: f.contentId }),
    loader: ["PUBLISHER", "ADMIN"],
    action: { allowed: ["PUBLISHER", "ADMIN"], form: () => ({ file: "not a file" }) },
  },
  // The fixture's e-book is published for every tier, so every customer may read and download it.
  "_app.portal.library._index": { path: () => "/portal/library?q=handbook", loader: CUSTOMERS },
  "_app.portal.library.$slug": {
    path: (f) => `/portal/library/${f.contentSlug}?chapter=1`,
    params: (f) => ({ slug: f.contentSlug }),
    loader: CUSTOMERS,
  },
  "portal.library.$slug.download": {
    path: (f) => `/portal/library/${f.contentSlug}/download`,
    params: (f) => ({ slug: f.contentSlug }),
    loader: [...CUSTOMERS, "PUBLISHER", "ADMIN"],
  },
  "_app.console.paths._index": { path: () => "/console/paths", loader: ["PUBLISHER", "ADMIN"] },
  "_app.console.paths.new": {
    path: () => "/console/paths/new",
    loader: ["PUBLISHER", "ADMIN"],
    action: { allowed: ["PUBLISHER", "ADMIN"], form: () => ({ intent: "details", title: "Evil path" }) },
  },
  "_app.console.paths.$pathId": {
    path: (f) => `/console/paths/${f.draftPathId}`,
    params: (f) => ({ pathId: f.draftPathId }),
    loader: ["PUBLISHER", "ADMIN"],
    action: { allowed: ["PUBLISHER", "ADMIN"], form: () => ({ intent: "publish" }) },
  },
  "_app.console.segments._index": { path: () => "/console/segments", loader: ["PUBLISHER", "ADMIN"] },
  "_app.console.segments.new": {
    path: () => "/console/segments/new",
    loader: ["PUBLISHER", "ADMIN"],
    action: { allowed: ["PUBLISHER", "ADMIN"], form: () => ({ intent: "save", name: "Evil segment", match: "all" }) },
  },
  "_app.console.segments.$segmentId": {
    path: (f) => `/console/segments/${f.segmentId}`,
    params: (f) => ({ segmentId: f.segmentId }),
    loader: ["PUBLISHER", "ADMIN"],
    action: { allowed: ["PUBLISHER", "ADMIN"], form: () => ({ intent: "delete" }) },
  },
  "console.segments.count": { path: (f) => `/console/segments/count?segmentId=${f.segmentId}`, loader: ["PUBLISHER", "ADMIN"] },
  "_app.console.newsletters._index": { path: () => "/console/newsletters?status=DRAFT", loader: ["PUBLISHER", "ADMIN"] },
  "_app.console.newsletters.new": {
    path: () => "/console/newsletters/new",
    loader: ["PUBLISHER", "ADMIN"],
    action: { allowed: ["PUBLISHER", "ADMIN"], form: () => ({ subject: "Evil", topicId: "nope" }) },
  },
  "_app.console.newsletters.$newsletterId": {
    path: (f) => `/console/newsletters/${f.draftNewsletterId}`,
    params: (f) => ({ newsletterId: f.draftNewsletterId }),
    loader: ["PUBLISHER", "ADMIN"],
    action: { allowed: ["PUBLISHER", "ADMIN"], form: () => ({ intent: "send-test", pressKey: "evil-press-key" }) },
  },
  "_app.console.newsletters.$newsletterId_.preview": {
    path: (f) => `/console/newsletters/${f.draftNewsletterId}/preview?tz=Europe/Paris`,
    params: (f) => ({ newsletterId: f.draftNewsletterId }),
    loader: ["PUBLISHER", "ADMIN"],
    action: { allowed: ["PUBLISHER", "ADMIN"], form: () => ({ intent: "send-test", pressKey: "evil-press-key" }) },
  },
  "console.newsletters.$newsletterId.email": {
    path: (f) => `/console/newsletters/${f.draftNewsletterId}/email?tz=Europe/Paris`,
    params: (f) => ({ newsletterId: f.draftNewsletterId }),
    loader: ["PUBLISHER", "ADMIN"],
  },
  "_app.console.newsletters.$newsletterId_.send": {
    path: (f) => `/console/newsletters/${f.sendNewsletterId}/send`,
    params: (f) => ({ newsletterId: f.sendNewsletterId }),
    loader: ["PUBLISHER", "ADMIN"],
    action: { allowed: ["PUBLISHER", "ADMIN"], form: () => ({ intent: "send", when: "now" }) },
  },
  "_app.portal.paths._index": { path: () => "/portal/paths", loader: CUSTOMERS },
  // Published for every tier, so each customer may open it; staff follow no paths.
  "_app.portal.paths.$slug": { path: (f) => `/portal/paths/${f.pathSlug}`, params: (f) => ({ slug: f.pathSlug }), loader: CUSTOMERS },
  "_app.portal.book": {
    path: () => "/portal/book",
    loader: CUSTOMERS,
    action: {
      allowed: CUSTOMERS,
      form: () => ({ intent: "book", purpose: "Plan our rollout across the company", startsAt: "2030-01-07T10:00:00.000Z" }),
    },
  },
  // A CSM sees their own booked hours (the fixture's booking is the fixture CSM's), admins everyone's.
  "_app.console.bookings._index": { path: () => "/console/bookings", loader: ["CSM", "ADMIN"] },
  "_app.console.bookings.$bookingId": {
    path: (f) => `/console/bookings/${f.startedBookingId}`,
    params: (f) => ({ bookingId: f.startedBookingId }),
    loader: ["CSM", "ADMIN"],
    action: { allowed: ["CSM", "ADMIN"], form: () => ({ intent: "mark", outcome: "NO_SHOW" }) },
  },
  "_app.admin.routing": {
    path: () => "/admin/routing?try=password",
    loader: ["ADMIN"],
    action: { allowed: ["ADMIN"], form: () => ({ intent: "save-rule", label: "Evil", keywords: "evil", target: "CSM", active: "on" }) },
  },
  "_app.admin.api-keys": {
    path: () => "/admin/api-keys",
    loader: ["ADMIN"],
    action: { allowed: ["ADMIN"], form: () => ({ intent: "create-key", name: "Evil key" }) },
  },
  // The product-usage API: its bearer key is the credential, never a session (api-events.test.ts
  // proves a session cookie alone is refused with 401 and writes nothing).
  "api.v1.events": { path: () => "/api/v1/events", api: true, action: { allowed: "public", form: () => ({}) } },
  "_app.admin.scoring": {
    path: () => "/admin/scoring",
    loader: ["ADMIN"],
    action: {
      allowed: ["ADMIN"],
      form: () => ({
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
      }),
    },
  },
  // The home account has no owner CSM, so only admins may make its health call.
  "_app.console.accounts.$accountId_.health": {
    path: (f) => `/console/accounts/${f.accountId}/health`,
    params: (f) => ({ accountId: f.accountId }),
    loader: ["ADMIN"],
    action: {
      allowed: ["ADMIN"],
      form: () => ({
        intent: "set-call",
        health: "RED",
        reason: "Evil call",
        expiresOn: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
      }),
    },
  },
  "_app.admin.jobs": { path: () => "/admin/jobs", loader: ["ADMIN"], action: { allowed: ["ADMIN"], form: () => ({ jobId: "none" }) } },
  "_app.console.library.$contentId_.video": {
    path: (f) => `/console/library/${f.videoContentId}/video`,
    params: (f) => ({ contentId: f.videoContentId }),
    loader: ["PUBLISHER", "ADMIN"],
    action: { allowed: ["PUBLISHER", "ADMIN"], form: () => ({ intent: "start-upload", sizeBytes: "1000" }) },
  },
  // Publishers PUT chunks here; everybody else is refused before the body is read, whatever it is.
  "uploads.video.$videoId": {
    path: (f) => `/uploads/video/${f.videoId}`,
    params: (f) => ({ videoId: f.videoId }),
    action: { allowed: ["PUBLISHER", "ADMIN"], form: () => ({ chunk: "evil bytes" }) },
  },
  "_app.console.newsletters.topics": {
    path: () => "/console/newsletters/topics",
    loader: ["PUBLISHER", "ADMIN"],
    action: { allowed: ["PUBLISHER", "ADMIN"], form: () => ({ intent: "create-topic", name: "Evil topic", audience: "subscribed" }) },
  },
  "_app.console.newsletters.reports": { path: () => "/console/newsletters/reports", loader: ["PUBLISHER", "ADMIN"] },
  "_app.console.newsletters.$newsletterId_.report": {
    path: (f) => `/console/newsletters/${f.newsletterId}/report`,
    params: (f) => ({ newsletterId: f.newsletterId }),
    loader: ["PUBLISHER", "ADMIN"],
  },
  "console.newsletters.$newsletterId.report.export": {
    path: (f) => `/console/newsletters/${f.newsletterId}/report/export`,
    params: (f) => ({ newsletterId: f.newsletterId }),
    loader: ["PUBLISHER", "ADMIN"],
  },
  "_app.admin.suppressions": {
    path: () => "/admin/suppressions",
    loader: ["ADMIN"],
    action: { allowed: ["ADMIN"], form: () => ({ intent: "add", email: "evil@example.com" }) },
  },
  // Signed links from newsletters: the token is the credential, a bad one is 404 for everybody
  // (email-consent.test.ts and webhooks-resend.test.ts cover them).
  "email.unsubscribe.$token": {
    path: () => "/email/unsubscribe/nope",
    params: () => ({ token: "nope" }),
    action: { allowed: "public", form: () => ({}) },
  },
  "email.preferences.$token": {
    path: () => "/email/preferences/nope",
    params: () => ({ token: "nope" }),
    action: { allowed: "public", form: () => ({ intent: "opt-out" }) },
  },
  "email.click.$token": { path: () => "/email/click/nope", params: () => ({ token: "nope" }) },
  // Resend's Svix signature is the credential, not a session.
  "webhooks.resend": { path: () => "/webhooks/resend", action: { allowed: "public", form: () => ({}) } },
  // Mux's signature is the credential, not a session (webhook tests cover it).
  "webhooks.mux": { path: () => "/webhooks/mux", action: { allowed: "public", form: () => ({}) } },
  // The video item is for the LOW tier: the home account (LOW) and staff may watch, the other (TECH) may not.
  "media.videos.$contentId": {
    path: (f) => `/media/videos/${f.videoContentId}`,
    params: (f) => ({ contentId: f.videoContentId }),
    loader: ["MEMBER", "ACCOUNT_ADMIN", ...STAFF],
  },
  "media.videos.$contentId_.captions": {
    path: (f) => `/media/videos/${f.videoContentId}/captions`,
    params: (f) => ({ contentId: f.videoContentId }),
    loader: ["MEMBER", "ACCOUNT_ADMIN", ...STAFF],
  },
};

const cookies = new Map<Actor, string | null>();
let fixture: Fixture;

beforeAll(async () => {
  await createTierPolicies();
  const home = await createAccount({ tier: "LOW" });
  const other = await createAccount({ tier: "TECH" });
  const users: Array<[Actor, Role, string | null]> = [
    ["MEMBER", "MEMBER", home.id],
    ["ACCOUNT_ADMIN", "ACCOUNT_ADMIN", home.id],
    ["CSM", "CSM", null],
    ["PUBLISHER", "PUBLISHER", null],
    ["ADMIN", "ADMIN", null],
    ["OTHER_MEMBER", "MEMBER", other.id],
    ["OTHER_ACCOUNT_ADMIN", "ACCOUNT_ADMIN", other.id],
  ];
  cookies.set("anonymous", null);
  const ids = new Map<Actor, string>();
  for (const [actor, role, accountId] of users) {
    const user = await createUser({ role, accountId });
    ids.set(actor, user.id);
    cookies.set(actor, await sessionCookieFor(user.id));
  }
  const admin = await prisma.user.findUniqueOrThrow({ where: { id: ids.get("ADMIN")! } });
  await createInvite({ ...admin, name: admin.name }, { email: "newcomer@example.com", role: "MEMBER", accountId: home.id });
  const message = await prisma.outboxMessage.create({
    data: { idempotencyKey: "access-test", from: "a@b.example", to: "c@d.example", subject: "Hello", html: "<p>Hi</p>", text: "Hi" },
  });
  const batch = await stageImport({
    kind: "ACCOUNTS",
    file: new File(["Record ID,Company name\ncrm-1,Acme\n"], "accounts.csv", { type: "text/csv" }),
    createdById: ids.get("ADMIN")!,
  });
  const session = await prisma.liveSession.create({
    data: {
      kind: "EXPERT",
      status: "PUBLISHED",
      title: "Access check",
      startsAt: new Date(Date.now() + 7 * 86_400_000),
      durationMinutes: 60,
      timeZone: "UTC",
      meetingUrl: "https://meet.example.com/access",
      seatCap: 5,
      hosts: { create: [{ userId: ids.get("CSM")! }] },
    },
  });
  const book = await prisma.contentItem.create({
    data: {
      kind: "EBOOK",
      status: "PUBLISHED",
      slug: "access-handbook",
      title: "Access handbook",
      publishedAt: new Date(),
      chapters: { create: [{ position: 1, title: "Start", body: "Read me." }] },
    },
  });
  const storageKey = newStorageKey("ebooks", "access.pdf");
  await putFile(storageKey, new TextEncoder().encode("%PDF-1.4\n%%EOF\n"));
  await prisma.contentFile.create({
    data: { contentId: book.id, filename: "access.pdf", mimeType: "application/pdf", sizeBytes: 15, storageKey },
  });
  const videoItem = await createVideoItem({ audienceTiers: "LOW" });
  const captionsKey = newStorageKey("captions", "captions-en.vtt");
  await putFile(captionsKey, new TextEncoder().encode("WEBVTT\n"));
  const video = await storeReadyLocalVideo(videoItem.id, undefined, { captionsKey, captionsLang: "en" });
  const item = await prisma.contentItem.create({
    data: { kind: "ONE_PAGER", status: "PUBLISHED", slug: "access-check-item", title: "Access check item", publishedAt: new Date() },
  });
  const draftPath = await prisma.learningPath.create({
    data: { slug: "access-draft", title: "Access draft", steps: { create: [{ position: 1, contentId: item.id }] } },
  });
  const publishedPath = await prisma.learningPath.create({
    data: {
      slug: "access-published",
      title: "Access published",
      status: "PUBLISHED",
      publishedAt: new Date(),
      steps: { create: [{ position: 1, contentId: item.id }] },
    },
  });
  const sendTopic = await prisma.newsletterTopic.create({ data: { slug: "access-send-topic", name: "Access send topic" } });
  const sendNewsletter = await prisma.newsletter.create({
    data: { subject: "Access news", topicId: sendTopic.id, blocks: JSON.stringify([{ type: "text", markdown: "Hi" }]) },
  });
  const offering = await csmHourOffering();
  const hourStarts = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 7 * 86_400_000);
  const bookingFor = (startsAt: Date) =>
    prisma.csmBooking.create({
      data: {
        offeringId: offering.id,
        csmId: ids.get("CSM")!,
        accountId: home.id,
        bookedById: ids.get("MEMBER")!,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3_600_000),
        timeZone: "UTC",
        purpose: "Access check",
      },
    });
  const topic = await prisma.newsletterTopic.create({ data: { slug: "access-topic", name: "Access topic" } });
  const newsletter = await prisma.newsletter.create({ data: { subject: "Access news", topicId: topic.id, status: "SENT" } });
  const startedBooking = await bookingFor(new Date(Date.now() - 2 * 3_600_000));
  const upcomingBooking = await bookingFor(hourStarts);
  const segment = await prisma.segment.create({
    data: { name: "Access segment", rules: JSON.stringify({ match: "all", conditions: [{ field: "tier", op: "in", values: ["LOW"] }] }) },
  });
  const draftNewsletter = await prisma.newsletter.create({
    data: { subject: "Access check", topicId: topic.id, blocks: JSON.stringify([{ type: "text", markdown: "Hello" }]) },
  });
  fixture = {
    accountId: home.id,
    memberId: ids.get("MEMBER")!,
    messageId: message.id,
    batchId: batch.id,
    sessionId: session.id,
    contentId: book.id,
    contentSlug: book.slug,
    videoContentId: videoItem.id,
    videoId: video.id,
    draftPathId: draftPath.id,
    pathSlug: publishedPath.slug,
    startedBookingId: startedBooking.id,
    upcomingBookingId: upcomingBooking.id,
    segmentId: segment.id,
    newsletterId: newsletter.id,
    draftNewsletterId: draftNewsletter.id,
    sendNewsletterId: sendNewsletter.id,
  };
});

/** Everything a refused request must leave exactly as it was. */
async function fingerprint() {
  const [
    users,
    accounts,
    invites,
    jobs,
    policies,
    overrides,
    batches,
    sessions,
    liveSessions,
    registrations,
    progress,
    events,
    content,
    files,
    videos,
    paths,
    availability,
    hourBalances,
    hourLines,
    bookings,
    notes,
    queueEntries,
    apiKeys,
    segments,
    newsletterConsent,
  ] = await Promise.all([
    prisma.user.findMany({ orderBy: { id: "asc" }, select: { id: true, role: true, deactivatedAt: true, name: true } }),
    prisma.account.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, updatedAt: true } }),
    prisma.invite.count(),
    prisma.job.count(),
    prisma.tierPolicy.findMany({ orderBy: { tier: "asc" } }),
    prisma.entitlementOverride.count(),
    prisma.importBatch.findMany({ select: { id: true, status: true } }),
    prisma.session.count(),
    prisma.liveSession.findMany({
      orderBy: { id: "asc" },
      select: { id: true, title: true, status: true, seatsTaken: true, sequence: true },
    }),
    prisma.registration.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, attendance: true } }),
    prisma.contentProgress.count(),
    prisma.engagementEvent.count({ where: { kind: { startsWith: "video." } } }),
    prisma.contentItem.findMany({ orderBy: { id: "asc" }, select: { id: true, title: true, status: true, updatedAt: true } }),
    prisma.contentFile.findMany({ orderBy: { id: "asc" }, select: { id: true, storageKey: true } }),
    prisma.video.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, receivedBytes: true, storageKey: true } }),
    prisma.learningPath.findMany({
      orderBy: { id: "asc" },
      select: { id: true, title: true, status: true, steps: { orderBy: { position: "asc" }, select: { id: true, note: true } } },
    }),
    Promise.all([
      prisma.csmAvailability.findMany({ orderBy: { userId: "asc" } }),
      prisma.availabilityOverride.findMany({ orderBy: { id: "asc" } }),
      prisma.timeOff.findMany({ orderBy: { id: "asc" } }),
    ]),
    prisma.hourBalance.findMany({
      orderBy: [{ accountId: "asc" }, { periodStart: "asc" }],
      select: { accountId: true, granted: true, used: true },
    }),
    prisma.hourLedger.count(),
    prisma.csmBooking.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, followUpSentAt: true } }),
    prisma.accountNote.count(),
    prisma.queueEntry.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true } }),
    prisma.apiKey.findMany({ orderBy: { id: "asc" }, select: { id: true, revokedAt: true } }),
    prisma.segment.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, updatedAt: true } }),
    Promise.all([
      prisma.newsletterTopic.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, archivedAt: true } }),
      prisma.emailSuppression.count(),
      prisma.topicPreference.count(),
      prisma.newsletterOptOut.count(),
    ]),
  ]);
  return JSON.stringify({
    users,
    accounts,
    invites,
    jobs,
    policies,
    overrides,
    batches,
    sessions,
    liveSessions,
    registrations,
    progress,
    events,
    content,
    files,
    videos,
    paths,
    availability,
    hourBalances,
    hourLines,
    bookings,
    notes,
    queueEntries,
    apiKeys,
    segments,
    newsletterConsent,
  });
}

const ALL: Actor[] = ["anonymous", ...SIGNED_IN];
const files = Object.keys(modules).map((file) => file.replace("../app/routes/", "").replace(/\.tsx$/, ""));

describe("access to every route", () => {
  it("has a row for every route file", () => {
    expect(files.filter((file) => !ACCESS[file]).sort()).toEqual([]);
  });

  for (const file of files) {
    const access = ACCESS[file];
    const route = modules[`../app/routes/${file}.tsx`]!;
    if (!access) continue;

    if (route.loader && access.loader) {
      it(`GET ${file}`, async () => {
        for (const actor of ALL) {
          const request = buildRequest(access.path(fixture), { cookie: cookies.get(actor) });
          const result = await invoke(route.loader as never, request, access.params?.(fixture));
          const rule = access.loader!;
          const allowed = rule === "public" || (rule === "anonymous" ? actor === "anonymous" : rule.includes(actor));
          if (allowed) {
            expect([200, 302], `${actor} may load ${file}`).toContain(result.status);
          } else if (actor === "anonymous") {
            expect(result.status, `anonymous is sent to sign in from ${file}`).toBe(302);
            expect(result.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
          } else if (rule === "anonymous") {
            expect(result.status, `${actor} is sent home from ${file}`).toBe(302);
          } else {
            expect([403, 404], `${actor} is refused ${file}`).toContain(result.status);
          }
        }
      });
    }

    if (route.action && access.action && access.action.allowed !== "public") {
      const allowed = access.action.allowed;
      it(`POST ${file} changes nothing for those who may not`, async () => {
        for (const actor of ALL.filter((candidate) => !allowed.includes(candidate))) {
          const before = await fingerprint();
          const request = buildRequest(access.path(fixture), { cookie: cookies.get(actor), form: access.action!.form(fixture) });
          const result = await invoke(route.action as never, request, access.params?.(fixture));
          if (actor === "anonymous") expect(result.status, `anonymous posting to ${file}`).toBe(access.api ? 401 : 302);
          else expect([403, 404], `${actor} posting to ${file}`).toContain(result.status);
          expect(await fingerprint(), `${actor} posting to ${file} left everything as it was`).toBe(before);
        }
      });
    }
  }

  it("lets an account admin manage only their own account's people", async () => {
    const team = modules["../app/routes/_app.portal.team.tsx"]!;
    const before = await fingerprint();
    for (const intent of ["deactivate", "reactivate"]) {
      const request = buildRequest("/portal/team", {
        cookie: cookies.get("OTHER_ACCOUNT_ADMIN"),
        form: { intent, userId: fixture.memberId },
      });
      expect((await invoke(team.action as never, request)).status).toBe(404);
    }
    const roleChange = buildRequest("/portal/team", {
      cookie: cookies.get("OTHER_ACCOUNT_ADMIN"),
      form: { intent: "change-role", userId: fixture.memberId, role: "ACCOUNT_ADMIN" },
    });
    expect((await invoke(team.action as never, roleChange)).status).toBe(404);
    expect(await fingerprint()).toBe(before);
  });

  it("lets only admins top up an account's CSM hours", async () => {
    const accountPage = modules["../app/routes/_app.console.accounts.$accountId.tsx"]!;
    for (const actor of ALL.filter((candidate) => candidate !== "ADMIN")) {
      const before = await fingerprint();
      const request = buildRequest(`/console/accounts/${fixture.accountId}`, {
        cookie: cookies.get(actor),
        form: { intent: "top-up-hours", hours: "5", reason: "Evil top-up" },
      });
      const result = await invoke(accountPage.action as never, request, { accountId: fixture.accountId });
      expect(result.status, `${actor} topping up`).toBe(actor === "anonymous" ? 302 : 403);
      expect(await fingerprint(), `${actor} topping up left everything as it was`).toBe(before);
    }
  });
});
