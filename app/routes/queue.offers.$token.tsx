import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthLayout } from "~/components/auth-layout.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Button } from "~/components/ui/button.tsx";
import { Notice } from "~/components/ui/page.tsx";
import { DomainError } from "~/modules/auth/errors.ts";
import { claimQueueOffer, declineQueueOffer, getQueueOfferView } from "~/modules/queue/queue-offers.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "An hour with a CSM is free for you · Lyceum" }];

// The token in the URL is the credential, so the page works without signing in; times are shown in
// the zone of the person the offer was made for.
export async function loader({ params }: LoaderFunctionArgs) {
  const view = await getQueueOfferView(params.token ?? "");
  if (view.state === "unknown") throw new Response(view.message, { status: 404 });
  if (view.state === "gone") throw new Response(view.message, { status: 410 });
  return view;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const intent = (await readFormData(request)).get("intent");
  if (intent !== "claim" && intent !== "decline") throw new Response("Choose Claim or Decline.", { status: 400 });
  try {
    await (intent === "claim" ? claimQueueOffer(token) : declineQueueOffer(token));
    return redirect(`/queue/offers/${encodeURIComponent(token)}`, 303);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // No hours left: the offer is still held, so the page stays, with what to do next.
    if (error.status === 409 && intent === "claim") {
      const view = await getQueueOfferView(token);
      if (view.state === "offered") return data({ error: error.message }, { status: 409 });
    }
    throw new Response(error.message, { status: error.status });
  }
}

export default function QueueOffer() {
  const offer = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const details = (
    <dl className="space-y-3 text-sm">
      <div>
        <dt className="font-medium text-slate-500">When</dt>
        <dd className="text-base font-semibold text-slate-900">
          {offer.when} · {offer.durationMinutes} min
        </dd>
        <dd className="text-xs text-slate-500">Shown in {offer.timeZone}</dd>
      </div>
      {offer.csmName ? (
        <div>
          <dt className="font-medium text-slate-500">With</dt>
          <dd className="text-slate-800">{offer.csmName}</dd>
        </div>
      ) : null}
      <div>
        <dt className="font-medium text-slate-500">About</dt>
        <dd className="text-slate-800">{offer.purpose}</dd>
      </div>
    </dl>
  );
  if (offer.state === "booked") {
    return (
      <AuthLayout title="Your hour is booked" subtitle={`${offer.name}, the time is yours. Bring your questions.`}>
        {details}
        <p className="mt-6">
          <Link to="/portal/hours" className="font-medium text-brand-700 underline underline-offset-4">
            See your CSM hours
          </Link>
        </p>
      </AuthLayout>
    );
  }
  if (offer.state === "declined") {
    return (
      <AuthLayout title="You gave up this time" subtitle="It goes to the next person in the queue. Thank you for letting us know.">
        <p className="text-sm text-slate-700">
          Still want an hour with a CSM?{" "}
          <Link to="/portal/book" className="font-medium text-brand-700 underline underline-offset-4">
            Book one or join the queue again
          </Link>
          .
        </p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title="An hour with a CSM is free for you"
      subtitle={`${offer.name}, you are at the head of the queue. This time is held for you until ${offer.expiresAt}.`}
    >
      {details}
      <div className="mt-5 space-y-3">
        {reply?.error ? (
          <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
            {reply.error}
          </div>
        ) : offer.hours && offer.hours.left === 0 ? (
          <Notice tone="warning">
            Your account has no CSM hours left, and claiming uses {offer.hours.cost}. Ask your account admin to add hours, then claim.
          </Notice>
        ) : offer.hours ? (
          <p className="text-sm text-slate-600">
            Claiming uses {offer.hours.cost} of your account&apos;s {offer.hours.left} left.
          </p>
        ) : null}
      </div>
      <Form method="post" className="mt-6 flex flex-wrap gap-3">
        <Button name="intent" value="claim" disabled={busy}>
          Claim this hour
        </Button>
        <Button name="intent" value="decline" variant="secondary" disabled={busy}>
          Decline
        </Button>
      </Form>
      <p className="mt-4 text-xs text-slate-500">
        If you do not claim it by {offer.expiresAt}, it goes to the next person and you leave the queue.
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
