import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ContentEditor } from "~/components/library/content-editor.tsx";
import { Card, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { CONTENT_KINDS, ContentFormSchema, isContentKind, KIND_LABELS } from "~/modules/library/content.schema.ts";
import { createContent, newContentDefaults } from "~/modules/library/content.server.ts";
import { invalidForm, parseForm, readFormData, refusedForm } from "~/utils/forms.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.defaults ? `New ${KIND_LABELS[data.defaults.kind].toLowerCase()}` : "New library item"} · Lyceum` },
];

const KIND_HINTS = {
  ONE_PAGER: "A single printable page of reference: how to do one thing well.",
  EBOOK: "A longer guide in chapters, written here in markdown or uploaded as a PDF.",
  VIDEO: "An instructional video with notes; the file is uploaded once the item exists.",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "library.manage");
  const kind = new URL(request.url).searchParams.get("kind");
  return { defaults: isContentKind(kind) ? newContentDefaults(kind) : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "library.manage");
  const submission = parseForm(await readFormData(request), ContentFormSchema);
  if (submission.status !== "success") return invalidForm("save", submission);
  try {
    const { id } = await createContent(user, submission.value);
    return redirect(`/console/library/${id}?created=1`);
  } catch (error) {
    return refusedForm("save", submission, error);
  }
}

export default function NewContent() {
  const { defaults } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  if (!defaults) {
    return (
      <>
        <PageHeader title="New library item" description="What are you making?" />
        <ul className="grid gap-4 md:grid-cols-3">
          {CONTENT_KINDS.map((kind) => (
            <li key={kind}>
              <Card>
                <h2 className="font-semibold text-slate-900">
                  <Link to={`?kind=${kind}`} className="text-brand-700 underline-offset-4 hover:underline">
                    New {KIND_LABELS[kind].toLowerCase()}
                  </Link>
                </h2>
                <p className="mt-1 text-sm text-slate-600">{KIND_HINTS[kind]}</p>
              </Card>
            </li>
          ))}
        </ul>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title={`New ${KIND_LABELS[defaults.kind].toLowerCase()}`}
        description={`${KIND_HINTS[defaults.kind]} It is saved as a draft: preview it, then publish it from its page.`}
      />
      <ContentEditor reply={reply} defaults={defaults} submitLabel="Create draft" cancelTo="/console/library" />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
