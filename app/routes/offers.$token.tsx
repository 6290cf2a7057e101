import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthLayout } from "~/components/auth-layout.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Button } from "~/components/ui/button.tsx";
import { DomainError } from "~/modules/auth/errors.ts";
import { getUser } from "~/modules/auth/session.server.ts";
import { claimOffer, declineOffer, getOfferView } from "~/modules/sessions/offers.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "A seat is waiting for you · Lyceum" }];

const GONE = "This offer is no longer available: it was used, declined or has expired. The session page shows where you stand.";

// The token in the URL is the credential, so the page works without signing in.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const offer = await getOfferView(params.token ?? "", await getUser(request));
  if (offer) return { offer, result: null, sessionId: null };
  // After a claim or decline the token is spent; the redirect says what happened.
  const url = new URL(request.url);
  const result = url.searchParams.get("result");
  const sessionId = url.searchParams.get("session") ?? "";
  if (result === "claimed" || result === "declined") {
    return { offer: null, result, sessionId: /^[a-z0-9]{1,40}$/.test(sessionId) ? sessionId : null };
  }
  throw new Response(GONE, { status: 410 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const intent = (await readFormData(request)).get("intent");
  if (intent !== "claim" && intent !== "decline") throw new Response("Choose Claim or Decline.", { status: 400 });
  try {
    const result = intent === "claim" ? await claimOffer(token) : await declineOffer(token);
    const done = new URLSearchParams({ result: intent === "claim" ? "claimed" : "declined", session: result.sessionId });
    return redirect(`/offers/${encodeURIComponent(token)}?${done}`, 303);
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

export default function Offer() {
  const { offer, result, sessionId } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  if (!offer) {
    const claimed = result === "claimed";
    return (
      <AuthLayout
        title={claimed ? "Your seat is confirmed" : "You declined the seat"}
        subtitle={
          claimed
            ? "We emailed you a confirmation with the calendar invite and your personal join link."
            : "It goes to the next person on the waitlist. Thank you for letting us know."
        }
      >
        {sessionId ? (
          <Link to={`/portal/sessions/${sessionId}`} className="font-medium text-brand-700 underline underline-offset-4">
            Open the session page
          </Link>
        ) : null}
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title="A seat is waiting for you"
      subtitle={`${offer.name}, a seat opened up and is held for you until ${offer.expiresAt}.`}
    >
      <dl className="space-y-3 text-sm">
        <div>
          <dt className="font-medium text-slate-500">Session</dt>
          <dd className="text-base font-semibold text-slate-900">{offer.title}</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-500">Starts</dt>
          <dd className="text-slate-800">
            {offer.startsAt} · {offer.durationMinutes} min
          </dd>
        </div>
        <div>
          <dt className="font-medium text-slate-500">Offer expires</dt>
          <dd className="text-slate-800">{offer.expiresAt}</dd>
        </div>
      </dl>
      <Form method="post" className="mt-6 flex flex-wrap gap-3">
        <Button name="intent" value="claim" disabled={busy}>
          Claim my seat
        </Button>
        <Button name="intent" value="decline" variant="secondary" disabled={busy}>
          Decline
        </Button>
      </Form>
      <p className="mt-4 text-xs text-slate-500">
        If you do not claim it by then, the seat goes to the next person and you stay on the waitlist.
      </p>
    </AuthLayout>
  );
}

export function ErrorBoundary() {
  return (
    <main className="mx-auto max-w-xl p-8">
      <GeneralErrorBoundary />
    </main>
  );
}
