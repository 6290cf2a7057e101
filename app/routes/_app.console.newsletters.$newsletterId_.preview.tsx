import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { SendTestForm } from "~/components/newsletters/newsletter-forms.tsx";
import { Button, buttonClass } from "~/components/ui/button.tsx";
import { SelectField } from "~/components/ui/field.tsx";
import { Card, PageHeader } from "~/components/ui/page.tsx";
import { timeZoneOptions } from "~/modules/accounts/accounts.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { handleNewsletterPreviewAction } from "~/modules/newsletters/editor-actions.server.ts";
import { getNewsletterPreview } from "~/modules/newsletters/test-send.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Preview: ${data?.subject ?? "newsletter"} · Lyceum` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "newsletters.manage");
  const preview = await getNewsletterPreview(user, params.newsletterId ?? "", new URL(request.url).searchParams.get("tz"));
  return { ...preview, zones: timeZoneOptions(preview.timeZone), pressKey: randomUUID() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "newsletters.manage");
  return handleNewsletterPreviewAction(user, params.newsletterId ?? "", await readFormData(request));
}

export default function NewsletterPreview() {
  const { newsletter, timeZone, subject, text, zones, pressKey } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const base = `/console/newsletters/${newsletter.id}`;
  return (
    <>
      <PageHeader
        title={`Preview: ${subject}`}
        description="As a reader in the chosen time zone receives it, personalised with your own name and links."
        actions={
          <Link to={base} className={buttonClass("secondary")}>
            Back to the newsletter
          </Link>
        }
      />
      <div className="grid gap-6 xl:grid-cols-3">
        <div className="space-y-6 xl:col-span-2">
          <Card title="HTML">
            <iframe
              title={`Email preview in ${timeZone}`}
              src={`${base}/email?${new URLSearchParams({ tz: timeZone })}`}
              sandbox="allow-popups allow-popups-to-escape-sandbox"
              className="h-[48rem] w-full rounded-lg border border-slate-200 bg-slate-100"
            />
          </Card>
          <Card title="Plain text">
            <pre
              role="region"
              tabIndex={0}
              className="max-h-[32rem] overflow-auto text-sm whitespace-pre-wrap text-slate-800"
              aria-label="Plain-text version"
            >
              {text}
            </pre>
          </Card>
        </div>
        <div className="space-y-6">
          <Card title="Time zone">
            <Form method="get" className="space-y-3">
              <SelectField label="Show it as a reader in" name="tz" defaultValue={timeZone} hint="Session times follow the reader's zone.">
                {zones.map((zone) => (
                  <option key={zone} value={zone}>
                    {zone}
                  </option>
                ))}
              </SelectField>
              <Button variant="secondary">Show in this zone</Button>
            </Form>
          </Card>
          <Card title="Test">
            <SendTestForm pressKey={pressKey} reply={reply} />
          </Card>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
