import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createEvent, createLiveSession } from "#test/engagement-factories.ts";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { prisma } from "~/utils/db.server.ts";
import { loader } from "./_app.console.insights.tsx";
import { loader as exportLoader } from "./console.insights.export.$table.tsx";

const NOW = new Date("2026-11-23T12:00:00Z");
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

type Page = Awaited<ReturnType<typeof loader>>;
let publisher: string;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  const high = await createAccount({ tier: "HIGH" });
  const low = await createAccount({ tier: "LOW" });
  const low2 = await createAccount({ tier: "LOW" });
  const tech = await createAccount({ tier: "TECH" });
  const tech2 = await createAccount({ tier: "TECH" });
  const [h1, h2] = [await createUser({ role: "MEMBER", accountId: high.id }), await createUser({ role: "MEMBER", accountId: high.id })];
  const [l1, l2] = [await createUser({ role: "MEMBER", accountId: low.id }), await createUser({ role: "MEMBER", accountId: low.id })];
  const l3 = await createUser({ role: "MEMBER", accountId: low2.id });
  const t1 = await createUser({ role: "MEMBER", accountId: tech.id });
  const t2 = await createUser({ role: "MEMBER", accountId: tech2.id });
  await createUser({ role: "MEMBER", accountId: tech2.id, deactivatedAt: ago(50) });
  const webinar = await createLiveSession("WEBINAR", ago(5));
  const expert = await createLiveSession("EXPERT", ago(35));
  const video = await prisma.contentItem.create({ data: { kind: "VIDEO", slug: "alerts-101", title: "Alerts 101", status: "PUBLISHED" } });
  const doc = await prisma.contentItem.create({
    data: { kind: "ONE_PAGER", slug: "quick-ref", title: "Quick reference", status: "PUBLISHED" },
  });
  const at = (user: { id: string; accountId: string | null }) => ({ accountId: user.accountId, userId: user.id });
  const session = (id: string) => ({ subjectType: "session", subjectId: id });
  const content = (id: string) => ({ subjectType: "content", subjectId: id });

  await createEvent({ ...at(h1), kind: "session.registered", ...session(webinar.id), occurredAt: ago(10) });
  await createEvent({ ...at(h1), kind: "session.attended", ...session(webinar.id), occurredAt: ago(5) });
  await createEvent({ ...at(h1), kind: "video.watched", ...content(video.id), occurredAt: ago(3) });
  await createEvent({ ...at(h1), kind: "video.watched", ...content(video.id), occurredAt: new Date(ago(3).getTime() + 600_000) });
  await createEvent({ ...at(h1), kind: "video.watched", ...content(video.id), occurredAt: ago(20) });
  await createEvent({ ...at(h1), kind: "video.completed", ...content(video.id), occurredAt: ago(3) });
  await createEvent({ ...at(h2), kind: "session.registered", ...session(expert.id), occurredAt: ago(40) });
  await createEvent({ ...at(h2), kind: "session.no_show", ...session(expert.id), occurredAt: ago(35) });
  await createEvent({ ...at(l1), kind: "session.registered", ...session(webinar.id), occurredAt: ago(12) });
  await createEvent({ ...at(l1), kind: "session.no_show", ...session(webinar.id), occurredAt: ago(6) });
  await createEvent({ ...at(l1), kind: "document.opened", ...content(doc.id), occurredAt: ago(2) });
  await createEvent({ ...at(l1), kind: "document.downloaded", ...content(doc.id), occurredAt: ago(2) });
  await createEvent({ ...at(l2), kind: "video.watched", ...content(video.id), occurredAt: ago(4) });
  await createEvent({ ...at(l3), kind: "newsletter.opened", subjectType: "newsletter", subjectId: "monthly-digest", occurredAt: ago(8) });
  await createEvent({ ...at(l3), kind: "newsletter.clicked", subjectType: "newsletter", subjectId: "monthly-digest", occurredAt: ago(8) });
  // Signing in and product usage are not the team's reach; a webinar 100 days ago is outside both windows.
  await createEvent({ ...at(t1), kind: "user.signed_in", occurredAt: ago(1) });
  await createEvent({ ...at(t1), kind: "product.used", occurredAt: ago(1) });
  await createEvent({
    ...at(t2),
    kind: "session.registered",
    subjectType: "webinar",
    subjectId: "getting-started-live",
    occurredAt: ago(100),
  });

  const user = await createUser({ role: "PUBLISHER", timeZone: "UTC", locale: "en-US" });
  publisher = await sessionCookieFor(user.id);
});

afterAll(() => {
  vi.useRealTimers();
});

async function page(days: number) {
  const response = await invoke(loader, buildRequest(`/console/insights?days=${days}`, { cookie: publisher }));
  expect(response.status).toBe(200);
  return response.body as Page;
}

describe("the one-to-many team's dashboard", () => {
  it("counts accounts and people touched of the totals per tier in the last 30 days", async () => {
    const { reach } = await page(30);
    expect(reach.map((r) => [r.label, r.accountsTouched, r.accountsTotal, r.peopleTouched, r.peopleTotal])).toEqual([
      ["High touch", 1, 1, 1, 2],
      ["Low touch", 2, 2, 3, 3],
      ["Tech touch", 0, 2, 0, 2],
      ["All tiers", 3, 5, 4, 7],
    ]);
    expect(reach.at(-1)).toMatchObject({ accountsShare: 60, peopleShare: 57 });
  });

  it("widens to 90 days, and falls back to 90 for a window it does not offer", async () => {
    const wide = await page(90);
    expect(wide.reach[0]).toMatchObject({ peopleTouched: 2, peopleTotal: 2 });
    expect((await page(7)).days).toBe(90);
  });

  it("builds the registrations → attendance funnel by session kind", async () => {
    const recent = await page(30);
    expect(recent.funnel.map((r) => [r.sessionKind, r.registered, r.attended, r.noShow, r.attendanceRate, r.noShowRate])).toEqual([
      ["WEBINAR", 2, 1, 1, 50, 50],
      ["EXPERT", 0, 0, 0, null, null],
      ["ALL", 2, 1, 1, 50, 50],
    ]);
    const wide = await page(90);
    expect(wide.funnel.map((r) => [r.sessionKind, r.registered, r.attended, r.noShow])).toEqual([
      ["WEBINAR", 2, 1, 1],
      ["EXPERT", 1, 0, 1],
      ["ALL", 3, 1, 2],
    ]);
  });

  it("shows content views (a person on a day), unique viewers, completion, opens and downloads", async () => {
    const { content } = await page(30);
    expect(content.map((r) => [r.title, r.format, r.views, r.uniqueViewers, r.completionRate, r.opens, r.downloads])).toEqual([
      ["Alerts 101", "Video", 3, 2, 50, null, null],
      ["Quick reference", "Document", 1, 1, null, 1, 1],
    ]);
  });

  it("shows newsletter opens and clicks", async () => {
    const { newsletters } = await page(30);
    expect(newsletters).toEqual([
      { key: "monthly-digest", title: "Monthly digest", opens: 1, uniqueOpeners: 1, clicks: 1, uniqueClickers: 1, clickToOpen: 100 },
    ]);
  });

  it("charts weekly active accounts by tier and attendance, oldest week first", async () => {
    const { activeWeeks, attendanceWeeks } = await page(30);
    expect(activeWeeks.map((w) => [w.label, w.HIGH, w.LOW, w.TECH])).toEqual([
      ["Oct 26, 2026", 0, 0, 0],
      ["Nov 2, 2026", 0, 0, 0],
      ["Nov 9, 2026", 1, 0, 0],
      ["Nov 16, 2026", 1, 2, 0],
      ["Nov 23, 2026", 1, 1, 0],
    ]);
    expect(attendanceWeeks.map((w) => [w.registered, w.attended, w.noShow])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [2, 0, 0],
      [0, 1, 1],
    ]);
  });

  it("exports each table as CSV with the page's figures", async () => {
    const response = await invoke(exportLoader, buildRequest("/console/insights/export/funnel?days=90", { cookie: publisher }), {
      table: "funnel",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="lyceum-funnel-90d-2026-11-23.csv"');
    const rows = Papa.parse<string[]>(
      String(response.body)
        .replace(/^\uFEFF/, "")
        .trim(),
    ).data;
    expect(rows).toEqual([
      ["Session kind", "Registered", "Attended", "No-show", "Attendance rate", "No-show rate"],
      ["Webinars", "2", "1", "1", "0.5", "0.5"],
      ["Expert sessions", "1", "0", "1", "0", "1"],
      ["All sessions", "3", "1", "2", "0.33", "0.67"],
    ]);
    const weekly = await invoke(exportLoader, buildRequest("/console/insights/export/weekly?days=30", { cookie: publisher }), {
      table: "weekly",
    });
    expect(
      Papa.parse<string[]>(
        String(weekly.body)
          .replace(/^\uFEFF/, "")
          .trim(),
      ).data.at(-1),
    ).toEqual(["Nov 23, 2026", "1", "1", "0", "0", "1", "1"]);
    const unknown = await invoke(exportLoader, buildRequest("/console/insights/export/evil", { cookie: publisher }), { table: "evil" });
    expect(unknown.status).toBe(404);
  });
});
