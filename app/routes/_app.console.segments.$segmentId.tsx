import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { SegmentEditor } from "~/components/newsletters/segment-editor.tsx";
import { Button } from "~/components/ui/button.tsx";
import { PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { getSegmentEditor, handleSegmentEditorAction, type SegmentEditorReply } from "~/modules/newsletters/segment-store.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.segment.name ?? "Segment"} · Lyceum` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "newsletters.manage");
  return getSegmentEditor(user, params.segmentId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "newsletters.manage");
  return handleSegmentEditorAction(user, params.segmentId ?? "", await readFormData(request));
}

export default function EditSegment() {
  const { segment, draft, options } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as SegmentEditorReply | undefined;
  const [params] = useSearchParams();
  return (
    <>
      <PageHeader
        title={segment.name}
        description={`Used by ${segment.usedBy === 1 ? "1 newsletter" : `${segment.usedBy} newsletters`}. Newsletters already sending keep the audience they were sent with.`}
        actions={
          <Form method="post">
            <Button variant="danger" name="intent" value="delete">
              Delete segment
            </Button>
          </Form>
        }
      />
      <SegmentEditor
        key={segment.id}
        segmentId={segment.id}
        name={segment.name}
        description={segment.description}
        draft={draft}
        options={options}
        reply={reply}
        saved={params.get("saved") === "1" && !reply}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
