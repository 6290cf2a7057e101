import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { NewsletterDetailsForm } from "~/components/newsletters/newsletter-forms.tsx";
import { Card, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { handleNewNewsletterAction } from "~/modules/newsletters/editor-actions.server.ts";
import { newsletterFormOptions } from "~/modules/newsletters/editor.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "New newsletter · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "newsletters.manage");
  return { options: await newsletterFormOptions() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "newsletters.manage");
  return handleNewNewsletterAction(user, await readFormData(request));
}

export default function NewNewsletter() {
  const { options } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <PageHeader title="New newsletter" description="It is saved as a draft. Add its blocks next, preview it and send yourself a test." />
      <Card title="Details" className="max-w-3xl">
        <NewsletterDetailsForm
          reply={reply}
          defaults={{ subject: "", preheader: "", topicId: "", segmentId: "" }}
          options={options}
          submitLabel="Create draft"
          cancelTo="/console/newsletters"
        />
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
