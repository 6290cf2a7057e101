import type { EntitlementPeriod, HourLedgerKind, Tier } from "~/generated/prisma/enums.ts";
import { dateTimeFormat, formatDateTime, isValidTimeZone } from "~/utils/format.ts";

// Entitlement periods are calendar months, quarters and years in UTC, not in the account's or the
// viewer's zone:
// - `(accountId, periodStart)` is the balance row's key. An admin editing the account's zone must
//   not move it (a second, overlapping period would appear and the first would keep its draws).
// - One account's people sit in several zones; the period must be one instant for all of them and
//   for every server, whatever its own zone.
// - Contract and renewal dates are calendar dates stored as midnight UTC (utils/format.ts), so
//   UTC periods line up with how the contract itself is written down.
// - UTC has no DST: a quarter never starts at an hour that a zone skips or repeats.
// The cost: in New York, a new quarter's hours arrive at 19:00 or 20:00 on the last evening of the
// old one. Pages state the period as calendar dates ("Oct 1 – Dec 31, 2026").
//
// Worked example: periodStart("QUARTER", 2026-12-31T23:59:59.999Z) is 2026-10-01T00:00:00.000Z and
// periodEnd is 2027-01-01T00:00:00.000Z; one millisecond later both move a quarter on.

const MONTHS: Record<EntitlementPeriod, number> = { MONTH: 1, QUARTER: 3, YEAR: 12 };

function assertInstant(at: Date) {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new RangeError("periodStart needs a valid Date");
}

/** The first instant (UTC) of the calendar month, quarter or year that contains `at`. */
export function periodStart(period: EntitlementPeriod, at: Date): Date {
  assertInstant(at);
  const month = at.getUTCMonth();
  return new Date(Date.UTC(at.getUTCFullYear(), month - (month % MONTHS[period]), 1));
}

/** The first instant of the next period: the period containing `at` is `[periodStart, periodEnd)`. */
export function periodEnd(period: EntitlementPeriod, at: Date): Date {
  const start = periodStart(period, at);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + MONTHS[period], 1));
}

/** "November 2026", "Q4 2026" or "2026" for the period starting at `start`. */
export function periodName(period: EntitlementPeriod, start: Date, locale = "en-US"): string {
  const year = start.getUTCFullYear();
  if (period === "YEAR") return String(year);
  if (period === "QUARTER") return `Q${Math.floor(start.getUTCMonth() / 3) + 1} ${year}`;
  return safeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(start);
}

/** The period's calendar dates, last day included: "Oct 1 – Dec 31, 2026". */
export function periodDates(period: EntitlementPeriod, start: Date, locale = "en-US"): string {
  const lastDay = new Date(periodEnd(period, start).getTime() - 1);
  return safeFormat(locale, { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" }).formatRange(start, lastDay);
}

/**
 * High-touch accounts book their own CSM directly; their hours are not drawn from the pool. Not the
 * same as `hasPersonalCsm` (accounts/entitlements.ts): low-touch accounts have a named CSM too, but
 * their hours are strictly limited, so they book through the pool and draw from the ledger.
 */
export function booksOwnCsm(tier: Tier): boolean {
  return tier === "HIGH";
}

export const LEDGER_KIND_LABELS: Record<HourLedgerKind, string> = {
  GRANT: "Entitlement",
  TOPUP: "Top-up",
  DRAW: "Booking",
  REFUND: "Refund",
  FORFEIT: "No-show",
};

export function hoursText(hours: number): string {
  return `${hours} hour${Math.abs(hours) === 1 ? "" : "s"}`;
}

/** "+4", "−1" (a real minus sign) or "0", for the hours column. */
export function signedHours(hours: number): string {
  if (hours > 0) return `+${hours}`;
  if (hours < 0) return `\u2212${-hours}`;
  return "0";
}

export type LedgerFacts = { kind: HourLedgerKind; hours: number; bookingId: string | null };

export type BalanceExplanation = {
  /** From the tier policy or the account's override (GRANT lines, adjustments included). */
  granted: number;
  /** Added (or, when negative, taken back) by admins. */
  toppedUp: number;
  drawn: number;
  refunded: number;
  /** Hours of bookings missed without cancelling: drawn, and not given back. */
  forfeited: number;
  /** What the balance row calls `granted`: granted plus top-ups. */
  total: number;
  /** What the balance row calls `used`: drawn minus refunded. */
  used: number;
  /** Never below zero, even after an entitlement was lowered below what was already used. */
  left: number;
};

/** One period's lines added up, so every number on the balance can be traced to lines. */
export function explainBalance(lines: readonly LedgerFacts[]): BalanceExplanation {
  const sum = (kind: HourLedgerKind) => lines.reduce((total, line) => (line.kind === kind ? total + line.hours : total), 0);
  const drawnByBooking = new Map(lines.flatMap((line) => (line.kind === "DRAW" && line.bookingId ? [[line.bookingId, -line.hours]] : [])));
  const forfeited = lines.reduce(
    (total, line) => (line.kind === "FORFEIT" && line.bookingId ? total + (drawnByBooking.get(line.bookingId) ?? 0) : total),
    0,
  );
  const granted = sum("GRANT");
  const toppedUp = sum("TOPUP");
  const drawn = 0 - sum("DRAW");
  const refunded = sum("REFUND");
  const total = granted + toppedUp;
  const used = drawn - refunded;
  return { granted, toppedUp, drawn, refunded, forfeited, total, used, left: Math.max(0, total - used) };
}

/** The reason written on the first GRANT line of a period. */
export function grantReason(input: { hours: number; period: EntitlementPeriod; tierLabel: string; fromOverride: boolean }): string {
  const per = `${hoursText(input.hours)} per ${PERIOD_WORDS[input.period]}`;
  return input.fromOverride ? `agreed for this account: ${per}` : `${input.tierLabel} plan: ${per}`;
}

/** The reason written on a GRANT line that applies a changed tier policy or override mid-period. */
export function entitlementChangeReason(from: number, to: number): string {
  return `entitlement changed from ${from} to ${to}`;
}

const PERIOD_WORDS: Record<EntitlementPeriod, string> = { MONTH: "month", QUARTER: "quarter", YEAR: "year" };

/** A shared formatter (utils/format.ts); an unknown locale falls back to en-US. */
function safeFormat(locale: string, options: Intl.DateTimeFormatOptions) {
  try {
    return dateTimeFormat(locale, options);
  } catch {
    return dateTimeFormat("en-US", options);
  }
}

/** A booking's start in the viewer's zone: "Tue, Nov 24, 10:00 AM" (en-US), "Tue 24 Nov, 10:00" (en-GB). */
export function formatBookingTime(startsAt: Date, timeZone: string, locale = "en-US"): string {
  const options: Intl.DateTimeFormatOptions = {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "numeric",
    minute: "2-digit",
    timeZone: isValidTimeZone(timeZone) ? timeZone : "UTC",
  };
  const format = safeFormat(locale, options);
  // A 24-hour clock reads "00:00", not "0:00"; a 12-hour one "9:00 AM", not "09:00 AM".
  const twentyFourHour = ["h23", "h24"].includes(format.resolvedOptions().hourCycle ?? "");
  return (twentyFourHour ? safeFormat(locale, { ...options, hour: "2-digit" }) : format).format(startsAt);
}

export type DescribableLine = { kind: HourLedgerKind; hours: number; reason: string; bookingStartsAt: Date | null };

/**
 * What a line was, in a sentence: "Drew 1 hour — booking on Tue, Nov 24, 10:00 AM". `when` formats
 * the booking's start for the viewer (see formatBookingTime).
 */
export function describeLine(line: DescribableLine, when: (startsAt: Date) => string): string {
  const booking = line.bookingStartsAt ? `booking on ${when(line.bookingStartsAt)}` : "a booking since removed";
  const because = line.reason ? ` — ${line.reason}` : "";
  const amount = hoursText(Math.abs(line.hours));
  switch (line.kind) {
    case "GRANT":
      if (line.hours < 0) return `Took back ${amount}${because}`;
      return `Granted ${amount}${because}`;
    case "TOPUP":
      return line.hours < 0 ? `Took back ${amount}${because}` : `Added ${amount}${because}`;
    case "DRAW":
      return `Drew ${amount} — ${booking}`;
    case "REFUND":
      return `Refunded ${amount} — ${booking} was cancelled in time${line.reason ? ` (${line.reason})` : ""}`;
    case "FORFEIT":
      return `No-show for the ${booking} — not refunded`;
  }
}

export type Viewer = { timeZone: string; locale: string };

export type PresentableLine = DescribableLine & { id: string; periodStart: Date; createdAt: Date; createdBy: string | null };

/** A ledger line as the viewer reads it: what it was, when (in their zone), the signed hours. */
export function presentLine(line: PresentableLine, period: EntitlementPeriod, viewer: Viewer) {
  return {
    id: line.id,
    kind: line.kind,
    kindLabel: LEDGER_KIND_LABELS[line.kind],
    hours: line.hours,
    signedHours: signedHours(line.hours),
    description: describeLine(line, (startsAt) => formatBookingTime(startsAt, viewer.timeZone, viewer.locale)),
    when: formatDateTime(line.createdAt, viewer.timeZone, viewer.locale),
    period: periodName(period, line.periodStart, viewer.locale),
    by: line.createdBy,
  };
}

export type PresentedLine = ReturnType<typeof presentLine>;

/**
 * The balance as a sum anyone can check against the lines: "4 granted + 1 added − 2 booked +
 * 1 refunded = 4 left". Terms that are zero are left out, except what was granted and what is left.
 */
export function balanceInWords(explanation: BalanceExplanation): string {
  const { granted, toppedUp, drawn, refunded, total, used } = explanation;
  const terms = [`${granted} granted`];
  if (toppedUp > 0) terms.push(`+ ${toppedUp} added`);
  if (toppedUp < 0) terms.push(`\u2212 ${-toppedUp} taken back`);
  if (drawn > 0) terms.push(`\u2212 ${drawn} booked`);
  if (refunded > 0) terms.push(`+ ${refunded} refunded`);
  const result = total - used;
  const sum = `${terms.join(" ")} = ${result < 0 ? `\u2212${-result} (none left)` : `${result} left`}`;
  return explanation.forfeited > 0 ? `${sum}; ${hoursText(explanation.forfeited)} missed without cancelling` : sum;
}
