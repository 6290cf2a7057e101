import { dateTimeFormat } from "~/utils/format.ts";

/**
 * Free start times grouped by day in the reader's zone, for a list of radio buttons: the booking page
 * and the reschedule step show the same list.
 */
export function groupSlotsByDay(slots: { start: Date }[], timeZone: string, locale: string) {
  const day = dateTimeFormat(locale, { timeZone, weekday: "long", day: "numeric", month: "long" });
  const time = dateTimeFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit" });
  const days: { label: string; slots: { value: string; label: string }[] }[] = [];
  for (const slot of slots) {
    const label = day.format(slot.start);
    if (days.at(-1)?.label !== label) days.push({ label, slots: [] });
    days.at(-1)!.slots.push({ value: slot.start.toISOString(), label: time.format(slot.start) });
  }
  return days;
}

export type SlotDay = ReturnType<typeof groupSlotsByDay>[number];
