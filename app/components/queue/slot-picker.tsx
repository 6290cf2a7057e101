import type { SlotDay } from "~/modules/queue/slot-days.ts";

/**
 * Free times as radio buttons (`startsAt`), one fieldset per day: the booking page and the reschedule
 * step show the same list. Goes inside the caller's form, which adds its intent and submit button.
 */
export function SlotPicker({ days }: { days: SlotDay[] }) {
  return (
    <>
      {days.map((day) => (
        <fieldset key={day.label}>
          <legend className="mb-2 text-sm font-semibold text-slate-900">{day.label}</legend>
          <div className="flex flex-wrap gap-2">
            {day.slots.map((slot) => (
              <label
                key={slot.value}
                className="flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50"
              >
                <input type="radio" name="startsAt" value={slot.value} required className="h-4 w-4" />
                {slot.label}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
    </>
  );
}
