import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ManageBooking } from "~/components/queue/manage-booking.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { loadManagePage, manageBookingAction } from "~/modules/queue/manage-booking-page.server.ts";

export const meta: MetaFunction = () => [{ title: "Your hour with a CSM · Lyceum" }];

// The same page as the emailed link, for the signed-in customer who booked the hour: listed under
// CSM hours, and linked from reminders (the emailed link's secret is not kept to put in them).
async function keyOf(request: Request, bookingId: string | undefined) {
  const viewer = await requirePermission(request, "queue.book");
  return { kind: "portal" as const, bookingId: bookingId ?? "", viewer };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  return loadManagePage(await keyOf(request, params.bookingId), request);
}

export async function action({ request, params }: ActionFunctionArgs) {
  return manageBookingAction(
    await keyOf(request, params.bookingId),
    request,
    `/portal/bookings/${encodeURIComponent(params.bookingId ?? "")}`,
  );
}

export default function ManageBookingInPortal() {
  const page = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  if (!page.view) return null;
  return <ManageBooking view={page.view} days={page.days} done={page.done} reply={reply} busy={busy} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
