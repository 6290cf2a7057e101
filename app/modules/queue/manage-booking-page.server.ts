import { data, redirect } from "@remix-run/node";
import { DomainError } from "~/modules/auth/errors.ts";
import { readFormData } from "~/utils/forms.server.ts";
import { CancelBookingSchema, RescheduleBookingSchema } from "./manage-booking.schema.ts";
import { cancelBooking, getManagePage, getRescheduleDays, rescheduleBooking, type ManageKey } from "./manage-booking.server.ts";
import type { SlotDay } from "./slot-days.ts";

// The loader and action behind both doors to the manage page: the emailed link (/bookings/$token)
// and the signed-in customer's (/portal/bookings/$bookingId). `base` is the page's own path, where
// a change redirects to with what happened, so a reload does not post twice.

type Errors = Record<string, string[] | undefined>;
export type ManageReply = { intent: "cancel" | "reschedule"; errors: Errors; days: SlotDay[] | null };

/** An expired link answers 410 with the page that says what to do (as a lapsed claim link does); an unknown one is thrown as a 404. */
export async function loadManagePage(key: ManageKey, request: Request) {
  const url = new URL(request.url);
  const page = await getManagePage(key, { step: url.searchParams.get("step"), done: url.searchParams.get("done") });
  return data(page, { status: page.expired ? 410 : 200 });
}

function refused(intent: ManageReply["intent"], errors: Errors, status: number, days: SlotDay[] | null = null) {
  return data({ intent, errors, days } satisfies ManageReply, { status });
}

export async function manageBookingAction(key: ManageKey, request: Request, base: string) {
  const form = await readFormData(request);
  const intent = form.get("intent");
  if (intent === "cancel") {
    const parsed = CancelBookingSchema.safeParse({ reason: form.get("reason") ?? undefined });
    if (!parsed.success) return refused("cancel", parsed.error.flatten().fieldErrors as Errors, 400);
    try {
      await cancelBooking(key, parsed.data);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.status === 404) throw new Response(error.message, { status: 404 });
      return refused("cancel", { form: [error.message] }, error.status);
    }
    return redirect(`${base}?done=cancelled`, 303);
  }
  if (intent === "reschedule") {
    const parsed = RescheduleBookingSchema.safeParse({ startsAt: form.get("startsAt") ?? undefined });
    if (!parsed.success) return refused("reschedule", parsed.error.flatten().fieldErrors as Errors, 400, await getRescheduleDays(key));
    try {
      await rescheduleBooking(key, { startsAt: new Date(parsed.data.startsAt) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.status === 404) throw new Response(error.message, { status: 404 });
      // Taken meanwhile, or no longer movable: the list again, fresh, with what to do next.
      return refused("reschedule", { startsAt: [error.message] }, error.status, await getRescheduleDays(key));
    }
    return redirect(`${base}?done=rescheduled`, 303);
  }
  return refused("cancel", { form: ["Choose a new time or cancel the hour."] }, 400);
}
