import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ExpiredManageLink, ManageBooking } from "~/components/queue/manage-booking.tsx";
import { loadManagePage, manageBookingAction } from "~/modules/queue/manage-booking-page.server.ts";

export const meta: MetaFunction = () => [{ title: "Your hour with a CSM · Lyceum" }, { name: "robots", content: "noindex" }];

// The link in the customer's emails: the token is the credential, so no sign-in is needed. It opens
// the booking until the hour ends or is cancelled.
const keyOf = (token: string | undefined) => ({ kind: "token" as const, token: token ?? "" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  return loadManagePage(keyOf(params.token), request);
}

export async function action({ request, params }: ActionFunctionArgs) {
  return manageBookingAction(keyOf(params.token), request, `/bookings/${encodeURIComponent(params.token ?? "")}`);
}

function Shell({ children }: { children: React.ReactNode }) {
  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      <Link to="/" className="mb-8 flex items-center gap-2 text-xl font-semibold text-slate-900">
        <img src="/favicon.svg" alt="" className="h-8 w-8" />
        Lyceum
      </Link>
      {children}
    </main>
  );
}

export default function ManageBookingByLink() {
  const page = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <Shell>
      {page.expired || !page.view ? (
        <ExpiredManageLink state={page.expired ?? "ended"} />
      ) : (
        <ManageBooking view={page.view} days={page.days} done={page.done} reply={reply} busy={busy} />
      )}
    </Shell>
  );
}

export function ErrorBoundary() {
  return (
    <Shell>
      <GeneralErrorBoundary />
    </Shell>
  );
}
