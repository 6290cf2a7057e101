import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createTierPolicies, createUser } from "#test/factories.ts";
import { createBookings } from "#test/ledger-factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import type { HoursSummary } from "~/modules/queue/hours-view.server.ts";
import { drawHours, refundHours } from "~/modules/queue/ledger.server.ts";
import { prisma, writeTransaction } from "~/utils/db.server.ts";
import { action as accountAction, loader as accountLoader } from "./_app.console.accounts.$accountId.tsx";
import { loader as homeLoader } from "./_app.portal._index.tsx";
import { loader as hoursLoader } from "./_app.portal.hours.tsx";

type FormBody = { intent: string; result: { error?: Record<string, string[]> }; done?: string };
type AccountHours = { summary: HoursSummary; ledger: HoursSummary["lines"]; canTopUp: boolean };

let admin: string;
let csm: string;

beforeAll(async () => {
  await createTierPolicies();
  admin = await sessionCookieFor((await createUser({ role: "ADMIN", name: "Ada Admin" })).id);
  csm = await sessionCookieFor((await createUser({ role: "CSM" })).id);
});

async function lowTouchCustomer(timeZone = "America/New_York") {
  const account = await createAccount({ tier: "LOW" });
  const member = await createUser({ role: "MEMBER", accountId: account.id, timeZone, locale: "en-US" });
  return { account, member, cookie: await sessionCookieFor(member.id) };
}

const draw = (accountId: string, bookingId: string) =>
  writeTransaction(prisma, (tx) => drawHours(tx, { accountId, bookingId, hours: 1, now: new Date() }));

const topUp = (accountId: string, form: Record<string, string>, cookie = admin) =>
  invoke(accountAction, buildRequest(`/console/accounts/${accountId}`, { cookie, form: { intent: "top-up-hours", ...form } }), {
    accountId,
  });

describe("the customer's CSM hours", () => {
  it("the portal home shows hours left and the way to book", async () => {
    const { cookie } = await lowTouchCustomer();
    const home = await invoke(homeLoader, buildRequest("/portal", { cookie }));
    expect(home.status).toBe(200);
    expect((home.body as { hours: HoursSummary }).hours).toMatchObject({ personalCsm: false, granted: 4, used: 0, left: 4 });
  });

  it("/portal/hours explains every line in the viewer's zone", async () => {
    const { account, cookie } = await lowTouchCustomer("America/New_York");
    // 15:00 UTC on Tuesday 24 November 2026 is 10:00 in New York.
    const [kept, cancelled] = await createBookings(account.id, 2, { startsAt: new Date("2026-11-24T15:00:00Z") });
    await draw(account.id, kept!.id);
    await draw(account.id, cancelled!.id);
    await writeTransaction(prisma, (tx) => refundHours(tx, { bookingId: cancelled!.id, now: new Date(), reason: "" }));

    const page = await invoke(hoursLoader, buildRequest("/portal/hours", { cookie }));
    expect(page.status).toBe(200);
    const { hours } = page.body as { hours: HoursSummary };
    expect(hours).toMatchObject({ granted: 4, used: 1, left: 3 });
    const descriptions = hours.lines.map((line) => line.description.replace(/\s/g, " "));
    expect(descriptions[0]).toBe("Granted 4 hours — Low touch plan: 4 hours per quarter");
    expect(descriptions[1]).toBe("Drew 1 hour — booking on Tue, Nov 24, 10:00 AM");
    expect(descriptions[3]).toBe("Refunded 1 hour — booking on Tue, Nov 24, 11:00 AM was cancelled in time");
    expect(hours.lines.map((line) => line.signedHours)).toEqual(["+4", "\u22121", "\u22121", "+1"]);
    expect(hours.lines[0]!.when).toMatch(/E[SD]T$/);
  });

  it("a high-touch customer is told their own CSM books time with them", async () => {
    const owner = await createUser({ role: "CSM", name: "Hugo Highfield" });
    const account = await createAccount({ tier: "HIGH", ownerCsmId: owner.id });
    const member = await createUser({ role: "MEMBER", accountId: account.id });
    const page = await invoke(hoursLoader, buildRequest("/portal/hours", { cookie: await sessionCookieFor(member.id) }));
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ hours: { personalCsm: true }, csmName: "Hugo Highfield" });
  });
});

describe("CSM hours on the console account page", () => {
  it("staff see the balance and the ledger; only admins get the top-up form", async () => {
    const { account } = await lowTouchCustomer();
    const [booking] = await createBookings(account.id, 1);
    await draw(account.id, booking!.id);

    const asCsm = await invoke(accountLoader, buildRequest(`/console/accounts/${account.id}`, { cookie: csm }), { accountId: account.id });
    expect(asCsm.status).toBe(200);
    const { hours } = asCsm.body as { hours: AccountHours };
    expect(hours.summary).toMatchObject({ granted: 4, used: 1, left: 3 });
    expect(hours.ledger.map((line) => line.kind)).toEqual(["DRAW", "GRANT"]);
    expect(hours.canTopUp).toBe(false);

    const asAdmin = await invoke(accountLoader, buildRequest(`/console/accounts/${account.id}`, { cookie: admin }), {
      accountId: account.id,
    });
    expect((asAdmin.body as { hours: AccountHours }).hours.canTopUp).toBe(true);
  });

  it("an admin tops up and takes back hours; the ledger says who and why", async () => {
    const { account } = await lowTouchCustomer();
    const added = await topUp(account.id, { hours: "2", reason: "Onboarding a second team" });
    expect(added.status).toBe(200);
    expect((added.body as FormBody).done).toMatch(/^Added 2 hours to Q\d \d{4}: 6 of 6 hours left\.$/);

    const takenBack = await topUp(account.id, { hours: "-1", reason: "Entered one too many" });
    expect(takenBack.status).toBe(200);
    expect((takenBack.body as FormBody).done).toMatch(/^Took back 1 hour from Q\d \d{4}: 5 of 5 hours left\.$/);

    const page = await invoke(accountLoader, buildRequest(`/console/accounts/${account.id}`, { cookie: csm }), { accountId: account.id });
    const { ledger } = (page.body as { hours: AccountHours }).hours;
    expect(ledger.slice(0, 2).map((line) => [line.description, line.by])).toEqual([
      ["Took back 1 hour — Entered one too many", "Ada Admin"],
      ["Added 2 hours — Onboarding a second team", "Ada Admin"],
    ]);
  });

  it("answers 400 with field messages for bad input", async () => {
    const { account } = await lowTouchCustomer();
    const bad = await topUp(account.id, { hours: "1.5", reason: "" });
    expect(bad.status).toBe(400);
    const errors = (bad.body as FormBody).result.error ?? {};
    expect(errors.hours?.[0]).toMatch(/whole number/);
    expect(errors.reason?.[0]).toMatch(/Say why/);
    const zero = await topUp(account.id, { hours: "0", reason: "Nothing at all" });
    expect(zero.status).toBe(400);
    expect((zero.body as FormBody).result.error?.hours?.[0]).toMatch(/negative number to take hours back/);
    expect(await prisma.hourLedger.count({ where: { accountId: account.id, kind: "TOPUP" } })).toBe(0);
  });

  it("refuses a CSM (403), an unknown account (404) and a take-back below what is used (409, saying what to do)", async () => {
    const { account } = await lowTouchCustomer();
    const bookings = await createBookings(account.id, 3);
    for (const booking of bookings) await draw(account.id, booking.id);

    expect((await topUp(account.id, { hours: "3", reason: "Be nice" }, csm)).status).toBe(403);
    const unknown = await topUp("no-such-account", { hours: "1", reason: "Typo" });
    expect(unknown.status).toBe(404);

    const tooMany = await topUp(account.id, { hours: "-2", reason: "Contract downgrade" });
    expect(tooMany.status).toBe(409);
    expect((tooMany.body as FormBody).result.error?.[""]?.[0]).toMatch(
      /^3 of the 4 hours in Q\d \d{4} are already used or booked, so at most 1 can be taken back\. Take back 1 or fewer, or cancel a booking first\.$/,
    );
    const balance = await prisma.hourBalance.findFirstOrThrow({ where: { accountId: account.id } });
    expect(balance).toMatchObject({ granted: 4, used: 3 });
    expect(await prisma.hourLedger.count({ where: { accountId: account.id, kind: "TOPUP" } })).toBe(0);
  });
});
