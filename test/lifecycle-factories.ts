import ICAL from "ical.js";
import { expect } from "vitest";
import { EMAIL_JOB_KIND, handleSendEmailJob } from "~/modules/email/send-email.server.ts";
import { registerJobHandler } from "~/modules/jobs/handlers.server.ts";
import { createWorker } from "~/modules/jobs/worker.server.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { registerBookingEmailJobs } from "~/modules/queue/booking-emails.server.ts";
import { bookHour } from "~/modules/queue/booking.server.ts";
import { SLOT_FREED_JOB_KIND } from "~/modules/queue/queue-jobs.ts";
import { prisma } from "~/utils/db.server.ts";
import { createAccount, createUser } from "./factories.ts";

// Scenes for the booking lifecycle tests: CSMs free around the clock (so times are easy to pick),
// customers who booked an hour, and the emails their bookings queued.

const ALL_DAY = [{ start: "00:00", end: "24:00" }];
const WEEK = JSON.stringify({ mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY });

/** A pool CSM whose availability is kept in `timeZone`, free every hour, no buffers or notice. */
export async function createPoolCsm({ name = "Casey Morgan", timeZone = "America/New_York" } = {}) {
  const csm = await createUser({ role: "CSM", name, timeZone: "UTC" });
  await prisma.csmAvailability.create({
    data: {
      userId: csm.id,
      timeZone,
      weeklyHours: WEEK,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minimumNoticeMinutes: 0,
      maxHoursPerDay: 24,
      horizonDays: 60,
    },
  });
  return csm;
}

/** Bookings go only to the CSMs a test created: earlier tests' CSMs leave the pool. */
export async function onlyInPool(csmIds: string[]) {
  await prisma.csmAvailability.updateMany({ where: { userId: { notIn: csmIds } }, data: { inPool: false } });
  await prisma.csmAvailability.updateMany({ where: { userId: { in: csmIds } }, data: { inPool: true } });
}

/** A low-touch customer (four hours a quarter) who books from `timeZone`. */
export async function createBooker({ timeZone = "Asia/Kolkata", ownerCsmId = null as string | null, name = "Ada Lovelace" } = {}) {
  const account = await createAccount({ tier: "LOW", ownerCsmId, name: `Northwind ${Math.random().toString(36).slice(2, 7)}` });
  const member = await createUser({ role: "MEMBER", accountId: account.id, name, timeZone });
  const actor: Actor = { id: member.id, role: member.role, accountId: account.id };
  return { account, member, actor, timeZone };
}

export type Booker = Awaited<ReturnType<typeof createBooker>>;

export async function bookAt(booker: Booker, startsAt: Date, now: Date) {
  return bookHour(booker.actor, { startsAt, purpose: "Roll out dashboards to two more teams", timeZone: booker.timeZone }, { now });
}

type EmailPayload = {
  template: string;
  to: string;
  props: Record<string, unknown> & { hour?: { when: string } };
  attachments?: { filename: string; contentType: string; content: string }[];
};

/** The email jobs queued so far for one template, oldest first. */
export async function queuedEmails(template: string) {
  const jobs = await prisma.job.findMany({ where: { kind: EMAIL_JOB_KIND }, orderBy: { createdAt: "asc" } });
  return jobs
    .map((job) => ({ key: job.idempotencyKey, ...(JSON.parse(job.payload) as EmailPayload) }))
    .filter((email) => email.template === template);
}

/** The one queued email of `template` to `to`, failing the test unless there is exactly one. */
export async function onlyEmail(template: string, to: string) {
  const emails = (await queuedEmails(template)).filter((email) => email.to === to);
  expect(emails, `${template} to ${to}`).toHaveLength(1);
  return emails[0]!;
}

export function parseInvite(email: { attachments?: { content: string; contentType: string }[] }) {
  expect(email.attachments).toHaveLength(1);
  const attachment = email.attachments![0]!;
  const calendar = new ICAL.Component(ICAL.parse(attachment.content));
  const event = calendar.getFirstSubcomponent("vevent")!;
  const start = event.getFirstPropertyValue("dtstart") as ICAL.Time;
  return {
    contentType: attachment.contentType,
    method: calendar.getFirstPropertyValue("method"),
    uid: event.getFirstPropertyValue("uid"),
    sequence: event.getFirstPropertyValue("sequence"),
    start: start.toJSDate().toISOString(),
    startZone: start.zone?.tzid,
    attendees: event.getAllProperties("attendee").map((attendee) => attendee.getFirstValue()),
    url: event.getFirstPropertyValue("url"),
  };
}

/** The token in the customer's confirmation email, read the way the customer would: from the link. */
export async function tokenFromConfirmation(customerEmail: string) {
  const email = await onlyEmail("csm-hour-confirmation", customerEmail);
  const url = String(email.props.manageUrl);
  const match = /\/bookings\/([^/?#]+)$/.exec(url);
  expect(match, url).not.toBeNull();
  return decodeURIComponent(match![1]!);
}

/**
 * The handlers the app registers at start for what these tests queue, plus a stand-in for the
 * waiting queue's slot-freed handler (another part of the app) that records what it was told.
 */
export function registerLifecycleHandlers(now?: () => Date) {
  const freed: unknown[] = [];
  const removers = [
    registerJobHandler(EMAIL_JOB_KIND, (payload, job) => handleSendEmailJob(payload, job)),
    registerBookingEmailJobs({ now }),
    registerJobHandler(SLOT_FREED_JOB_KIND, async (payload) => void freed.push(payload)),
  ];
  return { freed, remove: () => removers.forEach((remove) => remove()) };
}

/** Runs every job that is due, and fails the test if any of them failed. */
export async function drainJobs() {
  const worker = createWorker({ pollMs: 60_000, concurrency: 8 });
  while ((await worker.runOnce()) > 0);
  await worker.stop();
  const failed = await prisma.job.findMany({ where: { OR: [{ lastError: { not: null } }, { failedAt: { not: null } }] } });
  expect(failed.map((job) => `${job.kind}: ${job.lastError}`)).toEqual([]);
}
