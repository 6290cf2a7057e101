import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "#test/factories.ts";
import {
  createCustomer,
  createNewsletterRow,
  createRecipient,
  createSentNewsletter,
  createTopic,
  READY_BLOCKS,
} from "#test/newsletter-factories.ts";
import { buildRequest, invoke, sessionCookieFor, TEST_ORIGIN } from "#test/request.ts";
import { recipientLinks } from "~/modules/newsletters/consent-links.server.ts";
import { CONDITION_FIELDS } from "~/modules/newsletters/segments.ts";
import { prisma } from "~/utils/db.server.ts";
import * as suppressions from "./_app.admin.suppressions.tsx";
import * as editor from "./_app.console.newsletters.$newsletterId.tsx";
import * as preview from "./_app.console.newsletters.$newsletterId_.preview.tsx";
import * as report from "./_app.console.newsletters.$newsletterId_.report.tsx";
import * as send from "./_app.console.newsletters.$newsletterId_.send.tsx";
import * as list from "./_app.console.newsletters._index.tsx";
import * as create from "./_app.console.newsletters.new.tsx";
import * as reports from "./_app.console.newsletters.reports.tsx";
import * as topics from "./_app.console.newsletters.topics.tsx";
import * as segment from "./_app.console.segments.$segmentId.tsx";
import * as segments from "./_app.console.segments._index.tsx";
import * as newSegment from "./_app.console.segments.new.tsx";
import * as email from "./console.newsletters.$newsletterId.email.tsx";
import * as exportCsv from "./console.newsletters.$newsletterId.report.export.tsx";
import * as count from "./console.segments.count.tsx";
import * as click from "./email.click.$token.tsx";
import * as preferences from "./email.preferences.$token.tsx";
import * as unsubscribe from "./email.unsubscribe.$token.tsx";
import * as webhook from "./webhooks.resend.tsx";

// Every route issue 6 added, fed missing, malformed, oversized and unknown input by a signed-in admin
// (who may do everything) and signed out: each answer must be below 500 (a 4xx, or a page that
// explains). One failure lists every route and input that crashed, not just the first.

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => unknown;
/** `allowed`: a 5xx the route answers on purpose (the webhook's 503 while no secret is configured, so Resend retries). */
type Case = { label: string; handler: Handler; request: () => Request; params: Record<string, string>; allowed?: number };

const HUGE = "x".repeat(100_000);
const ODD_VALUES = ["", " ", "-1", "1e999", "NaN", "null", "[]", '{"a":', "<script>alert(1)</script>", "../../etc/passwd", "\u0000", HUGE];
const FIELDS = [
  "subject",
  "preheader",
  "topicId",
  "segmentId",
  "type",
  "markdown",
  "sessionId",
  "contentId",
  "label",
  "url",
  "index",
  "pressKey",
  "when",
  "at",
  "localDate",
  "localHour",
  "name",
  "description",
  "audience",
  "id",
  "topic",
  "email",
  "detail",
  "match",
  "add",
  "remove",
  "tz",
  "c.0.field",
  "c.0.op",
  "c.0.values",
  "c.0.min",
  "c.0.max",
  "c.0.days",
  "c.0.topicId",
  "c.0.sessionId",
  "c.0.topic",
  "c.99.field",
  "c.-1.field",
];
const QUERIES = [
  "",
  "?status=NOPE",
  "?status=SENT&status=DRAFT",
  "?event=nope&page=-3",
  "?event=opened&page=99999999999999999999",
  "?page=abc",
  "?tz=Not/AZone",
  "?tz=" + HUGE,
  "?q=" + HUGE,
  "?q=%25%00",
  "?topicId=nosuch&segmentId=nosuch",
  "?segmentId=" + HUGE,
  "?match=any&c.0.field=arr&c.0.min=-5&c.0.max=1e999",
  "?c.0.field=subscribed&c.0.op=is&c.0.topicId=" + HUGE,
  "?c.0.field=attended&c.0.op=did&c.0.days=NaN&c.0.sessionId=nosuch",
  "?deleted=1&to=javascript:alert(1)",
];

/** Forms with this route's intents (and ones it does not know): empty, then every field at each odd value. */
function formsFor(intents: string[]): Array<Record<string, string | string[]>> {
  const forms: Array<Record<string, string | string[]>> = [{}, { intent: "nope" }, { intent: HUGE }, { intent: ["send", "pause"] }];
  for (const intent of intents) {
    forms.push({ intent });
    for (const value of ODD_VALUES) forms.push({ intent, ...Object.fromEntries(FIELDS.map((field) => [field, value])) });
    forms.push({ intent, ...Object.fromEntries(FIELDS.map((field) => [field, ["1", "2"]])) });
    for (const kind of CONDITION_FIELDS)
      forms.push({ intent, "c.0.field": kind, "c.0.op": "nope", "c.0.values": ["NOPE", HUGE], "c.0.days": "-1" });
    forms.push({ intent, type: "cta", label: "Go", url: "javascript:alert(1)", index: "9999" });
    forms.push({ intent, when: "at", at: "2099-13-45T25:61" });
    forms.push({ intent, when: "local", localDate: "1900-02-30", localHour: "99" });
  }
  return forms;
}

/** Bodies that are not the form the route expects at all. */
const RAW_BODIES: Array<{ label: string; headers: Record<string, string>; body: string }> = [
  { label: "JSON", headers: { "Content-Type": "application/json" }, body: '{"intent":"send"}' },
  { label: "broken multipart", headers: { "Content-Type": "multipart/form-data; boundary=zzz" }, body: "--zzz\r\nnonsense" },
  { label: "bad urlencoding", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "intent=%E0%A4%A&subject=%%%" },
  { label: "no content type", headers: {}, body: "intent=send" },
];

let cookie: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const admin = await createUser({ role: "ADMIN" });
  cookie = await sessionCookieFor(admin.id);
  const topic = await createTopic();
  ids.topic = topic.id;
  ids.draft = (await createNewsletterRow({ topicId: topic.id, blocks: READY_BLOCKS })).id;
  ids.empty = (await createNewsletterRow({ topicId: topic.id, subject: "" })).id;
  ids.sent = (await createSentNewsletter({ topicId: topic.id })).id;
  const person = await createCustomer();
  const recipient = await createRecipient(ids.sent, person);
  const links = await recipientLinks({ userId: person.id, topicId: topic.id, recipientId: recipient.id });
  ids.unsub = links.unsubscribeUrl.split("/").pop()!;
  ids.prefs = links.preferencesUrl.split("/").pop()!;
  ids.click = links.recipientToken;
  ids.segment = (
    await prisma.segment.create({ data: { name: `Sweep ${Date.now()}`, rules: JSON.stringify({ match: "all", conditions: [] }) } })
  ).id;
});

const NEWSLETTER_IDS = () => [ids.draft!, ids.empty!, ids.sent!, "nosuch", HUGE.slice(0, 3000), "%00"];

function getCases(label: string, handler: Handler, path: (id: string) => string, paramName: string | null, idsOf: () => string[]): Case[] {
  const cases: Case[] = [];
  for (const id of paramName ? idsOf() : [""]) {
    for (const query of QUERIES) {
      for (const signedIn of [true, false]) {
        cases.push({
          label: `${label} GET ${id.slice(0, 12)} ${query.slice(0, 40)} ${signedIn ? "admin" : "signed out"}`,
          handler,
          request: () => buildRequest(`${path(id)}${query}`, { cookie: signedIn ? cookie : null }),
          params: paramName ? { [paramName]: id } : {},
        });
      }
    }
  }
  return cases;
}

function postCases(
  label: string,
  handler: Handler,
  path: (id: string) => string,
  paramName: string | null,
  idsOf: () => string[],
  intents: string[],
): Case[] {
  const cases: Case[] = [];
  for (const id of paramName ? idsOf() : [""]) {
    const params = paramName ? { [paramName]: id } : {};
    for (const form of formsFor(intents)) {
      cases.push({
        label: `${label} POST ${id.slice(0, 12)} ${JSON.stringify(form).slice(0, 80)}`,
        handler,
        request: () => buildRequest(path(id), { cookie, form }),
        params,
      });
    }
    for (const raw of RAW_BODIES) {
      cases.push({
        label: `${label} POST ${id.slice(0, 12)} ${raw.label}`,
        handler,
        request: () => buildRequest(path(id), { cookie, method: "POST", headers: raw.headers, body: raw.body }),
        params,
      });
    }
    cases.push({
      label: `${label} POST signed out`,
      handler,
      request: () => buildRequest(path(id), { form: { intent: intents[0] ?? "x" } }),
      params,
    });
  }
  return cases;
}

const EDITOR_INTENTS = ["details", "add-block", "save-block", "move-up", "move-down", "remove-block", "send-test"];
const SEND_INTENTS = ["send", "pause", "resume", "cancel"];
const TOPIC_INTENTS = ["create-topic", "update-topic", "archive-topic", "restore-topic"];
const SEGMENT_INTENTS = ["save", "preview", "add", "remove", "delete"];

const ROUTES: Array<{ name: string; cases: () => Case[] }> = [
  {
    name: "/console/newsletters",
    cases: () =>
      getCases(
        "list",
        list.loader as Handler,
        () => "/console/newsletters",
        null,
        () => [],
      ),
  },
  {
    name: "/console/newsletters/new",
    cases: () => [
      ...getCases(
        "new",
        create.loader as Handler,
        () => "/console/newsletters/new",
        null,
        () => [],
      ),
      ...postCases(
        "new",
        create.action as Handler,
        () => "/console/newsletters/new",
        null,
        () => [],
        ["details", "create"],
      ),
    ],
  },
  {
    name: "/console/newsletters/:id",
    cases: () => [
      ...getCases("editor", editor.loader as Handler, (id) => `/console/newsletters/${id}`, "newsletterId", NEWSLETTER_IDS),
      ...postCases(
        "editor",
        editor.action as Handler,
        (id) => `/console/newsletters/${id}`,
        "newsletterId",
        NEWSLETTER_IDS,
        EDITOR_INTENTS,
      ),
    ],
  },
  {
    name: "/console/newsletters/:id/preview",
    cases: () => [
      ...getCases("preview", preview.loader as Handler, (id) => `/console/newsletters/${id}/preview`, "newsletterId", NEWSLETTER_IDS),
      ...postCases("preview", preview.action as Handler, (id) => `/console/newsletters/${id}/preview`, "newsletterId", NEWSLETTER_IDS, [
        "send-test",
        "details",
      ]),
    ],
  },
  {
    name: "/console/newsletters/:id/send",
    cases: () => [
      ...getCases("send", send.loader as Handler, (id) => `/console/newsletters/${id}/send`, "newsletterId", NEWSLETTER_IDS),
      ...postCases("send", send.action as Handler, (id) => `/console/newsletters/${id}/send`, "newsletterId", NEWSLETTER_IDS, SEND_INTENTS),
    ],
  },
  {
    name: "/console/newsletters/:id/report (+ export, email)",
    cases: () => [
      ...getCases("report", report.loader as Handler, (id) => `/console/newsletters/${id}/report`, "newsletterId", NEWSLETTER_IDS),
      ...getCases(
        "export",
        exportCsv.loader as Handler,
        (id) => `/console/newsletters/${id}/report/export`,
        "newsletterId",
        NEWSLETTER_IDS,
      ),
      ...getCases("email", email.loader as Handler, (id) => `/console/newsletters/${id}/email`, "newsletterId", NEWSLETTER_IDS),
    ],
  },
  {
    name: "/console/newsletters/reports and /topics",
    cases: () => [
      ...getCases(
        "reports",
        reports.loader as Handler,
        () => "/console/newsletters/reports",
        null,
        () => [],
      ),
      ...getCases(
        "topics",
        topics.loader as Handler,
        () => "/console/newsletters/topics",
        null,
        () => [],
      ),
      ...postCases(
        "topics",
        topics.action as Handler,
        () => "/console/newsletters/topics",
        null,
        () => [],
        TOPIC_INTENTS,
      ),
    ],
  },
  {
    name: "/console/segments (+ new, :id, count)",
    cases: () => [
      ...getCases(
        "segments",
        segments.loader as Handler,
        () => "/console/segments",
        null,
        () => [],
      ),
      ...getCases(
        "new segment",
        newSegment.loader as Handler,
        () => "/console/segments/new",
        null,
        () => [],
      ),
      ...postCases(
        "new segment",
        newSegment.action as Handler,
        () => "/console/segments/new",
        null,
        () => [],
        SEGMENT_INTENTS,
      ),
      ...getCases(
        "segment",
        segment.loader as Handler,
        (id) => `/console/segments/${id}`,
        "segmentId",
        () => [ids.segment!, "nosuch"],
      ),
      ...postCases(
        "segment",
        segment.action as Handler,
        (id) => `/console/segments/${id}`,
        "segmentId",
        () => ["nosuch", ids.segment!],
        SEGMENT_INTENTS,
      ),
      ...getCases(
        "count",
        count.loader as Handler,
        () => "/console/segments/count",
        null,
        () => [],
      ),
    ],
  },
  {
    name: "/admin/suppressions",
    cases: () => [
      ...getCases(
        "suppressions",
        suppressions.loader as Handler,
        () => "/admin/suppressions",
        null,
        () => [],
      ),
      ...postCases(
        "suppressions",
        suppressions.action as Handler,
        () => "/admin/suppressions",
        null,
        () => [],
        ["add", "remove"],
      ),
    ],
  },
  {
    name: "/email/click, /email/unsubscribe, /email/preferences",
    cases: () => {
      const tokens = () => [ids.click!, ids.unsub!, ids.prefs!, "nosuch", "a.b.c", `${ids.unsub!}x`, HUGE.slice(0, 5000), "..%2F"];
      return [
        ...getCases("click", click.loader as Handler, (token) => `/email/click/${encodeURIComponent(token)}`, "token", tokens),
        ...getCases(
          "unsubscribe",
          unsubscribe.loader as Handler,
          (token) => `/email/unsubscribe/${encodeURIComponent(token)}`,
          "token",
          tokens,
        ),
        ...postCases(
          "unsubscribe",
          unsubscribe.action as Handler,
          (token) => `/email/unsubscribe/${encodeURIComponent(token)}`,
          "token",
          tokens,
          ["resubscribe", "unsubscribe"],
        ),
        ...getCases(
          "preferences",
          preferences.loader as Handler,
          (token) => `/email/preferences/${encodeURIComponent(token)}`,
          "token",
          tokens,
        ),
        ...postCases(
          "preferences",
          preferences.action as Handler,
          (token) => `/email/preferences/${encodeURIComponent(token)}`,
          "token",
          tokens,
          ["save", "opt-out", "opt-in"],
        ),
      ];
    },
  },
  {
    name: "/webhooks/resend",
    cases: () => {
      const bodies = ["", "{", "[]", "null", '{"type":"email.delivered","data":{}}', HUGE, "\u0000"];
      const headerSets: Array<Record<string, string>> = [
        {},
        { "svix-id": "msg_1", "svix-timestamp": "nope", "svix-signature": "v1,abc" },
        { "svix-id": HUGE.slice(0, 5000), "svix-timestamp": String(Math.floor(Date.now() / 1000)), "svix-signature": "garbage" },
        { "Content-Type": "application/json", "svix-id": "", "svix-timestamp": "", "svix-signature": "" },
      ];
      const cases: Case[] = [];
      for (const secret of [undefined, "whsec_c2VjcmV0c2VjcmV0c2VjcmV0"]) {
        for (const body of bodies) {
          for (const headers of headerSets) {
            cases.push({
              label: `webhook ${secret ? "with" : "without"} secret ${body.slice(0, 20)} ${Object.keys(headers).join(",")}`,
              handler: (async (args: ActionFunctionArgs) => {
                const before = process.env.RESEND_WEBHOOK_SECRET;
                if (secret) process.env.RESEND_WEBHOOK_SECRET = secret;
                else delete process.env.RESEND_WEBHOOK_SECRET;
                (await import("~/utils/env.server.ts")).resetEnvForTests();
                try {
                  return await webhook.action(args);
                } finally {
                  if (before === undefined) delete process.env.RESEND_WEBHOOK_SECRET;
                  else process.env.RESEND_WEBHOOK_SECRET = before;
                  (await import("~/utils/env.server.ts")).resetEnvForTests();
                }
              }) as Handler,
              request: () => new Request(`${TEST_ORIGIN}/webhooks/resend`, { method: "POST", headers, body }),
              params: {},
              allowed: secret ? undefined : 503,
            });
          }
        }
      }
      cases.push({
        label: "webhook GET",
        handler: webhook.action as Handler,
        request: () => new Request(`${TEST_ORIGIN}/webhooks/resend`),
        params: {},
      });
      return cases;
    },
  },
];

describe("newsletter routes never answer 500 to bad input", () => {
  it.each(ROUTES.map((route) => [route.name, route] as const))("%s", async (_name, route) => {
    const crashes: string[] = [];
    const statuses = new Set<number>();
    const cases = route.cases();
    for (const entry of cases) {
      try {
        const result = await invoke(entry.handler, entry.request(), entry.params);
        statuses.add(result.status);
        if (result.status >= 500 && result.status !== entry.allowed)
          crashes.push(`${entry.label} → ${result.status} ${String(result.body).slice(0, 120)}`);
      } catch (error) {
        crashes.push(`${entry.label} → threw ${error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : String(error)}`);
      }
    }
    expect(crashes).toEqual([]);
    // The inputs reached the handlers and mattered: they were not all answered alike (a redirect to sign in, say).
    expect(statuses.size).toBeGreaterThan(1);
  });
});
