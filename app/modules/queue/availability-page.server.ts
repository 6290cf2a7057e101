import type { Actor } from "~/modules/auth/permissions.ts";
import { formatCalendarDate } from "~/utils/format.ts";
import { formatRange, weeklyMinutes } from "./availability-form.ts";
import { formatSpan } from "./format-span.ts";
import { getMyAvailability, listAvailabilityOwners, timeZoneChoices, type AvailabilityTarget } from "./availability.server.ts";

type Viewer = Actor & { timeZone: string; locale: string };

function zoneLabel(zone: string) {
  return zone.replaceAll("_", " ");
}

/** The availability page's data, with every time already written out for the owner and the viewer. */
export async function getAvailabilityPage(viewer: Viewer, target: AvailabilityTarget, now = new Date()) {
  const { owner, saved, settings, today, overrides, timeOff } = await getMyAvailability(viewer, target, now);
  const zone = settings.timeZone;
  const showViewerZone = viewer.timeZone !== zone;
  return {
    owner: { id: owner.id, name: owner.name, self: owner.self },
    saved,
    settings,
    weeklyHoursTotal: weeklyMinutes(settings.weeklyHours) / 60,
    zoneLabel: zoneLabel(zone),
    viewerZoneLabel: showViewerZone ? zoneLabel(viewer.timeZone) : null,
    today,
    overrides: overrides.map((row) => ({
      id: row.id,
      date: row.date,
      day: formatCalendarDate(`${row.date}T00:00:00Z`, viewer.locale),
      hours: row.ranges.length ? row.ranges.map(formatRange).join(", ") : null,
      note: row.note,
    })),
    timeOff: timeOff.map((row) => ({
      id: row.id,
      reason: row.reason,
      inOwnerZone: formatSpan(row.startsAt, row.endsAt, zone, viewer.locale),
      inViewerZone: showViewerZone ? formatSpan(row.startsAt, row.endsAt, viewer.timeZone, viewer.locale) : null,
    })),
    owners: await listAvailabilityOwners(viewer),
    timeZones: timeZoneChoices(zone),
  };
}

export type AvailabilityPage = Awaited<ReturnType<typeof getAvailabilityPage>>;
