// The one-to-many team's capacity: how many hours the pool offers, how many are booked and free, what
// accounts are entitled to, and how long a new request waits. Pure code over the slot engine's output;
// capacity.server.ts reads the rows.
//
// "Offered" counts the most one-hour bookings a CSM's hours allow, not the candidate starts the engine
// lists: with a 15-minute buffer after each call, 09:00–13:00 lists 09:00, 10:00, 11:00 and 12:00 as free,
// but once 09:00 is booked 10:00 is not (its buffer would meet the 09:00 call's), so the CSM can take two
// bookings there (09:00 and 11:00), and no more than maxHoursPerDay on one local day. Taking the earliest
// start that still fits, again and again, gives that maximum for slots of one length.
//
// Worked example, a CSM in UTC with 09:00–17:00 on weekdays, 15 minutes' buffer after, at most 3 hours a
// day: the engine lists 8 starts a day; the buffer leaves 09:00, 11:00, 13:00, 15:00; the cap keeps the
// first three. Offered: 3 hours a day, 15 a week. With a booking at 11:00 on Monday, the engine lists
// 09:00, 13:00, 14:00, 15:00 and 16:00 (10:00 and 12:00 would meet the booking's buffer); the buffer
// between new bookings leaves 09:00, 13:00 and 15:00; the cap, with the booking's hour counted, keeps
// 09:00 and 13:00: 2 hours free that Monday.
import type { EntitlementPeriod } from "~/generated/prisma/enums.ts";
import {
  DAY_MS,
  MINUTE_MS,
  addLocalDays,
  localDateToDayNumber,
  utcToZonedParts,
  zoneTimeline,
  zonedLocalToUtc,
} from "~/utils/zoned-time.ts";
import { poolSlots, slotsForCsm, type CsmSchedule, type Interval, type PoolMember } from "./slots.ts";

const HOUR_MS = 60 * MINUTE_MS;

export type Week = Interval & {
  /** The week's Monday and Sunday in the viewer's zone, YYYY-MM-DD. */
  firstDay: string;
  lastDay: string;
};

/**
 * `count` weeks, Monday 00:00 to Monday 00:00 in `timeZone`, the first being the week that contains
 * `now`. A week in which the clocks change is 167 or 169 hours long; each starts at its own local midnight.
 */
export function weeksAhead(now: Date, timeZone: string, count: number): Week[] {
  const today = utcToZonedParts(now, timeZone).date;
  // Day 0 (1 January 1970) was a Thursday: +3 makes Monday 0.
  const weekday = (((localDateToDayNumber(today) + 3) % 7) + 7) % 7;
  const monday = addLocalDays(today, -weekday);
  return Array.from({ length: count }, (_, index) => {
    const firstDay = addLocalDays(monday, 7 * index);
    return {
      start: zonedLocalToUtc(firstDay, "00:00", timeZone),
      end: zonedLocalToUtc(addLocalDays(firstDay, 7), "00:00", timeZone),
      firstDay,
      lastDay: addLocalDays(firstDay, 6),
    };
  });
}

/**
 * Starts (ms, rising) of the most bookings of `durationMinutes` that one CSM could still take in
 * [from, to) beside `bookings`: what their hours, overrides, time off, buffers and daily cap allow.
 * Notice and horizon are lifted: they decide when a customer may book, not how many hours a CSM gives.
 * With no bookings this is what the CSM offers; with their confirmed bookings, what is still free.
 */
export function bookableStarts(
  csm: CsmSchedule,
  bookings: readonly Interval[],
  range: { from: Date; to: Date },
  durationMinutes: number,
): number[] {
  const [fromMs, toMs] = [range.from.getTime(), range.to.getTime()];
  if (!(fromMs < toMs)) return [];
  const availability = csm.availability;
  const open: CsmSchedule = {
    csmId: csm.csmId,
    availability: { ...availability, minimumNoticeMinutes: 0, horizonDays: Math.ceil((toMs - fromMs) / DAY_MS) + 2 },
  };
  const candidates = slotsForCsm(open, { bookings }, { from: range.from, to: range.to, now: range.from, durationMinutes });

  // The engine has already kept candidates clear of the bookings; what is left is to keep them clear of
  // one another: two bookings need both buffers between them, and a day holds at most its cap.
  const gapMs = (availability.bufferBeforeMinutes + availability.bufferAfterMinutes) * MINUTE_MS;
  const capMinutes = availability.maxHoursPerDay === null ? Infinity : availability.maxHoursPerDay * 60;
  const timeline = zoneTimeline(availability.timeZone, fromMs - DAY_MS, toMs + DAY_MS);
  const minutesByDay = new Map<number, number>();
  // A booking counts toward the CSM's local date on which it starts, as in the engine.
  for (const booking of bookings) {
    const day = timeline.dayNumberAt(booking.start.getTime());
    minutesByDay.set(day, (minutesByDay.get(day) ?? 0) + (booking.end.getTime() - booking.start.getTime()) / MINUTE_MS);
  }
  const starts: number[] = [];
  let lastEnd = -Infinity;
  for (const slot of candidates) {
    const start = slot.start.getTime();
    if (start < lastEnd + gapMs) continue;
    const day = timeline.dayNumberAt(start);
    const minutes = minutesByDay.get(day) ?? 0;
    if (minutes + durationMinutes > capMinutes) continue;
    minutesByDay.set(day, minutes + durationMinutes);
    starts.push(start);
    lastEnd = slot.end.getTime();
  }
  return starts;
}

/** How many of the rising `starts` fall in [from, to). */
export function countBetween(starts: readonly number[], from: Date, to: Date): number {
  return lowerBound(starts, to.getTime()) - lowerBound(starts, from.getTime());
}

function lowerBound(values: readonly number[], target: number) {
  let [lo, hi] = [0, values.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One CSM's facts over the whole window the page looks at. */
export type CsmCapacity = {
  csmId: string;
  /** bookableStarts with no bookings. */
  offered: readonly number[];
  /** bookableStarts with their confirmed bookings, from now on. */
  free: readonly number[];
  /** Bookings that use the CSM's time: confirmed, completed and no-shows (not cancelled). */
  booked: readonly Interval[];
};

export type Figures = {
  offeredHours: number;
  bookedHours: number;
  freeHours: number;
  /** booked ÷ offered; null when nothing is offered. Above 1 when hours were cut after people booked. */
  utilisation: number | null;
};

/** A CSM's hours in [start, end); a booking belongs to the range its start falls in. */
export function figuresBetween(csm: CsmCapacity, range: Interval, slotMinutes: number): Figures {
  const slotHours = slotMinutes / 60;
  const [from, to] = [range.start.getTime(), range.end.getTime()];
  let bookedMs = 0;
  for (const booking of csm.booked) {
    const start = booking.start.getTime();
    if (start >= from && start < to) bookedMs += booking.end.getTime() - start;
  }
  return withUtilisation({
    offeredHours: countBetween(csm.offered, range.start, range.end) * slotHours,
    bookedHours: bookedMs / HOUR_MS,
    freeHours: countBetween(csm.free, range.start, range.end) * slotHours,
  });
}

export function sumFigures(list: readonly Figures[]): Figures {
  return withUtilisation({
    offeredHours: list.reduce((total, figures) => total + figures.offeredHours, 0),
    bookedHours: list.reduce((total, figures) => total + figures.bookedHours, 0),
    freeHours: list.reduce((total, figures) => total + figures.freeHours, 0),
  });
}

function withUtilisation(figures: Omit<Figures, "utilisation">): Figures {
  return { ...figures, utilisation: figures.offeredHours > 0 ? figures.bookedHours / figures.offeredHours : null };
}

/** An account drawing from the pool, in its current period: its effective entitlement and its balance row, if any yet. */
export type PoolAccountHours = {
  period: EntitlementPeriod;
  /** The tier policy's or the override's hours for a period. */
  effectiveHours: number;
  balance: { granted: number; entitled: number; used: number } | null;
};

export type Entitlement = { accounts: number; grantedHours: number; usedHours: number; leftHours: number };

/**
 * What accounts may book this period, read without writing: a period nobody has opened yet holds the
 * effective entitlement; an open one its granted hours (top-ups included), corrected by an entitlement
 * changed since it opened, exactly as ensurePeriodGrant would apply it on the next read.
 */
export function entitlementOf(accounts: readonly PoolAccountHours[]): Entitlement {
  let [count, grantedHours, usedHours, leftHours] = [0, 0, 0, 0];
  for (const account of accounts) {
    const granted = account.balance ? account.balance.granted + account.effectiveHours - account.balance.entitled : account.effectiveHours;
    const used = account.balance?.used ?? 0;
    if (granted <= 0 && used === 0) continue;
    count++;
    grantedHours += granted;
    usedHours += used;
    leftHours += Math.max(0, granted - used);
  }
  return { accounts: count, grantedHours, usedHours, leftHours };
}

export type PeriodFacts = {
  periodName: string;
  /** The period's last calendar day, as the reader reads it: "Dec 31". */
  lastDay: string;
  offeredHours: number;
  /** Free from now to the period's end. */
  freeHours: number;
  entitlement: Entitlement;
};

export type Reading = { tone: "info" | "warning"; sentences: string[] };

/**
 * The period's numbers in plain words, facts only: how the pool's hours compare with what accounts
 * are entitled to, and whether what is still free covers what is still unused.
 */
export function readPeriod(facts: PeriodFacts, hours: (value: number) => string): Reading {
  const { periodName, lastDay, offeredHours, freeHours, entitlement } = facts;
  const entitled = entitlement.grantedHours;
  if (entitled <= 0) {
    return { tone: "info", sentences: [`No account that books through the pool has CSM hours in ${periodName}.`] };
  }
  const sentences: string[] = [];
  let warning = false;
  if (offeredHours <= 0) {
    warning = true;
    sentences.push(
      `No CSM offers pool hours in ${periodName}, and accounts are entitled to ${hours(entitled)}: every request waits in the queue.`,
    );
  } else if (entitled > offeredHours) {
    warning = true;
    const share = Math.floor((offeredHours / entitled) * 100);
    sentences.push(
      `The pool offers ${hours(offeredHours)} in ${periodName}; accounts are entitled to ${hours(entitled)}. ` +
        `If more than ${share}% of the entitled hours are asked for, the queue grows.`,
    );
  } else {
    sentences.push(`The pool offers ${hours(offeredHours)} in ${periodName}, enough for the ${hours(entitled)} accounts are entitled to.`);
  }
  const left = entitlement.leftHours;
  if (left > freeHours) {
    warning = true;
    sentences.push(`Accounts have ${hours(left)} left to book until ${lastDay}; the pool has ${hours(freeHours)} free until then.`);
  } else if (left > 0) {
    sentences.push(`The ${hours(freeHours)} free until ${lastDay} cover the ${hours(left)} accounts have left to book.`);
  }
  return { tone: warning ? "warning" : "info", sentences };
}

export type FirstFree = {
  /** The first start any pool CSM can take, as a customer would see it (notice and horizon apply). */
  first: Date | null;
  /** Each CSM's first free start; CSMs with none in their horizon are missing. */
  byCsm: Map<string, Date>;
};

const SEARCH_CHUNK_DAYS = 7;

/**
 * The wait a new request faces: the first free slot across the pool and for each CSM, searched a week
 * at a time so that a pool with free hours tomorrow costs one week of slot maths, not a whole horizon.
 */
export function firstFree(pool: readonly PoolMember[], now: Date, durationMinutes: number): FirstFree {
  const byCsm = new Map<string, Date>();
  let first: Date | null = null;
  if (pool.length === 0) return { first, byCsm };
  // Nobody's slots start later than their horizon's last day; three days covers zone offsets.
  const horizonDays = Math.max(...pool.map((member) => member.csm.availability.horizonDays));
  const endMs = now.getTime() + (horizonDays + 3) * DAY_MS;
  for (let fromMs = now.getTime(); fromMs < endMs && byCsm.size < pool.length; fromMs += SEARCH_CHUNK_DAYS * DAY_MS) {
    const waiting = pool.filter((member) => !byCsm.has(member.csm.csmId));
    const to = new Date(Math.min(endMs, fromMs + SEARCH_CHUNK_DAYS * DAY_MS));
    for (const slot of poolSlots(waiting, { from: new Date(fromMs), to, now, durationMinutes })) {
      first ??= slot.start;
      for (const csmId of slot.csmIds) if (!byCsm.has(csmId)) byCsm.set(csmId, slot.start);
    }
  }
  return { first, byCsm };
}

function safeLocale(locale: string) {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? "en-US";
  } catch {
    return "en-US";
  }
}

/** "12 h", "7.5 h". */
export function formatHours(hours: number, locale = "en-US"): string {
  return `${new Intl.NumberFormat(safeLocale(locale), { maximumFractionDigits: 1 }).format(hours)} h`;
}

/** "16%", or "—" when nothing is offered. */
export function formatUtilisation(utilisation: number | null, locale = "en-US"): string {
  if (utilisation === null) return "\u2014";
  return new Intl.NumberFormat(safeLocale(locale), { style: "percent", maximumFractionDigits: 0 }).format(utilisation);
}

/**
 * How far off `at` is, as the viewer counts days: "in 40 minutes", "in 3 hours" (later today in their
 * zone), "tomorrow", "in 2 days".
 */
export function waitInWords(now: Date, at: Date, timeZone: string, locale = "en-US"): string {
  const format = new Intl.RelativeTimeFormat(safeLocale(locale), { numeric: "auto" });
  const ms = Math.max(0, at.getTime() - now.getTime());
  const days = localDateToDayNumber(utcToZonedParts(at, timeZone).date) - localDateToDayNumber(utcToZonedParts(now, timeZone).date);
  if (days > 0) return format.format(days, "day");
  if (ms < HOUR_MS) return format.format(Math.max(1, Math.round(ms / MINUTE_MS)), "minute");
  return format.format(Math.round(ms / HOUR_MS), "hour");
}

/** How long something has lasted: "3 days", "5 hours", "20 minutes" (the largest whole unit). */
export function durationInWords(ms: number, locale = "en-US"): string {
  const unit = (value: number, name: "day" | "hour" | "minute") =>
    new Intl.NumberFormat(safeLocale(locale), { style: "unit", unit: name, unitDisplay: "long" }).format(value);
  if (ms >= DAY_MS) return unit(Math.floor(ms / DAY_MS), "day");
  if (ms >= HOUR_MS) return unit(Math.floor(ms / HOUR_MS), "hour");
  return unit(Math.max(0, Math.floor(ms / MINUTE_MS)), "minute");
}
