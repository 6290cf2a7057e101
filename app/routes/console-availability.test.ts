import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { prisma } from "~/utils/db.server.ts";
import { action, loader } from "./_app.console.availability.tsx";

type Reply = {
  intent: string;
  result: { status?: string; error?: Record<string, string[] | null>; initialValue?: unknown };
  done?: string;
};
type Page = Awaited<ReturnType<typeof loader>>;

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
type Day = (typeof DAYS)[number];

let csm: { id: string; cookie: string };
let otherCsm: { id: string; cookie: string };
let admin: { id: string; cookie: string };
let publisher: { id: string; cookie: string };
let member: { id: string; cookie: string };
let accountAdmin: { id: string; cookie: string };

async function person(role: "CSM" | "ADMIN" | "PUBLISHER", timeZone: string) {
  const user = await createUser({ role, timeZone });
  return { id: user.id, cookie: await sessionCookieFor(user.id) };
}

beforeAll(async () => {
  csm = await person("CSM", "America/New_York");
  otherCsm = await person("CSM", "Europe/Berlin");
  admin = await person("ADMIN", "Europe/London");
  publisher = await person("PUBLISHER", "UTC");
  const account = await createAccount({ tier: "LOW" });
  for (const [role, assign] of [
    ["MEMBER", (value: typeof csm) => (member = value)],
    ["ACCOUNT_ADMIN", (value: typeof csm) => (accountAdmin = value)],
  ] as const) {
    const user = await createUser({ role, accountId: account.id });
    assign({ id: user.id, cookie: await sessionCookieFor(user.id) });
  }
});

/** The weekly editor's fields as a browser posts them: three pairs per day, blank ones as "". */
function weeklyForm(days: Partial<Record<Day, [string, string][]>>, extra: Record<string, string> = {}) {
  const fields: Record<string, string> = {
    intent: "weekly",
    timeZone: "America/New_York",
    bufferBeforeMinutes: "5",
    bufferAfterMinutes: "10",
    minimumNoticeMinutes: "1440",
    maxHoursPerDay: "3",
    horizonDays: "21",
    inPool: "on",
  };
  for (const day of DAYS) {
    for (let row = 0; row < 3; row++) {
      const [start, end] = days[day]?.[row] ?? ["", ""];
      fields[`${day}.ranges[${row}].start`] = start;
      fields[`${day}.ranges[${row}].end`] = end;
    }
  }
  return { ...fields, ...extra };
}

const path = (csmId?: string) => (csmId ? `/console/availability?csm=${csmId}` : "/console/availability");

async function post(cookie: string, form: Record<string, string>, csmId?: string) {
  const result = await invoke(action, buildRequest(path(csmId), { cookie, form }));
  return { status: result.status, body: result.body as Reply };
}

async function page(cookie: string, csmId?: string) {
  const result = await invoke(loader, buildRequest(path(csmId), { cookie }));
  expect(result.status).toBe(200);
  return result.body as Page;
}

describe("the weekly hours editor", () => {
  it("offers defaults in the CSM's own zone until they save", async () => {
    const view = await page(csm.cookie);
    expect(view.saved).toBe(false);
    expect(view.owner).toEqual({ id: csm.id, name: expect.any(String), self: true });
    expect(view.settings).toEqual({
      timeZone: "America/New_York",
      weeklyHours: {
        mon: [
          { start: "09:00", end: "12:00" },
          { start: "13:00", end: "17:00" },
        ],
        tue: [
          { start: "09:00", end: "12:00" },
          { start: "13:00", end: "17:00" },
        ],
        wed: [
          { start: "09:00", end: "12:00" },
          { start: "13:00", end: "17:00" },
        ],
        thu: [
          { start: "09:00", end: "12:00" },
          { start: "13:00", end: "17:00" },
        ],
        fri: [
          { start: "09:00", end: "12:00" },
          { start: "13:00", end: "17:00" },
        ],
        sat: [],
        sun: [],
      },
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 15,
      minimumNoticeMinutes: 240,
      maxHoursPerDay: 4,
      horizonDays: 30,
      inPool: true,
    });
    expect(view.weeklyHoursTotal).toBe(35);
    expect(await prisma.csmAvailability.count({ where: { userId: csm.id } })).toBe(0);
  });

  it("saves valid hours as exactly the stored JSON", async () => {
    const { status, body } = await post(
      csm.cookie,
      weeklyForm({
        mon: [
          ["13:00", "17:00"],
          ["08:30", "12:00"],
        ],
        tue: [["10:00", "12:30"]],
        fri: [
          ["", ""],
          ["18:00", "00:00"],
        ],
      }),
    );
    expect(status).toBe(200);
    expect(body.done).toBe("Your weekly hours are saved.");
    const row = await prisma.csmAvailability.findUniqueOrThrow({ where: { userId: csm.id } });
    expect(row.weeklyHours).toBe(
      '{"mon":[{"start":"08:30","end":"12:00"},{"start":"13:00","end":"17:00"}],"tue":[{"start":"10:00","end":"12:30"}],' +
        '"wed":[],"thu":[],"fri":[{"start":"18:00","end":"24:00"}],"sat":[],"sun":[]}',
    );
    expect(row).toMatchObject({
      timeZone: "America/New_York",
      bufferBeforeMinutes: 5,
      bufferAfterMinutes: 10,
      minimumNoticeMinutes: 1440,
      maxHoursPerDay: 3,
      horizonDays: 21,
      inPool: true,
    });
    const view = await page(csm.cookie);
    expect(view.saved).toBe(true);
    expect(view.weeklyHoursTotal).toBe(16);
  });

  it("answers 400 with a message per problem, keeps what was typed and saves nothing", async () => {
    const before = await prisma.csmAvailability.findUniqueOrThrow({ where: { userId: csm.id } });
    const { status, body } = await post(
      csm.cookie,
      weeklyForm(
        {
          tue: [
            ["09:00", "10:00"],
            ["13:00", "12:00"],
          ],
          wed: [
            ["09:00", "12:00"],
            ["11:00", "14:00"],
          ],
          thu: [["09:00", ""]],
        },
        { maxHoursPerDay: "30", timeZone: "Europe/Nowhere" },
      ),
    );
    expect(status).toBe(400);
    expect(body.intent).toBe("weekly");
    expect(body.result.error).toEqual({
      "tue.ranges[1]": ["Tuesday: 13:00–12:00 ends before it starts"],
      "wed.ranges[1]": ["Wednesday: 09:00–12:00 overlaps 11:00–14:00"],
      "thu.ranges[0]": ["Thursday: range 1 needs an end time too"],
      maxHoursPerDay: ["Use at most 12"],
      timeZone: ["Choose a time zone from the list"],
    });
    expect(body.result.initialValue).toMatchObject({
      tue: {
        ranges: [
          { start: "09:00", end: "10:00" },
          { start: "13:00", end: "12:00" },
          // The blank third pair posts nothing.
          undefined,
        ],
      },
      maxHoursPerDay: "30",
      timeZone: "Europe/Nowhere",
    });
    expect(await prisma.csmAvailability.findUniqueOrThrow({ where: { userId: csm.id } })).toEqual(before);
  });

  it("keeps a day ticked Not available empty and says the typed times were dropped", async () => {
    const { status, body } = await post(
      csm.cookie,
      weeklyForm({ mon: [["09:00", "17:00"]], sat: [["10:00", "12:00"]] }, { "sat.off": "on", inPool: "" }),
    );
    expect(status).toBe(200);
    expect(body.done).toBe("Your weekly hours are saved. Saturday: marked Not available, so the times typed there were not kept.");
    const row = await prisma.csmAvailability.findUniqueOrThrow({ where: { userId: csm.id } });
    expect(JSON.parse(row.weeklyHours)).toMatchObject({ mon: [{ start: "09:00", end: "17:00" }], sat: [] });
    expect(row.inPool).toBe(false);
  });
});

describe("date overrides", () => {
  it("adds a day off and other hours, replaces a date, and removes an override", async () => {
    const dayOff = await post(csm.cookie, { intent: "add-override", date: "2027-12-24", dayOff: "on", note: "Christmas Eve" });
    expect(dayOff).toMatchObject({ status: 200, body: { done: "Added a day off for Dec 24, 2027." } });
    const short = await post(csm.cookie, {
      intent: "add-override",
      date: "2027-12-31",
      "ranges[0].start": "13:00",
      "ranges[0].end": "15:00",
      "ranges[1].start": "09:00",
      "ranges[1].end": "11:00",
    });
    expect(short).toMatchObject({ status: 200, body: { done: "Added other hours for Dec 31, 2027." } });
    const rows = await prisma.availabilityOverride.findMany({ where: { userId: csm.id }, orderBy: { date: "asc" } });
    expect(rows.map(({ date, ranges, note }) => ({ date, ranges, note }))).toEqual([
      { date: "2027-12-24", ranges: "[]", note: "Christmas Eve" },
      { date: "2027-12-31", ranges: '[{"start":"09:00","end":"11:00"},{"start":"13:00","end":"15:00"}]', note: "" },
    ]);

    const replaced = await post(csm.cookie, {
      intent: "add-override",
      date: "2027-12-24",
      "ranges[0].start": "09:00",
      "ranges[0].end": "10:00",
    });
    expect(replaced).toMatchObject({ status: 200, body: { done: "Replaced the hours for Dec 24, 2027." } });
    expect(await prisma.availabilityOverride.count({ where: { userId: csm.id } })).toBe(2);

    const view = await page(csm.cookie);
    expect(view.overrides).toEqual([
      { id: rows[0]!.id, date: "2027-12-24", day: "Dec 24, 2027", hours: "09:00–10:00", note: "" },
      { id: rows[1]!.id, date: "2027-12-31", day: "Dec 31, 2027", hours: "09:00–11:00, 13:00–15:00", note: "" },
    ]);

    const removed = await post(csm.cookie, { intent: "remove-override", id: rows[0]!.id });
    expect(removed.status).toBe(200);
    expect(await prisma.availabilityOverride.findMany({ where: { userId: csm.id }, select: { date: true } })).toEqual([
      { date: "2027-12-31" },
    ]);
  });

  it("refuses a date that has passed, and hours that make no sense", async () => {
    const past = await post(csm.cookie, { intent: "add-override", date: "2020-01-06", dayOff: "on" });
    expect(past.status).toBe(400);
    expect(past.body.result.error).toEqual({ date: ["That date has passed in America/New York; choose today or later"] });
    const backwards = await post(csm.cookie, {
      intent: "add-override",
      date: "2027-06-01",
      "ranges[0].start": "12:00",
      "ranges[0].end": "11:00",
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.result.error).toEqual({ "ranges[0]": ["12:00–11:00 ends before it starts"] });
    expect(await prisma.availabilityOverride.count({ where: { userId: csm.id, date: { in: ["2020-01-06", "2027-06-01"] } } })).toBe(0);
  });
});

describe("time off", () => {
  it("stores an ambiguous fall-back time as the first occurrence for a start and the second for an end", async () => {
    // New York falls back on 7 November 2027: 01:00–02:00 happens twice (EDT, then EST).
    const { status, body } = await post(csm.cookie, {
      intent: "add-time-off",
      startsAt: "2027-11-07T01:30",
      endsAt: "2027-11-07T01:45",
      reason: "Moving house",
    });
    expect(status).toBe(200);
    expect(body.done).toMatch(/^Added time off from Nov 7, 2027, 1:30 AM EDT to Nov 7, 2027, 1:45 AM EST\. The clocks go back/);
    const row = await prisma.timeOff.findFirstOrThrow({ where: { userId: csm.id, reason: "Moving house" } });
    expect([row.startsAt.toISOString(), row.endsAt.toISOString()]).toEqual(["2027-11-07T05:30:00.000Z", "2027-11-07T06:45:00.000Z"]);
  });

  it("refuses a time that the spring-forward gap skips, with a suggestion, and saves nothing", async () => {
    const before = await prisma.timeOff.count({ where: { userId: csm.id } });
    // New York springs forward on 14 March 2027: 02:00 becomes 03:00.
    const { status, body } = await post(csm.cookie, { intent: "add-time-off", startsAt: "2027-03-14T02:30", endsAt: "2027-03-14T09:00" });
    expect(status).toBe(400);
    expect(body.result.error).toEqual({
      startsAt: [
        "2027-03-14 02:30 does not exist in America/New York: the clocks skip that hour when summer time starts. Choose 03:30 or another time.",
      ],
    });
    expect(body.result.initialValue).toMatchObject({ startsAt: "2027-03-14T02:30", endsAt: "2027-03-14T09:00" });
    expect(await prisma.timeOff.count({ where: { userId: csm.id } })).toBe(before);
  });

  it("lists time off in the CSM's zone and, when it differs, the viewer's", async () => {
    await post(csm.cookie, { intent: "add-time-off", startsAt: "2027-07-05T09:00", endsAt: "2027-07-09T17:00", reason: "Vacation" });
    const own = await page(csm.cookie);
    const vacation = own.timeOff.find((row) => row.reason === "Vacation")!;
    expect(vacation.inOwnerZone).toBe("Jul 5, 2027, 9:00 AM EDT – Jul 9, 2027, 5:00 PM EDT");
    expect(vacation.inViewerZone).toBeNull();
    const asAdmin = await page(admin.cookie, csm.id);
    const seen = asAdmin.timeOff.find((row) => row.reason === "Vacation")!;
    expect(asAdmin.viewerZoneLabel).toBe("Europe/London");
    expect(seen.inViewerZone).toBe("Jul 5, 2027, 2:00 PM GMT+1 – Jul 9, 2027, 10:00 PM GMT+1");
  });

  it("refuses time off that is already over, and removes time off", async () => {
    const over = await post(csm.cookie, { intent: "add-time-off", startsAt: "2021-01-04T09:00", endsAt: "2021-01-04T17:00" });
    expect(over.status).toBe(400);
    expect(over.body.result.error).toEqual({ endsAt: ["That time off is already over; enter time off that is still ahead"] });
    const row = await prisma.timeOff.findFirstOrThrow({ where: { userId: csm.id, reason: "Vacation" } });
    expect((await post(csm.cookie, { intent: "remove-time-off", id: row.id })).status).toBe(200);
    expect(await prisma.timeOff.count({ where: { id: row.id } })).toBe(0);
  });
});

describe("who may touch whose availability", () => {
  it("answers 404 for another CSM's override and time off, and leaves them alone", async () => {
    await post(otherCsm.cookie, { intent: "add-override", date: "2027-08-02", dayOff: "on" });
    await post(otherCsm.cookie, { intent: "add-time-off", startsAt: "2027-08-09T09:00", endsAt: "2027-08-09T12:00" });
    const theirOverride = await prisma.availabilityOverride.findFirstOrThrow({ where: { userId: otherCsm.id } });
    const theirTimeOff = await prisma.timeOff.findFirstOrThrow({ where: { userId: otherCsm.id } });
    expect((await post(csm.cookie, { intent: "remove-override", id: theirOverride.id })).status).toBe(404);
    expect((await post(csm.cookie, { intent: "remove-time-off", id: theirTimeOff.id })).status).toBe(404);
    // An admin naming the wrong CSM gets the same answer: the row must belong to the CSM in ?csm=.
    expect((await post(admin.cookie, { intent: "remove-override", id: theirOverride.id }, csm.id)).status).toBe(404);
    expect(await prisma.availabilityOverride.count({ where: { id: theirOverride.id } })).toBe(1);
    expect(await prisma.timeOff.count({ where: { id: theirTimeOff.id } })).toBe(1);
    expect((await page(csm.cookie)).overrides.map((row) => row.date)).not.toContain("2027-08-02");
  });

  it("refuses a CSM who names another CSM, and customers and publishers altogether", async () => {
    const rowBefore = await prisma.csmAvailability.findUnique({ where: { userId: otherCsm.id } });
    expect((await invoke(loader, buildRequest(path(otherCsm.id), { cookie: csm.cookie }))).status).toBe(403);
    expect((await post(csm.cookie, weeklyForm({ mon: [["09:00", "10:00"]] }), otherCsm.id)).status).toBe(403);
    for (const visitor of [member, accountAdmin, publisher]) {
      expect((await invoke(loader, buildRequest(path(), { cookie: visitor.cookie }))).status).toBe(403);
      expect((await post(visitor.cookie, weeklyForm({ mon: [["09:00", "10:00"]] }))).status).toBe(403);
    }
    expect(await prisma.csmAvailability.findUnique({ where: { userId: otherCsm.id } })).toEqual(rowBefore);
    expect(await prisma.csmAvailability.count({ where: { userId: { in: [member.id, accountAdmin.id, publisher.id] } } })).toBe(0);
  });

  it("lets an admin open and edit any CSM's availability, but not a publisher's or a customer's", async () => {
    const view = await page(admin.cookie, otherCsm.id);
    expect(view.owner).toMatchObject({ id: otherCsm.id, self: false });
    expect(view.settings.timeZone).toBe("Europe/Berlin");
    expect(view.owners.map((owner) => owner.id)).toEqual(expect.arrayContaining([csm.id, otherCsm.id, admin.id]));
    expect(view.owners.map((owner) => owner.id)).not.toContain(publisher.id);

    const saved = await post(admin.cookie, weeklyForm({ wed: [["14:00", "16:00"]] }, { timeZone: "Europe/Berlin" }), otherCsm.id);
    expect(saved.status).toBe(200);
    expect(saved.body.done).toMatch(/'s weekly hours are saved\.$/);
    const row = await prisma.csmAvailability.findUniqueOrThrow({ where: { userId: otherCsm.id } });
    expect(row.timeZone).toBe("Europe/Berlin");
    expect(JSON.parse(row.weeklyHours).wed).toEqual([{ start: "14:00", end: "16:00" }]);
    expect(await prisma.csmAvailability.count({ where: { userId: admin.id } })).toBe(0);

    const dayOff = await post(admin.cookie, { intent: "add-override", date: "2027-09-06", dayOff: "on" }, otherCsm.id);
    expect(dayOff.status).toBe(200);
    expect(await prisma.availabilityOverride.count({ where: { userId: otherCsm.id, date: "2027-09-06" } })).toBe(1);

    for (const nobody of [publisher.id, member.id, "no-such-user"]) {
      expect((await invoke(loader, buildRequest(path(nobody), { cookie: admin.cookie }))).status).toBe(404);
      expect((await post(admin.cookie, weeklyForm({}), nobody)).status).toBe(404);
    }
  });

  it("answers 400 for a form it does not know", async () => {
    expect((await post(csm.cookie, { intent: "delete-everything" })).status).toBe(400);
  });
});
