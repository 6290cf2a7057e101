import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { SegmentEditor } from "~/components/newsletters/segment-editor.tsx";
import { PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { handleSegmentEditorAction, segmentEditorOptions, type SegmentEditorReply } from "~/modules/newsletters/segment-store.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "New segment · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "newsletters.manage");
  return { options: await segmentEditorOptions() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "newsletters.manage");
  return handleSegmentEditorAction(user, null, await readFormData(request));
}

export default function NewSegment() {
  const { options } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as SegmentEditorReply | undefined;
  return (
    <>
      <PageHeader title="New segment" description="Add conditions, watch the count, then save it for any newsletter to use." />
      <SegmentEditor segmentId={null} name="" description="" draft={{ match: "all", conditions: [] }} options={options} reply={reply} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
