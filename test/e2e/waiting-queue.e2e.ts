import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectAccessible, launchBrowser, newContext, signInWithPassword } from "./browser.ts";
import { queryOne } from "./db.ts";

// The queue needs a customer for whom nothing is free. Emptying the shared pool would starve the other
// journeys, so this one builds its own corner of the demo database: a high-touch account, whose hours
// are only ever with its own CSM, and that CSM, who is outside the pool and has exactly one free hour,
// already booked by a colleague of the customer. Nobody else can book or be offered that CSM's time.

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const ZONE = "America/New_York";
const PURPOSE = "Our goal is to roll out reporting to two more teams before renewal";

function write<T>(work: (db: Database.Database) => T): T {
  const db = new Database(inject("databaseFile"));
  try {
    db.pragma("busy_timeout = 5000");
    return work(db);
  } finally {
    db.close();
  }
}

/** A date the way the app stores it in this database (Prisma's SQLite adapter: epoch milliseconds or ISO text). */
function stored(date: Date): number | string {
  return queryOne<{ kind: string }>("SELECT typeof(createdAt) AS kind FROM User LIMIT 1").kind === "integer"
    ? date.getTime()
    : date.toISOString();
}

/** The journey's own CSM (not in the pool), account, customer and the colleague whose booking fills the hour. */
function createScene(slot: Date) {
  const tag = randomUUID().slice(0, 8);
  const ids = {
    csm: `queue-csm-${tag}`,
    account: `queue-account-${tag}`,
    customer: `queue-member-${tag}`,
    colleague: `queue-colleague-${tag}`,
  };
  const email = `queue-${tag}@queue-journey.example`;
  const now = stored(new Date());
  write((db) => {
    const passwordHash = db
      .prepare("SELECT p.hash FROM Password p JOIN User u ON u.id = p.userId WHERE u.email = 'member@northwind.example'")
      .get() as { hash: string };
    db.transaction(() => {
      db.prepare(
        "INSERT INTO User (id, email, name, role, timeZone, locale, createdAt, updatedAt) VALUES (?, ?, ?, 'CSM', 'UTC', 'en-US', ?, ?)",
      ).run(ids.csm, `queue-csm-${tag}@lyceum.example`, "Quinn Queue", now, now);
      db.prepare(
        `INSERT INTO CsmAvailability (userId, timeZone, weeklyHours, bufferBeforeMinutes, bufferAfterMinutes, minimumNoticeMinutes, maxHoursPerDay, horizonDays, inPool, updatedAt)
         VALUES (?, 'UTC', ?, 0, 0, 0, 8, 60, 0, ?)`,
      ).run(ids.csm, JSON.stringify({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }), now);
      const date = slot.toISOString().slice(0, 10);
      const start = slot.toISOString().slice(11, 16);
      const end = new Date(slot.getTime() + 3_600_000).toISOString().slice(11, 16);
      db.prepare("INSERT INTO AvailabilityOverride (id, userId, date, ranges, note) VALUES (?, ?, ?, ?, '')").run(
        `queue-override-${tag}`,
        ids.csm,
        date,
        JSON.stringify([{ start, end }]),
      );
      db.prepare(
        "INSERT INTO Account (id, name, plan, tier, ownerCsmId, createdAt, updatedAt) VALUES (?, ?, 'Enterprise', 'HIGH', ?, ?, ?)",
      ).run(ids.account, `Queue Journey ${tag}`, ids.csm, now, now);
      for (const [id, address, name] of [
        [ids.customer, email, "Quincy Customer"],
        [ids.colleague, `colleague-${tag}@queue-journey.example`, "Cole League"],
      ] as const) {
        db.prepare(
          "INSERT INTO User (id, email, name, role, accountId, timeZone, locale, emailVerifiedAt, createdAt, updatedAt) VALUES (?, ?, ?, 'MEMBER', ?, ?, 'en-US', ?, ?, ?)",
        ).run(id, address, name, ids.account, ZONE, now, now, now);
      }
      db.prepare("INSERT INTO Password (userId, hash, updatedAt) VALUES (?, ?, ?)").run(ids.customer, passwordHash.hash, now);
      db.prepare("INSERT OR IGNORE INTO Offering (id, slug, title, updatedAt) VALUES (?, 'csm-hour', 'One hour with a CSM', ?)").run(
        `queue-offering-${tag}`,
        now,
      );
      const offering = db.prepare("SELECT id FROM Offering WHERE slug = 'csm-hour'").get() as { id: string };
      db.prepare(
        `INSERT INTO CsmBooking (id, offeringId, csmId, accountId, bookedById, startsAt, endsAt, timeZone, purpose, drawsHours, createdAt, updatedAt)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'Quarterly review prep', 0, ?, ?)`,
      ).run(
        `queue-booking-${tag}`,
        offering.id,
        ids.csm,
        ids.account,
        ids.colleague,
        stored(slot),
        stored(new Date(slot.getTime() + 3_600_000)),
        ZONE,
        now,
        now,
      );
    })();
  });
  return { ...ids, email, bookingId: `queue-booking-${tag}` };
}

/** What the booking lifecycle's cancel does for the queue: the hour is cancelled and the slot-freed job is written. */
function cancelAndFree(scene: { bookingId: string; csm: string }, slot: Date) {
  const now = stored(new Date());
  write((db) =>
    db.transaction(() => {
      db.prepare("UPDATE CsmBooking SET status = 'CANCELLED', cancelledAt = ?, updatedAt = ? WHERE id = ?").run(now, now, scene.bookingId);
      db.prepare("INSERT INTO Job (id, kind, payload, runAt, createdAt, updatedAt) VALUES (?, 'queue.slot-freed', ?, ?, ?, ?)").run(
        `queue-freed-${randomUUID().slice(0, 8)}`,
        JSON.stringify({ csmId: scene.csm, startsAt: slot.toISOString() }),
        now,
        now,
        now,
      );
    })(),
  );
}

/** A RegExp for text that Intl may space with narrow no-break spaces ("10:00 AM EST"). */
function loose(text: string) {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s"));
}

/** The in-process worker of the journeys' server sends it; the local email driver writes it to the outbox. */
async function waitForOfferEmail(to: string) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const message = queryOne<{ subject: string; text: string } | undefined>(
      "SELECT subject, text FROM OutboxMessage WHERE \"to\" = ? AND template = 'csm-hour-offer' ORDER BY createdAt DESC LIMIT 1",
      to,
    );
    if (message) return message;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no offer email to ${to} in the outbox`);
}

describe("the waiting queue for CSM hours", () => {
  it("a customer with no free time joins the queue, is emailed the freed hour and claims it by the link, signed out", async () => {
    // Three days ahead at 15:00 UTC: 10:00 in New York (EST).
    const slot = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 3, 15));
    const scene = createScene(slot);
    // 10:00 in New York, EST or EDT depending on the date the journey runs.
    const localTime = new Intl.DateTimeFormat("en-US", {
      timeZone: ZONE,
      hour: "numeric",
      minute: "2-digit",
      timeZoneName: "short",
    }).format(slot);

    const context = await newContext(browser, { timezoneId: ZONE });
    const page = await context.newPage();
    await signInWithPassword(page, scene.email);
    await page.goto("/portal/book");
    await page.getByLabel("What is the hour for?").fill(PURPOSE);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByText("No free time in the next three weeks").waitFor();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Join the queue" }).click();
    await page.getByText("You are in the queue, position 1.").waitFor();
    await page.getByText(/You are number 1 in the queue/).waitFor();
    await expectAccessible(page);
    expect(queryOne<{ status: string }>("SELECT status FROM QueueEntry WHERE userId = ?", scene.customer).status).toBe("WAITING");

    cancelAndFree(scene, slot);
    const email = await waitForOfferEmail(scene.email);
    expect(email.subject).toMatch(/^A CSM hour is free for you: /);
    expect(email.subject).toMatch(loose(localTime));
    const link = /(http:\/\/\S+\/queue\/offers\/[a-z0-9]+)/.exec(email.text)?.[1];
    expect(link).toBeDefined();

    // The customer's own page knows the time is held for them.
    await page.goto("/portal/hours");
    await page.getByText("A time is held for you:").waitFor();
    expect(await page.getByText("A time is held for you:").textContent()).toMatch(loose(localTime));

    // The link is the credential: a fresh browser, nobody signed in, in another zone; times stay in the customer's.
    const anonymous = await newContext(browser, { timezoneId: "Asia/Tokyo" });
    const offerPage = await anonymous.newPage();
    await offerPage.goto(new URL(link!).pathname);
    await offerPage.getByRole("heading", { name: "An hour with a CSM is free for you" }).waitFor();
    await offerPage.getByText(loose(`${localTime} · 60 min`)).waitFor();
    await offerPage.getByText("Quinn Queue").waitFor();
    await expectAccessible(offerPage);
    await offerPage.getByRole("button", { name: "Claim this hour" }).click();
    await offerPage.getByRole("heading", { name: "Your hour is booked" }).waitFor();

    const booking = queryOne<{ n: number; bookedById: string; startsAt: number | string }>(
      "SELECT COUNT(*) AS n, bookedById, startsAt FROM CsmBooking WHERE accountId = ? AND status = 'CONFIRMED'",
      scene.account,
    );
    expect(booking.n).toBe(1);
    expect(booking.bookedById).toBe(scene.customer);
    expect(new Date(booking.startsAt).toISOString()).toBe(slot.toISOString());
    expect(queryOne<{ status: string }>("SELECT status FROM QueueEntry WHERE userId = ?", scene.customer).status).toBe("BOOKED");

    // The spent link says so instead of offering it again; the customer is out of the queue.
    await offerPage.reload();
    await offerPage.getByRole("heading", { name: "Your hour is booked" }).waitFor();
    await page.goto("/portal/hours");
    await page.getByRole("heading", { name: "CSM hours", level: 1 }).waitFor();
    expect(await page.getByText("Waiting for a CSM hour").count()).toBe(0);
    await anonymous.close();
    await context.close();
  });
});
