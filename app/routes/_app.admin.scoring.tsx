import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ScoringForm } from "~/components/engagement/scoring-form.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Card, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { handleScoringAction, listScoreSettings } from "~/modules/engagement/scoring-admin.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "Scoring & health · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "scoring.manage");
  const tiers = await listScoreSettings(user);
  return {
    tiers: tiers.map(({ updatedAt, updatedBy, ...tier }) => ({
      ...tier,
      updated: updatedAt ? `${formatDateTime(updatedAt, user.timeZone, user.locale)}${updatedBy ? ` by ${updatedBy}` : ""}` : null,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "scoring.manage");
  return handleScoringAction(user, await readFormData(request));
}

export default function Scoring() {
  const { tiers } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title="Scoring & health"
        description="How each tier's engagement score weighs recency, frequency, breadth, depth and reach, how fast activity fades, and where health turns yellow and red. Saving rescores every account."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        {tiers.map((tier) => (
          <Card key={tier.tier} title={tier.label}>
            <p className="mb-4 text-sm text-slate-600">
              Today: {tier.counts.RED} red, {tier.counts.YELLOW} yellow, {tier.counts.GREEN} green.
            </p>
            <ScoringForm tier={tier.tier} label={tier.label} settings={tier.settings} reply={reply} />
            <p className="mt-3 text-xs text-slate-500">{tier.saved ? `Last saved ${tier.updated}` : "Default values, not saved yet."}</p>
          </Card>
        ))}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
