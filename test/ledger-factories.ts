import { prisma } from "~/utils/db.server.ts";
import { createAccount, createUser } from "./factories.ts";

const HOUR_MS = 60 * 60 * 1000;
let slot = 0;

/** The default offering, one per test database. */
export async function csmHourOffering() {
  return prisma.offering.upsert({
    where: { slug: "csm-hour" },
    create: { slug: "csm-hour", title: "One hour with a CSM" },
    update: {},
  });
}

/**
 * Confirmed bookings for an account, each at its own hour (the CSM's (csmId, startsAt) key is unique),
 * so a test can draw, refund and forfeit against real booking rows.
 */
export async function createBookings(accountId: string, count: number, options: { startsAt?: Date; csmId?: string } = {}) {
  const offering = await csmHourOffering();
  const csmId = options.csmId ?? (await createUser({ role: "CSM" })).id;
  const customer = await prisma.user.findFirst({ where: { accountId }, select: { id: true } });
  const bookedById = customer?.id ?? (await createUser({ role: "MEMBER", accountId })).id;
  const first = options.startsAt ?? new Date(Date.UTC(2026, 10, 24, 10));
  const bookings = [];
  for (let i = 0; i < count; i++) {
    const startsAt = new Date(first.getTime() + slot++ * HOUR_MS);
    bookings.push(
      await prisma.csmBooking.create({
        data: {
          offeringId: offering.id,
          csmId,
          accountId,
          bookedById,
          startsAt,
          endsAt: new Date(startsAt.getTime() + HOUR_MS),
          timeZone: "Europe/London",
          purpose: "Plan our rollout",
        },
        select: { id: true, startsAt: true },
      }),
    );
  }
  return bookings;
}

/** A customer account with one member, on the given tier. */
export async function createCustomer(tier: "HIGH" | "LOW" | "TECH" = "LOW") {
  const account = await createAccount({ tier });
  const member = await createUser({ role: "MEMBER", accountId: account.id });
  return { account, member };
}

/** One booking at exactly `startsAt` (an hour long unless `endsAt` is given), for tests that need its time to the minute. */
export async function createBooking(input: {
  accountId: string;
  csmId: string;
  bookedById: string;
  startsAt: Date;
  endsAt?: Date;
  purpose?: string;
  timeZone?: string;
  status?: "CONFIRMED" | "CANCELLED" | "COMPLETED" | "NO_SHOW";
  drawsHours?: boolean;
  answers?: string;
  routingRuleId?: string | null;
}) {
  const offering = await csmHourOffering();
  return prisma.csmBooking.create({
    data: {
      offeringId: offering.id,
      csmId: input.csmId,
      accountId: input.accountId,
      bookedById: input.bookedById,
      startsAt: input.startsAt,
      endsAt: input.endsAt ?? new Date(input.startsAt.getTime() + HOUR_MS),
      timeZone: input.timeZone ?? "Europe/London",
      purpose: input.purpose ?? "Plan our rollout",
      status: input.status ?? "CONFIRMED",
      drawsHours: input.drawsHours ?? true,
      answers: input.answers ?? "{}",
      routingRuleId: input.routingRuleId ?? null,
    },
    select: { id: true, startsAt: true, endsAt: true },
  });
}
