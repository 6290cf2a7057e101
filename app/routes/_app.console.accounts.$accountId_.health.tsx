import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ReplyNotice } from "~/components/accounts/reply-notice.tsx";
import { HealthCallForm } from "~/components/engagement/health-call-form.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Card, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { getCallableAccount, handleHealthCallAction } from "~/modules/engagement/health-call.server.ts";
import { MAX_CALL_DAYS } from "~/modules/engagement/scoring.schema.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Health call · ${data?.account.name ?? "Account"} · Lyceum` }];

const DAY_MS = 86_400_000;
const day = (at: number) => new Date(at).toISOString().slice(0, 10);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "health.call");
  const account = await getCallableAccount(user, params.accountId ?? "");
  const now = Date.now();
  return { account, days: { today: day(now), suggested: day(now + 30 * DAY_MS), latest: day(now + MAX_CALL_DAYS * DAY_MS) } };
}

/** The account page's call form posts here; success goes back to the account, mistakes stay here with their messages. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "health.call");
  const accountId = params.accountId ?? "";
  const outcome = await handleHealthCallAction(user, accountId, await readFormData(request));
  if (outcome.ok) return redirect(`/console/accounts/${accountId}`);
  return outcome.reply;
}

export default function HealthCallPage() {
  const { account, days } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title={`Health call for ${account.name}`}
        description="Your call overrides the computed health until the day you choose. The reason is shown to the whole team."
        actions={
          <Link to={`/console/accounts/${account.id}`} className="text-sm font-medium text-brand-700 underline underline-offset-4">
            Back to the account
          </Link>
        }
      />
      <Card title="Make a health call">
        <div className="space-y-4">
          <ReplyNotice reply={reply} intents={["clear-call"]} />
          <HealthCallForm accountId={account.id} days={days} reply={reply} />
        </div>
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
