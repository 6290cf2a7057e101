import { describe, expect, it } from "vitest";
import { createTopic, createNewsletterRow } from "#test/newsletter-factories.ts";
import { createContentItem, createLiveSession } from "#test/path-factories.ts";
import { createUser } from "#test/factories.ts";
import { prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { PLACEHOLDERS, personalise } from "./placeholders.ts";
import { renderNewsletterForZone } from "./render.server.ts";

const NOW = new Date("2026-11-20T10:00:00Z");
const START = new Date("2026-12-01T15:00:00Z");

async function scene() {
  const host = await createUser({ role: "CSM", name: "Casey Morgan" });
  const session = await createLiveSession({
    title: "Dashboards deep dive",
    kind: "EXPERT",
    startsAt: START,
    hosts: { create: [{ userId: host.id }] },
  });
  const cancelled = await createLiveSession({ title: "Old webinar", status: "CANCELLED", startsAt: START, cancelledAt: NOW });
  const over = await createLiveSession({ title: "Last week's webinar", startsAt: new Date("2026-11-10T15:00:00Z") });
  const draft = await createLiveSession({ title: "Secret draft", status: "DRAFT", startsAt: START });
  const video = await createContentItem({ kind: "VIDEO", title: "Filters in two minutes" });
  const topic = await createTopic({ name: "Product updates" });
  const newsletter = await createNewsletterRow({
    topicId: topic.id,
    subject: "December at Lyceum",
    preheader: "One session you should not miss",
    blocks: [
      { type: "text", markdown: "## This month\n\nRead the [release notes](https://docs.example.com/notes?a=1&b=2)." },
      { type: "session", sessionId: session.id },
      { type: "session", sessionId: cancelled.id },
      { type: "session", sessionId: over.id },
      { type: "session", sessionId: draft.id },
      { type: "content", contentId: video.id },
      { type: "cta", label: "Book an hour", url: "https://app.example.com/portal/book" },
    ],
  });
  return { session, video, newsletter };
}

const tracked = (url: string) => `${getEnv().APP_URL}/email/click/${PLACEHOLDERS.recipientToken}?to=${encodeURIComponent(url)}`;

describe("renderNewsletterForZone", () => {
  it("shows a featured session's live title, kind, hosts and its time in the zone being rendered", async () => {
    const { newsletter } = await scene();
    await prisma.liveSession.updateMany({ where: { title: "Dashboards deep dive" }, data: { title: "Dashboards deep dive (new title)" } });
    const paris = await renderNewsletterForZone(newsletter.id, "Europe/Paris", NOW);
    const newYork = await renderNewsletterForZone(newsletter.id, "America/New_York", NOW);

    expect(paris.subject).toBe("December at Lyceum");
    expect(paris.text).toContain("Dashboards deep dive (new title)");
    expect(paris.text).toContain("Expert session");
    expect(paris.text).toContain("Host: Casey Morgan");
    expect(paris.html).toContain("Tue 1 Dec, 16:00 CET (Europe/Paris)");
    expect(paris.text).toContain("Tue 1 Dec, 16:00 CET (Europe/Paris)");
    expect(newYork.html).toContain("Tue 1 Dec, 10:00 EST (America/New_York)");
    expect(newYork.html).not.toContain("Europe/Paris");
    expect(paris.html).toContain("One session you should not miss");
  });

  it("says a cancelled or finished session is so, with no Register button; a draft session is left out", async () => {
    const { newsletter } = await scene();
    const { html, text } = await renderNewsletterForZone(newsletter.id, "UTC", NOW);
    expect(text).toContain("This session was cancelled.");
    expect(text).toContain("This session has already taken place.");
    expect(html.match(/>Register</g)).toHaveLength(1);
    expect(text).not.toContain("Secret draft");
  });

  it("sends every link through the click tracker, markdown links included", async () => {
    const { newsletter, session, video } = await scene();
    const { html } = await renderNewsletterForZone(newsletter.id, "UTC", NOW);
    const app = getEnv().APP_URL;
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]!.replace(/&amp;/g, "&"));
    expect(hrefs).toContain(tracked("https://docs.example.com/notes?a=1&b=2"));
    expect(hrefs).toContain(tracked(`${app}/portal/sessions/${session.id}`));
    expect(hrefs).toContain(tracked(`${app}/portal/library/${video.slug}`));
    expect(hrefs).toContain(tracked("https://app.example.com/portal/book"));
    expect(html).toMatch(/>Watch</);
    const untracked = hrefs.filter((href) => !href.startsWith(`${app}/email/click/`));
    expect(untracked).toEqual([PLACEHOLDERS.unsubscribeUrl, PLACEHOLDERS.preferencesUrl]);
  });

  it("leaves the placeholders in for each recipient's copy, and says why they get it", async () => {
    const { newsletter } = await scene();
    const rendered = await renderNewsletterForZone(newsletter.id, "UTC", NOW);
    for (const part of [rendered.html, rendered.text]) {
      expect(part).toContain(`Hi ${PLACEHOLDERS.firstName},`);
      expect(part).toContain(PLACEHOLDERS.unsubscribeUrl);
      expect(part).toContain(PLACEHOLDERS.preferencesUrl);
      expect(part).toContain("You receive Product updates from Lyceum.");
    }
    const copy = personalise(rendered.html, {
      name: "Ada Lovelace",
      firstName: "Ada",
      email: "ada@example.com",
      unsubscribeUrl: "https://app.example/u/1",
      preferencesUrl: "https://app.example/p/1",
      recipientToken: "tok1",
    });
    expect(copy).not.toContain("%%lyceum.");
    expect(copy).toContain("Hi Ada,");
    expect(copy).toContain('href="https://app.example/u/1"');
  });
});
