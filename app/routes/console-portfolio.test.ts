import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createEvent, createNote, createScore, createSnapshots } from "#test/engagement-factories.ts";
import { createAccount, createUser } from "#test/factories.ts";
import { createBookings } from "#test/ledger-factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { loader as timelineLoader } from "./_app.console.accounts.$accountId.tsx";
import { loader } from "./_app.console.my-accounts.tsx";
import { loader as timelineExport } from "./console.accounts.$accountId.timeline.export.tsx";
import { loader as exportLoader } from "./console.my-accounts.export.tsx";

const NOW = new Date("2026-11-23T12:00:00Z");
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const midnight = (days: number) => new Date(Date.UTC(2026, 10, 23) + days * DAY);

type Page = Awaited<ReturnType<typeof loader>>;
type AccountPage = Awaited<ReturnType<typeof timelineLoader>>;

const cookies = {} as Record<"ada" | "bob" | "admin" | "publisher", string>;
const ids = {} as Record<"ada" | "bob" | "acme" | "bolt" | "cora" | "other" | "member", string>;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  const ada = await createUser({ role: "CSM", name: "Ada Lovelace", timeZone: "UTC", locale: "en-US" });
  const bob = await createUser({ role: "CSM", name: "Bob Other", timeZone: "UTC", locale: "en-US" });
  const admin = await createUser({ role: "ADMIN", timeZone: "UTC", locale: "en-US" });
  const publisher = await createUser({ role: "PUBLISHER", timeZone: "UTC", locale: "en-US" });
  Object.assign(cookies, {
    ada: await sessionCookieFor(ada.id),
    bob: await sessionCookieFor(bob.id),
    admin: await sessionCookieFor(admin.id),
    publisher: await sessionCookieFor(publisher.id),
  });
  const acme = await createAccount({
    name: "Acme",
    tier: "HIGH",
    ownerCsmId: ada.id,
    arrCents: 120_000_00,
    currency: "USD",
    renewalDate: midnight(30),
  });
  const bolt = await createAccount({
    name: "=Bolt",
    tier: "LOW",
    ownerCsmId: ada.id,
    arrCents: 40_000_00,
    currency: "USD",
    renewalDate: midnight(200),
  });
  const cora = await createAccount({
    name: "Cora",
    tier: "LOW",
    ownerCsmId: ada.id,
    arrCents: 20_000_00,
    currency: "USD",
    renewalDate: null,
  });
  const other = await createAccount({ name: "Other Co", tier: "LOW", ownerCsmId: bob.id, arrCents: 10_000_00, currency: "USD" });
  const member = await createUser({ role: "MEMBER", accountId: acme.id, name: "Mia Member" });
  Object.assign(ids, { ada: ada.id, bob: bob.id, acme: acme.id, bolt: bolt.id, cora: cora.id, other: other.id, member: member.id });

  await createScore(acme.id, 45, "YELLOW");
  await createScore(bolt.id, 22, "RED");
  await createSnapshots(acme.id, [
    ["2026-08-01", 90],
    ["2026-08-26", 80],
    ["2026-10-09", 60],
    ["2026-11-23", 45],
  ]);
  // Acme: an event 3 days ago, an hour 2 days ago, a note yesterday → the note is the last touch.
  await createEvent({ accountId: acme.id, userId: member.id, kind: "session.attended", occurredAt: ago(3) });
  await createBookings(acme.id, 1, { startsAt: ago(2), csmId: ada.id });
  await createNote(acme.id, ada.id, "Champion is leaving; book a QBR.", ago(1));
  // Using the product (the events API) or signing in is the customer's doing, not a touch.
  await createEvent({ accountId: acme.id, userId: member.id, kind: "product.used", occurredAt: ago(0.5) });
  await createEvent({ accountId: bolt.id, userId: null, kind: "product.used", occurredAt: ago(0.5) });
  // Bolt: only an event 10 days ago, and an hour booked for next week that has not happened yet.
  await createEvent({ accountId: bolt.id, userId: null, kind: "document.opened", occurredAt: ago(10) });
  await createBookings(bolt.id, 1, { startsAt: new Date(NOW.getTime() + 7 * DAY), csmId: ada.id });
});

afterAll(() => {
  vi.useRealTimers();
});

async function portfolio(query: string, cookie: string) {
  return invoke(loader, buildRequest(`/console/my-accounts${query}`, { cookie }));
}

describe("the CSM dashboard", () => {
  it("lists only the CSM's own accounts with health, score, sparkline, ARR, renewal and last touch", async () => {
    const response = await portfolio("", cookies.ada);
    expect(response.status).toBe(200);
    const page = response.body as Page;
    expect(page.csm).toMatchObject({ id: ids.ada, isViewer: true });
    expect(page.arrTotal).toBe("$180,000");
    expect(page.accounts.map((a) => a.name)).toEqual(["Acme", "=Bolt", "Cora"]);
    const [acme, bolt, cora] = page.accounts;
    expect(acme).toMatchObject({
      healthLabel: "Yellow",
      health: "YELLOW",
      score: 45,
      arr: "$120,000",
      renewal: "Dec 23, 2026",
      renewalIn: "in 30 days",
      renewalSoon: true,
      sparklineSummary: "Score 80 on 2026-08-26, 45 on 2026-11-23",
      lastTouch: { label: "Note", date: "Nov 22, 2026", ago: "yesterday" },
    });
    // 2026-08-01 is older than 90 days and left out; x runs 0–120 over 89 days, y 32 at score 0.
    expect(acme!.sparkline).toBe("0,6.4 59.3,12.8 120,17.6");
    expect(bolt).toMatchObject({
      healthLabel: "Red",
      renewalIn: "in 200 days",
      renewalSoon: false,
      lastTouch: { label: "Opened a document", ago: "10 days ago" },
    });
    expect(cora).toMatchObject({ health: null, healthLabel: "Not scored yet", score: null, renewal: null, sparkline: "", lastTouch: null });
  });

  it("sorts by ARR and by health", async () => {
    const byArr = (await portfolio("?sort=arr", cookies.ada)).body as Page;
    expect(byArr.accounts.map((a) => a.name)).toEqual(["Acme", "=Bolt", "Cora"]);
    const byHealth = (await portfolio("?sort=health", cookies.ada)).body as Page;
    expect(byHealth.accounts.map((a) => a.name)).toEqual(["=Bolt", "Acme", "Cora"]);
  });

  it("keeps a CSM to their own book; an admin may open any CSM's", async () => {
    expect((await portfolio(`?csm=${ids.ada}`, cookies.bob)).status).toBe(403);
    const bobs = (await portfolio("", cookies.bob)).body as Page;
    expect(bobs.accounts.map((a) => a.name)).toEqual(["Other Co"]);
    expect(bobs.csms).toEqual([]);
    const asAdmin = await portfolio(`?csm=${ids.ada}`, cookies.admin);
    expect(asAdmin.status).toBe(200);
    const page = asAdmin.body as Page;
    expect(page.csm).toMatchObject({ name: "Ada Lovelace", isViewer: false });
    expect(page.accounts).toHaveLength(3);
    expect(page.csms.map((c) => c.name)).toEqual(expect.arrayContaining(["Ada Lovelace", "Bob Other"]));
    expect((await portfolio("?csm=nobody", cookies.admin)).status).toBe(404);
    expect((await portfolio("", cookies.publisher)).status).toBe(403);
  });

  it("exports the book as CSV, in the page's order, with formula-like names defused", async () => {
    const response = await invoke(exportLoader, buildRequest("/console/my-accounts/export?sort=health", { cookie: cookies.ada }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const rows = Papa.parse<string[]>(
      String(response.body)
        .replace(/^\uFEFF/, "")
        .trim(),
    ).data;
    expect(rows).toEqual([
      ["Account", "Tier", "Health", "Score", "ARR", "Currency", "Renewal date", "Days to renewal", "Last touch", "Last touch at"],
      ["'=Bolt", "Low touch", "Red", "22", "40000", "USD", "2027-06-11", "200", "Opened a document", "2026-11-13T12:00:00.000Z"],
      ["Acme", "High touch", "Yellow", "45", "120000", "USD", "2026-12-23", "30", "Note", "2026-11-22T12:00:00.000Z"],
      ["Cora", "Low touch", "", "", "20000", "USD", "", "", "", ""],
    ]);
    expect((await invoke(exportLoader, buildRequest(`/console/my-accounts/export?csm=${ids.ada}`, { cookie: cookies.bob }))).status).toBe(
      403,
    );
  });
});

describe("the account timeline", () => {
  const open = async (query: string) => {
    const response = await invoke(timelineLoader, buildRequest(`/console/accounts/${ids.acme}${query}`, { cookie: cookies.publisher }), {
      accountId: ids.acme,
    });
    expect(response.status).toBe(200);
    return (response.body as AccountPage).timeline;
  };

  it("shows every event, hour and note newest first", async () => {
    const timeline = await open("");
    // The timeline shows product use too; only the last touch leaves it out.
    expect(timeline.items.map((item) => [item.source, item.title, item.who])).toEqual([
      ["event", "Used the product", "Mia Member"],
      ["note", "Note", "Ada Lovelace"],
      ["booking", "CSM hour with Ada Lovelace (booked)", "Mia Member"],
      ["event", "Attended a session", "Mia Member"],
    ]);
    expect(timeline.items[1]!.detail).toBe("Champion is leaving; book a QBR.");
    expect(timeline.next).toBeNull();
  });

  it("filters by kind and pages with a cursor", async () => {
    expect((await open("?activity=notes")).items.map((item) => item.source)).toEqual(["note"]);
    expect((await open("?activity=hours")).items.map((item) => item.source)).toEqual(["booking"]);
    for (let i = 0; i < 30; i++)
      await createEvent({ accountId: ids.acme, userId: ids.member, kind: "video.watched", occurredAt: ago(20 + i) });
    const first = await open("?activity=content");
    expect(first.items).toHaveLength(25);
    expect(first.next).not.toBeNull();
    const second = await open(`?activity=content&before=${encodeURIComponent(first.next!)}`);
    expect(second.items).toHaveLength(5);
    expect(second.next).toBeNull();
    expect(new Set([...first.items, ...second.items].map((item) => item.key)).size).toBe(30);
    expect((await open("?before=garbage")).isFirstPage).toBe(true);
  });

  it("exports the timeline as CSV", async () => {
    const response = await invoke(
      timelineExport,
      buildRequest(`/console/accounts/${ids.acme}/timeline/export?activity=notes`, { cookie: cookies.publisher }),
      {
        accountId: ids.acme,
      },
    );
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const rows = Papa.parse<string[]>(
      String(response.body)
        .replace(/^\uFEFF/, "")
        .trim(),
    ).data;
    expect(rows).toEqual([
      ["When (UTC)", "Source", "What", "Details", "Who"],
      ["2026-11-22T12:00:00.000Z", "note", "Note", "Champion is leaving; book a QBR.", "Ada Lovelace"],
    ]);
    const missing = await invoke(timelineExport, buildRequest("/console/accounts/nope/timeline/export", { cookie: cookies.publisher }), {
      accountId: "nope",
    });
    expect(missing.status).toBe(404);
  });
});
