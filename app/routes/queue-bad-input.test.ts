import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTierPolicies, createUser } from "#test/factories.ts";
import { bookAt, createBooker, createPoolCsm, onlyInPool, tokenFromConfirmation } from "#test/lifecycle-factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { prisma } from "~/utils/db.server.ts";
import { action as briefAction, loader as briefLoader } from "./_app.console.bookings.$bookingId.tsx";
import { loader as bookingsLoader } from "./_app.console.bookings._index.tsx";
import { action as bookAction } from "./_app.portal.book.tsx";
import { action as portalManageAction, loader as portalManageLoader } from "./_app.portal.bookings.$bookingId.tsx";
import { action as hoursAction } from "./_app.portal.hours.tsx";
import { action as manageAction, loader as manageLoader } from "./bookings.$token.tsx";
import { action as offerAction, loader as offerLoader } from "./queue.offers.$token.tsx";

// Whatever arrives in a URL or a form, the queue's new pages answer 4xx (or 2xx/3xx), never 500.

const NOW = new Date("2026-11-20T12:00:00.000Z");
const MONDAY_15 = new Date("2026-11-23T15:00:00.000Z");

const BAD_TOKENS = ["", " ", "x", "%", "..%2F..", "null", "a".repeat(5_000), "😀", "<script>", "DROP TABLE", "0".repeat(24)];
const BAD_IDS = ["", "x", "'; --", "a".repeat(2_000), "../bookings", "😀", "00000000-0000-0000-0000-000000000000"];
const BAD_DATES = [
  "",
  "tomorrow",
  "2026-13-45T99:99:99Z",
  "2026-11-23",
  "2026-11-23T15:00:00",
  "1e400",
  "-271821-04-20T00:00:00Z",
  "2026-02-30T10:00:00Z",
  "2026-11-23T24:00:00Z",
  "9999-12-31T23:00:00Z",
  "2026-11-24T15:00:00+05:30",
  "2026-11-23T15:00:00.000Z",
];
const LONG = "x".repeat(20_000);

beforeAll(async () => {
  await createTierPolicies();
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

type Handler = Parameters<typeof invoke>[0];

async function expectNo500(label: string, handler: Handler, request: Request, params: Record<string, string>) {
  const { status } = await invoke(handler, request, params);
  expect(status, `${label} → ${status}`).toBeLessThan(500);
  return status;
}

/** Forms a user could send to the manage page, well-formed or not. */
function manageForms(): Record<string, string | string[]>[] {
  return [
    {},
    { intent: "" },
    { intent: "explode" },
    { intent: ["cancel", "reschedule"] },
    { intent: "cancel", reason: LONG },
    { intent: "cancel", reason: ["a", "b"] },
    ...BAD_DATES.map((startsAt) => ({ intent: "reschedule", startsAt })),
    { intent: "reschedule", startsAt: ["2026-11-24T15:00:00.000Z", "nope"] },
    { intent: "reschedule" },
  ];
}

describe("the queue's new routes refuse bad input without a 500", () => {
  it("the emailed manage link, the portal manage page and the claim link", async () => {
    const csm = await createPoolCsm();
    await onlyInPool([csm.id]);
    const booker = await createBooker();
    const { booking } = await bookAt(booker, MONDAY_15, NOW);
    const token = await tokenFromConfirmation(booker.member.email);
    const cookie = await sessionCookieFor(booker.member.id);

    for (const bad of BAD_TOKENS) {
      const path = `/bookings/${encodeURIComponent(bad)}`;
      await expectNo500(`GET ${path.slice(0, 40)}`, manageLoader, buildRequest(`${path}?step=reschedule&done=%00`), { token: bad });
      await expectNo500(`POST ${path.slice(0, 40)}`, manageAction, buildRequest(path, { form: { intent: "cancel" } }), { token: bad });
      const offerPath = `/queue/offers/${encodeURIComponent(bad)}`;
      await expectNo500(`GET ${offerPath.slice(0, 40)}`, offerLoader, buildRequest(offerPath), { token: bad });
      for (const intent of ["claim", "decline", "", "other"]) {
        await expectNo500(`POST ${offerPath.slice(0, 40)} ${intent}`, offerAction, buildRequest(offerPath, { form: { intent } }), {
          token: bad,
        });
      }
    }

    for (const bad of BAD_IDS) {
      const path = `/portal/bookings/${encodeURIComponent(bad)}`;
      expect(await expectNo500(`GET ${path.slice(0, 40)}`, portalManageLoader, buildRequest(path, { cookie }), { bookingId: bad })).toBe(
        404,
      );
      await expectNo500(`POST ${path.slice(0, 40)}`, portalManageAction, buildRequest(path, { cookie, form: { intent: "cancel" } }), {
        bookingId: bad,
      });
    }

    // Bad forms on a real booking, through both doors; the well-formed one among them moves it or is refused.
    for (const form of manageForms()) {
      const label = JSON.stringify(form).slice(0, 80);
      await expectNo500(`link ${label}`, manageAction, buildRequest(`/bookings/${token}`, { form }), { token });
      await expectNo500(`portal ${label}`, portalManageAction, buildRequest(`/portal/bookings/${booking.id}`, { cookie, form }), {
        bookingId: booking.id,
      });
    }
    for (const search of ["?step=reschedule", "?step=%ff", "?done=cancelled", "?done=rescheduled&step=reschedule", `?step=${LONG}`]) {
      await expectNo500(`GET link ${search.slice(0, 40)}`, manageLoader, buildRequest(`/bookings/${token}${search}`), { token });
    }
  });

  it("the portal's queue forms and the CSM's brief", async () => {
    const csm = await createPoolCsm({ name: "Brie Fing" });
    await onlyInPool([csm.id]);
    const booker = await createBooker();
    const { booking } = await bookAt(booker, MONDAY_15, NOW);
    const customerCookie = await sessionCookieFor(booker.member.id);
    const csmCookie = await sessionCookieFor(csm.id);
    const admin = await createUser({ role: "ADMIN" });
    const adminCookie = await sessionCookieFor(admin.id);

    const queueForms: Record<string, string | string[]>[] = [
      { intent: "join-queue" },
      { intent: "join-queue", purpose: "" },
      { intent: "join-queue", purpose: LONG },
      { intent: "join-queue", purpose: ["a", "b"] },
      { intent: "leave-queue" },
      { intent: "book", startsAt: "nope", purpose: "x" },
      { intent: "book", startsAt: "2026-11-23T15:00:00.000Z", purpose: "Talk about the roll-out of dashboards" },
    ];
    for (const form of queueForms) {
      const label = JSON.stringify(form).slice(0, 80);
      await expectNo500(`book ${label}`, bookAction, buildRequest("/portal/book", { cookie: customerCookie, form }), {});
      await expectNo500(`hours ${label}`, hoursAction, buildRequest("/portal/hours", { cookie: customerCookie, form }), {});
    }

    const briefForms: Record<string, string | string[]>[] = [
      {},
      { intent: "wat" },
      { intent: "mark" },
      { intent: "mark", outcome: "CANCELLED" },
      { intent: "mark", outcome: "NO_SHOW" },
      { intent: "note" },
      { intent: "note", body: LONG },
      { intent: "follow-up" },
      { intent: "follow-up", items: ["nope", "a".repeat(500)], message: LONG },
      { intent: "follow-up", items: Array.from({ length: 50 }, (_, index) => `item-${index}`) },
    ];
    for (const cookie of [csmCookie, adminCookie]) {
      for (const bookingId of [booking.id, ...BAD_IDS]) {
        const path = `/console/bookings/${encodeURIComponent(bookingId)}`;
        await expectNo500(`GET ${path.slice(0, 40)}`, briefLoader, buildRequest(`${path}?q=${encodeURIComponent(LONG)}`, { cookie }), {
          bookingId,
        });
        for (const form of briefForms) {
          await expectNo500(
            `POST ${path.slice(0, 40)} ${JSON.stringify(form).slice(0, 60)}`,
            briefAction,
            buildRequest(path, { cookie, form }),
            {
              bookingId,
            },
          );
        }
      }
      for (const search of ["?csm=%00", "?account='--", `?csm=${LONG}&account=${LONG}`, "?csm=&account="]) {
        await expectNo500(`list ${search.slice(0, 40)}`, bookingsLoader, buildRequest(`/console/bookings${search}`, { cookie }), {});
      }
    }
    // The booking itself is still there, whatever was thrown at it.
    expect(await prisma.csmBooking.count({ where: { id: booking.id } })).toBe(1);
  });
});
