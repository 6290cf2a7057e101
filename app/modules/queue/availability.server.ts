// A CSM's availability: weekly hours, date overrides and time off. Every read and write is scoped to
// one owner, resolved from the actor: the actor themself, or (admins only) the CSM named by `csmId`.
import { DomainError } from "~/modules/auth/errors.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { utcToZonedParts } from "~/modules/sessions/schedule.ts";
import { prisma } from "~/utils/db.server.ts";
import { isValidTimeZone } from "~/utils/format.ts";
import { logger } from "~/utils/logger.server.ts";
import {
  defaultWeeklyHours,
  emptyWeeklyHours,
  localDateTimeToUtc,
  rangesJson,
  readRangesJson,
  readWeeklyHoursJson,
  weeklyHoursJson,
  type TimeRange,
  type WeeklyHours,
} from "./availability-form.ts";
import { LIMITS, type OverrideValues, type TimeOffValues } from "./availability-form.schema.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whose availability a call is about: omitted (or the actor's own id) means the actor's own. */
export type AvailabilityTarget = { csmId?: string | null };

export type AvailabilityOwner = { id: string; name: string; timeZone: string; self: boolean };

export type AvailabilitySettings = {
  timeZone: string;
  weeklyHours: WeeklyHours;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minimumNoticeMinutes: number;
  maxHoursPerDay: number;
  horizonDays: number;
  inPool: boolean;
};

/** What a CSM who never saved their availability offers (the schema's column defaults, plus hours). */
export function defaultAvailability(profileTimeZone: string): AvailabilitySettings {
  return {
    timeZone: isValidTimeZone(profileTimeZone) ? profileTimeZone : "UTC",
    weeklyHours: defaultWeeklyHours(),
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 15,
    minimumNoticeMinutes: 240,
    maxHoursPerDay: 4,
    horizonDays: 30,
    inPool: true,
  };
}

function notFound(what: string): never {
  throw new Response(`There is no ${what} with that id. It may have been removed already.`, { status: 404 });
}

/**
 * The person whose availability the actor may read and change. Own availability needs
 * `availability.manage_own`; anyone else's needs `availability.manage_all`, and must be an active
 * staff member who can offer hours (404 otherwise, so ids of other people are not confirmed).
 */
export async function resolveAvailabilityOwner(actor: Actor, target: AvailabilityTarget = {}): Promise<AvailabilityOwner> {
  const csmId = target.csmId?.trim() || actor.id;
  const self = csmId === actor.id;
  if (!can(actor, self ? "availability.manage_own" : "availability.manage_all")) {
    throw new Response(self ? "You do not have access to this page." : "You may only change your own availability.", { status: 403 });
  }
  const user = await prisma.user.findUnique({
    where: { id: csmId },
    select: { id: true, name: true, role: true, accountId: true, timeZone: true, deactivatedAt: true },
  });
  if (!user || (!self && (user.deactivatedAt || !can(user, "availability.manage_own")))) notFound("CSM");
  return { id: user.id, name: user.name, timeZone: user.timeZone, self };
}

async function settingsFor(owner: AvailabilityOwner): Promise<{ saved: boolean; settings: AvailabilitySettings }> {
  const row = await prisma.csmAvailability.findUnique({
    where: { userId: owner.id },
    select: {
      timeZone: true,
      weeklyHours: true,
      bufferBeforeMinutes: true,
      bufferAfterMinutes: true,
      minimumNoticeMinutes: true,
      maxHoursPerDay: true,
      horizonDays: true,
      inPool: true,
    },
  });
  if (!row) return { saved: false, settings: defaultAvailability(owner.timeZone) };
  let weeklyHours = readWeeklyHoursJson(row.weeklyHours);
  if (!weeklyHours) {
    // Only a hand edit of the database gets here; the page still opens so the CSM can save anew.
    logger.warn("stored weekly hours are not readable; showing an empty week", { userId: owner.id });
    weeklyHours = emptyWeeklyHours();
  }
  return {
    saved: true,
    settings: { ...row, timeZone: isValidTimeZone(row.timeZone) ? row.timeZone : "UTC", weeklyHours },
  };
}

/** The zone the owner's overrides and time off are written in: their saved one, else their profile's. */
async function zoneOf(owner: AvailabilityOwner) {
  return (await settingsFor(owner)).settings.timeZone;
}

export type OverrideRow = { id: string; date: string; ranges: TimeRange[]; note: string };
export type TimeOffRow = { id: string; startsAt: Date; endsAt: Date; reason: string };

/**
 * Everything the availability page shows: the settings (defaults when none were saved), overrides from
 * today on (in the owner's zone) and time off that has not ended yet.
 */
export async function getMyAvailability(actor: Actor, target: AvailabilityTarget = {}, now = new Date()) {
  const owner = await resolveAvailabilityOwner(actor, target);
  const { saved, settings } = await settingsFor(owner);
  const today = utcToZonedParts(now, settings.timeZone).date;
  const [overrides, timeOff] = await Promise.all([
    prisma.availabilityOverride.findMany({
      where: { userId: owner.id, date: { gte: today } },
      orderBy: { date: "asc" },
      select: { id: true, date: true, ranges: true, note: true },
      take: 200,
    }),
    prisma.timeOff.findMany({
      where: { userId: owner.id, endsAt: { gt: now } },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      select: { id: true, startsAt: true, endsAt: true, reason: true },
      take: 200,
    }),
  ]);
  return {
    owner,
    saved,
    settings,
    today,
    overrides: overrides.map((row): OverrideRow => ({ ...row, ranges: readRangesJson(row.ranges) ?? [] })),
    timeOff: timeOff satisfies TimeOffRow[],
  };
}

/** Saves the weekly editor (creating the row on first save), in the zone the CSM chose. */
export async function saveWeeklyHours(actor: Actor, values: AvailabilitySettings, target: AvailabilityTarget = {}) {
  const owner = await resolveAvailabilityOwner(actor, target);
  const data = {
    timeZone: values.timeZone,
    weeklyHours: weeklyHoursJson(values.weeklyHours),
    bufferBeforeMinutes: values.bufferBeforeMinutes,
    bufferAfterMinutes: values.bufferAfterMinutes,
    minimumNoticeMinutes: values.minimumNoticeMinutes,
    maxHoursPerDay: values.maxHoursPerDay,
    horizonDays: values.horizonDays,
    inPool: values.inPool,
  };
  await prisma.csmAvailability.upsert({ where: { userId: owner.id }, create: { userId: owner.id, ...data }, update: data });
  return owner;
}

/** Sets one date's hours (or a day off), replacing what that date had. Dates are the owner's local ones. */
export async function saveOverride(actor: Actor, values: OverrideValues, target: AvailabilityTarget = {}, now = new Date()) {
  const owner = await resolveAvailabilityOwner(actor, target);
  const zone = await zoneOf(owner);
  const today = utcToZonedParts(now, zone).date;
  if (values.date < today)
    throw new DomainError(400, `That date has passed in ${zone.replaceAll("_", " ")}; choose today or later`, "date");
  const lastDate = utcToZonedParts(new Date(now.getTime() + LIMITS.overrideYearsAhead * 366 * DAY_MS), zone).date;
  if (values.date > lastDate) {
    throw new DomainError(400, `Choose a date within the next ${LIMITS.overrideYearsAhead} years`, "date");
  }
  const data = { ranges: rangesJson(values.dayOff ? [] : values.ranges), note: values.note };
  const existing = await prisma.availabilityOverride.findUnique({
    where: { userId_date: { userId: owner.id, date: values.date } },
    select: { id: true },
  });
  const row = await prisma.availabilityOverride.upsert({
    where: { userId_date: { userId: owner.id, date: values.date } },
    create: { userId: owner.id, date: values.date, ...data },
    update: data,
    select: { id: true },
  });
  return { id: row.id, replaced: Boolean(existing), owner };
}

export async function removeOverride(actor: Actor, id: string, target: AvailabilityTarget = {}) {
  const owner = await resolveAvailabilityOwner(actor, target);
  const { count } = await prisma.availabilityOverride.deleteMany({ where: { id, userId: owner.id } });
  if (count === 0) notFound("date override");
  return owner;
}

function refuseLocalTime(field: "startsAt" | "endsAt", local: string, zone: string, suggestion?: string): never {
  const [date, time] = local.split("T");
  const place = zone.replaceAll("_", " ");
  throw new DomainError(
    400,
    suggestion
      ? `${date} ${time} does not exist in ${place}: the clocks skip that hour when summer time starts. Choose ${suggestion} or another time.`
      : "Enter a date and time, like 2026-12-24 09:00",
    field,
  );
}

/**
 * Adds time off typed as local date-times in the owner's availability zone, stored as UTC instants.
 * A time skipped by a spring-forward gap is refused with a suggestion; a time that happens twice starts
 * at its first occurrence and ends at its second (see availability-form.ts for the worked example).
 */
export async function addTimeOff(actor: Actor, values: TimeOffValues, target: AvailabilityTarget = {}, now = new Date()) {
  const owner = await resolveAvailabilityOwner(actor, target);
  const zone = await zoneOf(owner);
  const start = localDateTimeToUtc(values.startsAt, zone, "earlier");
  if (!start.ok) refuseLocalTime("startsAt", values.startsAt, zone, start.reason === "nonexistent" ? start.suggestion : undefined);
  const end = localDateTimeToUtc(values.endsAt, zone, "later");
  if (!end.ok) refuseLocalTime("endsAt", values.endsAt, zone, end.reason === "nonexistent" ? end.suggestion : undefined);
  if (end.instant <= start.instant) throw new DomainError(400, "The end must be after the start", "endsAt");
  if (end.instant <= now) throw new DomainError(400, "That time off is already over; enter time off that is still ahead", "endsAt");
  if (end.instant.getTime() - start.instant.getTime() > LIMITS.timeOffDays * DAY_MS) {
    throw new DomainError(400, `Enter at most ${LIMITS.timeOffDays} days at a time`, "endsAt");
  }
  const row = await prisma.timeOff.create({
    data: { userId: owner.id, startsAt: start.instant, endsAt: end.instant, reason: values.reason },
    select: { id: true, startsAt: true, endsAt: true },
  });
  return { ...row, ambiguous: start.ambiguous || end.ambiguous, timeZone: zone, owner };
}

export async function removeTimeOff(actor: Actor, id: string, target: AvailabilityTarget = {}) {
  const owner = await resolveAvailabilityOwner(actor, target);
  const { count } = await prisma.timeOff.deleteMany({ where: { id, userId: owner.id } });
  if (count === 0) notFound("time off");
  return owner;
}

/** For an admin's "whose availability" picker: active CSMs, then the admin themself. */
export async function listAvailabilityOwners(actor: Actor) {
  if (!can(actor, "availability.manage_all")) return [];
  const people = await prisma.user.findMany({
    where: { OR: [{ role: "CSM", deactivatedAt: null }, { id: actor.id }] },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, email: true, role: true },
    take: 500,
  });
  return people.map((person) => ({ id: person.id, label: person.id === actor.id ? `${person.name} (you)` : person.name }));
}

export function timeZoneChoices(current: string): string[] {
  const zones = new Set(["UTC", ...Intl.supportedValuesOf("timeZone")]);
  zones.add(current);
  return [...zones];
}
