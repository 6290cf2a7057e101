import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FieldShell } from "~/components/ui/field.tsx";
import { Card, Notice, PageHeader } from "~/components/ui/page.tsx";
import { DomainError } from "~/modules/auth/errors.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { formatBytes } from "~/modules/library/content.ts";
import { requirePdfTarget, uploadEbookPdf, uploadLimitLabel } from "~/modules/library/content-file.server.ts";
import { formatDateTime } from "~/utils/format.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `PDF: ${data?.item.title ?? "e-book"} · Lyceum` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "library.manage");
  const item = await requirePdfTarget(user, params.contentId ?? "");
  return {
    item: {
      id: item.id,
      title: item.title,
      file: item.file
        ? {
            filename: item.file.filename,
            size: formatBytes(item.file.sizeBytes),
            uploaded: formatDateTime(item.file.createdAt, user.timeZone, user.locale),
          }
        : null,
    },
    limit: uploadLimitLabel(),
  };
}

type PdfReply = { done: string } | { error: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "library.manage");
  try {
    const { filename, size } = await uploadEbookPdf(user, params.contentId ?? "", request);
    return { done: `Uploaded ${filename} (${size}). Customers who may see the book can download it now.` } satisfies PdfReply;
  } catch (error) {
    if (error instanceof DomainError) return data({ error: error.message } satisfies PdfReply, { status: error.status });
    throw error;
  }
}

export default function EbookPdf() {
  const { item, limit } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const error = reply && "error" in reply ? reply.error : null;
  const done = reply && "done" in reply ? reply.done : null;
  return (
    <>
      <p className="mb-4 text-sm">
        <Link to={`/console/library/${item.id}`} className="font-medium text-brand-700 underline underline-offset-4">
          ← Back to {item.title}
        </Link>
      </p>
      <PageHeader
        title={`PDF: ${item.title}`}
        description="Customers download the book as this PDF. It can stand alone or sit beside chapters written in Lyceum."
      />
      <Card title={item.file ? "Replace the PDF" : "Upload the PDF"} className="max-w-2xl">
        <Form method="post" encType="multipart/form-data" className="space-y-5">
          {done ? <Notice tone="success">{done}</Notice> : null}
          <p className="text-sm text-slate-600">
            {item.file ? (
              <>
                Current file: <span className="font-medium text-slate-900">{item.file.filename}</span> ({item.file.size}, uploaded{" "}
                {item.file.uploaded}). A new upload replaces it.
              </>
            ) : (
              "No PDF uploaded yet."
            )}
          </p>
          <FieldShell id="pdf-file" label="PDF file" hint={`A .pdf document, at most ${limit}.`} errors={error ? [error] : null}>
            <input
              id="pdf-file"
              name="file"
              type="file"
              accept="application/pdf,.pdf"
              required
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "pdf-file-hint pdf-file-error" : "pdf-file-hint"}
              className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-lg file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-semibold file:text-slate-800 hover:file:bg-slate-200"
            />
          </FieldShell>
          <Button disabled={busy}>{busy ? "Uploading…" : "Upload PDF"}</Button>
        </Form>
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
