import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { DomainError } from "~/modules/auth/errors.ts";
import { recordJoin } from "~/modules/sessions/registration.server.ts";

export const meta: MetaFunction = () => [{ title: "Join the session · Lyceum" }];

// The join code is the credential: the link in the registrant's emails works without signing in.
export async function loader({ params }: LoaderFunctionArgs) {
  try {
    const { meetingUrl } = await recordJoin(params.code ?? "");
    return redirect(meetingUrl, 302);
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

// Never rendered: the loader always forwards or refuses. Having a component makes refusals render
// as pages through the boundary below instead of bare text.
export default function Join() {
  return null;
}

export function ErrorBoundary() {
  return (
    <main className="mx-auto max-w-xl p-8">
      <GeneralErrorBoundary />
    </main>
  );
}
