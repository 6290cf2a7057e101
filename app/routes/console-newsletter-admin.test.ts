import { beforeAll, describe, expect, it } from "vitest";
import { unsubscribeFromTopic } from "~/modules/newsletters/consent.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { createCustomer, createRecipient, createSentNewsletter, createTopic } from "#test/newsletter-factories.ts";
import { createUser } from "../../test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "../../test/request.ts";
import * as suppressionsRoute from "./_app.admin.suppressions.tsx";
import * as reportRoute from "./_app.console.newsletters.$newsletterId_.report.tsx";
import * as reportsRoute from "./_app.console.newsletters.reports.tsx";
import * as topicsRoute from "./_app.console.newsletters.topics.tsx";
import * as exportRoute from "./console.newsletters.$newsletterId.report.export.tsx";

let publisher: string;
let admin: string;

beforeAll(async () => {
  publisher = await sessionCookieFor((await createUser({ role: "PUBLISHER", timeZone: "America/New_York" })).id);
  admin = await sessionCookieFor((await createUser({ role: "ADMIN" })).id);
});

type Reply = { intent: string; done?: string; result: { error?: Record<string, string[] | null> } };

describe("topics", () => {
  const post = (form: Record<string, string>) =>
    invoke(topicsRoute.action, buildRequest("/console/newsletters/topics", { cookie: publisher, form }));
  const load = async () =>
    (await invoke(topicsRoute.loader, buildRequest("/console/newsletters/topics", { cookie: publisher }))).body as {
      topics: { id: string; name: string; subscribers: number; subscribedByDefault: boolean; archived: string | null }[];
    };

  it("creates a topic, refuses bad input with field messages (400) and a duplicate name (409)", async () => {
    const created = await post({ intent: "create-topic", name: "Release notes", description: "What shipped", audience: "opt-in" });
    expect(created.status).toBe(200);
    expect((created.body as Reply).done).toMatch(/Release notes created/);
    expect(await prisma.newsletterTopic.findUnique({ where: { slug: "release-notes" } })).toMatchObject({
      subscribedByDefault: false,
      description: "What shipped",
    });

    const invalid = await post({ intent: "create-topic", name: "x", audience: "maybe" });
    expect(invalid.status).toBe(400);
    expect(Object.keys((invalid.body as Reply).result.error ?? {}).sort()).toEqual(["audience", "name"]);

    const duplicate = await post({ intent: "create-topic", name: "Release  Notes", audience: "subscribed" });
    expect(duplicate.status).toBe(409);
    expect((duplicate.body as Reply).result.error?.name?.[0]).toMatch(/already exists/);
  });

  it("edits and archives a topic, and counts who a send would reach", async () => {
    const topic = await createTopic({ name: "Counting topic", subscribedByDefault: true });
    const [yes, no, suppressed] = [await createCustomer(), await createCustomer(), await createCustomer()];
    await unsubscribeFromTopic(no.id, topic.id);
    await prisma.emailSuppression.create({ data: { email: suppressed.email, reason: "MANUAL" } });
    const before = (await load()).topics.find((row) => row.id === topic.id)!;
    const customers = await prisma.user.count({
      where: { role: { in: ["MEMBER", "ACCOUNT_ADMIN"] }, deactivatedAt: null, accountId: { not: null } },
    });
    const optedOut = await prisma.newsletterOptOut.count();
    expect(before.subscribers).toBe(customers - 2 - optedOut);
    expect(yes).toBeTruthy();

    expect((await post({ intent: "update-topic", topicId: topic.id, name: "Counted topic", audience: "opt-in" })).status).toBe(200);
    const after = (await load()).topics.find((row) => row.id === topic.id)!;
    expect(after).toMatchObject({ name: "Counted topic", subscribedByDefault: false, subscribers: 0 });

    expect((await post({ intent: "archive-topic", topicId: topic.id })).status).toBe(200);
    expect((await load()).topics.find((row) => row.id === topic.id)?.archived).not.toBeNull();
    expect((await post({ intent: "restore-topic", topicId: topic.id })).status).toBe(200);
    expect((await load()).topics.find((row) => row.id === topic.id)?.archived).toBeNull();
    expect((await post({ intent: "update-topic", topicId: "gone", name: "Gone", audience: "opt-in" })).status).toBe(404);
  });
});

describe("suppression list", () => {
  const post = (form: Record<string, string>) =>
    invoke(suppressionsRoute.action, buildRequest("/admin/suppressions", { cookie: admin, form }));
  const list = async (query = "") =>
    (await invoke(suppressionsRoute.loader, buildRequest(`/admin/suppressions${query}`, { cookie: admin }))).body as {
      rows: { email: string; reason: string; reasonLabel: string; detail: string }[];
      total: number;
    };

  it("adds by hand, refuses bad and duplicate addresses, searches and removes", async () => {
    expect((await post({ intent: "add", email: "Someone@Example.COM", detail: "Asked by phone" })).status).toBe(200);
    expect(await prisma.emailSuppression.findUnique({ where: { email: "someone@example.com" } })).toMatchObject({
      reason: "MANUAL",
      detail: "Asked by phone",
    });
    const bad = await post({ intent: "add", email: "not-an-address" });
    expect(bad.status).toBe(400);
    expect((bad.body as Reply).result.error?.email).toBeTruthy();
    const duplicate = await post({ intent: "add", email: "someone@example.com" });
    expect(duplicate.status).toBe(409);
    expect((duplicate.body as Reply).result.error?.email?.[0]).toMatch(/already on the list \(added by hand\)/);

    await prisma.emailSuppression.create({
      data: { email: "bouncer@elsewhere.example", reason: "BOUNCE", detail: "Mailbox does not exist" },
    });
    const found = await list("?q=ELSEWHERE");
    expect(found.rows).toEqual([expect.objectContaining({ email: "bouncer@elsewhere.example", reasonLabel: "Hard bounce" })]);

    expect((await post({ intent: "remove", email: "someone@example.com" })).status).toBe(200);
    expect(await prisma.emailSuppression.findUnique({ where: { email: "someone@example.com" } })).toBeNull();
    expect((await post({ intent: "remove", email: "someone@example.com" })).status).toBe(404);
  });
});

describe("reports", () => {
  let newsletterId: string;
  const sentAt = new Date("2026-11-20T15:00:00.000Z");

  beforeAll(async () => {
    const topic = await createTopic();
    const newsletter = await createSentNewsletter({
      topicId: topic.id,
      subject: "Report digest",
      segmentName: "Report segment",
      startedAt: new Date(Date.now() - 7_200_000),
    });
    newsletterId = newsletter.id;
    const people = await Promise.all(Array.from({ length: 6 }, () => createCustomer()));
    const sent = { sentAt, deliveredAt: sentAt };
    await createRecipient(newsletterId, people[0]!, { ...sent, openedAt: sentAt, openCount: 2 });
    await createRecipient(newsletterId, people[1]!, { ...sent, clickedAt: sentAt, clickCount: 1 });
    await createRecipient(newsletterId, people[2]!, { sentAt, bouncedAt: sentAt, deliveredAt: null });
    await createRecipient(newsletterId, people[3]!, { ...sent, openedAt: sentAt, openCount: 1, complainedAt: sentAt });
    await createRecipient(newsletterId, people[4]!, { ...sent });
    await createRecipient(newsletterId, people[5]!, { status: "SKIPPED", sentAt: null, providerMessageId: null, skipReason: "Suppressed" });
    await unsubscribeFromTopic(people[4]!.id, topic.id);
    // Left the topic by one click before this send began: not counted against it.
    await unsubscribeFromTopic(people[1]!.id, topic.id, new Date(Date.now() - 3 * 3_600_000));
    // A second send to the same segment, to check the segment figures add up.
    const second = await createSentNewsletter({ topicId: topic.id, subject: "Second digest", segmentName: "Report segment" });
    await createRecipient(second.id, people[0]!, { ...sent, openedAt: sentAt });
  });

  it("adds up a newsletter's figures and rates from its recipient rows", async () => {
    const result = await invoke(reportRoute.loader, buildRequest(`/console/newsletters/${newsletterId}/report`, { cookie: publisher }), {
      newsletterId,
    });
    expect(result.status).toBe(200);
    const body = result.body as {
      counts: Record<string, number>;
      rates: Record<string, number | null>;
      recipients: { outcome: string; sent: string | null }[];
      total: number;
    };
    expect(body.counts).toEqual({
      recipients: 6,
      sent: 5,
      delivered: 4,
      opened: 3,
      clicked: 1,
      bounced: 1,
      complained: 1,
      unsubscribed: 1,
      skipped: 1,
      failed: 0,
      pending: 0,
    });
    expect(body.rates).toMatchObject({
      delivered: 80,
      opened: 60,
      clicked: 20,
      bounced: 20,
      complained: 20,
      unsubscribed: 20,
      clickToOpen: 33.3,
    });
    expect(body.recipients.map((row) => row.outcome).sort()).toEqual([
      "Bounced",
      "Clicked",
      "Complained",
      "Delivered",
      "Opened",
      "Skipped",
    ]);
    // In the viewer's zone (New York): 15:00 UTC is 10:00 there.
    expect(body.recipients.find((row) => row.sent)?.sent).toMatch(/10:00/);
  });

  it("filters recipients by event and downloads them as CSV", async () => {
    const filtered = async (event: string) =>
      (
        (
          await invoke(
            reportRoute.loader,
            buildRequest(`/console/newsletters/${newsletterId}/report?event=${event}`, { cookie: publisher }),
            { newsletterId },
          )
        ).body as { total: number }
      ).total;
    expect(await filtered("opened")).toBe(3);
    expect(await filtered("clicked")).toBe(1);
    expect(await filtered("unsubscribed")).toBe(1);
    expect(await filtered("skipped")).toBe(1);
    expect(await filtered("nonsense")).toBe(6);

    const csv = await invoke(
      exportRoute.loader,
      buildRequest(`/console/newsletters/${newsletterId}/report/export?event=bounced`, { cookie: publisher }),
      { newsletterId },
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toMatch(/text\/csv/);
    const lines = String(csv.body)
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^name,email,time_zone,outcome,status/);
    expect(lines[1]).toContain("Bounced");
    expect(lines[1]).toContain("2026-11-20T15:00:00.000Z");
  });

  it("answers 404 for an unknown newsletter and 403 to a CSM", async () => {
    expect(
      (await invoke(reportRoute.loader, buildRequest("/console/newsletters/nope/report", { cookie: publisher }), { newsletterId: "nope" }))
        .status,
    ).toBe(404);
    const csm = await sessionCookieFor((await createUser({ role: "CSM" })).id);
    expect(
      (await invoke(reportRoute.loader, buildRequest(`/console/newsletters/${newsletterId}/report`, { cookie: csm }), { newsletterId }))
        .status,
    ).toBe(403);
  });

  it("adds up sends by newsletter and by segment", async () => {
    const body = (await invoke(reportsRoute.loader, buildRequest("/console/newsletters/reports", { cookie: publisher }))).body as {
      byNewsletter: { id: string; subject: string; counts: { sent: number } }[];
      bySegment: {
        name: string;
        sends: number;
        counts: { recipients: number; sent: number; opened: number };
        rates: { opened: number | null };
      }[];
    };
    expect(body.byNewsletter.find((row) => row.id === newsletterId)).toMatchObject({ subject: "Report digest", counts: { sent: 5 } });
    expect(body.bySegment.find((row) => row.name === "Report segment")).toMatchObject({
      sends: 2,
      counts: { recipients: 7, sent: 6, opened: 4 },
      rates: { opened: 66.7 },
    });
  });
});
