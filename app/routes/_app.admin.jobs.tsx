import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Pagination } from "~/components/pagination.tsx";
import { Button } from "~/components/ui/button.tsx";
import { Badge, EmptyState, PageHeader } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { JOB_STATUSES, type JobStatus } from "~/modules/jobs/job-status.ts";
import { countJobsByStatus, listJobs, retryJob } from "~/modules/jobs/jobs.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "Jobs · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "jobs.view");
  const url = new URL(request.url);
  const requested = url.searchParams.get("status");
  const status: JobStatus = JOB_STATUSES.includes(requested as JobStatus) ? (requested as JobStatus) : "all";
  const [result, counts] = await Promise.all([listJobs({ status, page: Number(url.searchParams.get("page") ?? 1) }), countJobsByStatus()]);
  const when = (date: Date | null) => (date ? formatDateTime(date, user.timeZone, user.locale) : null);
  return {
    status,
    counts,
    ...result,
    jobs: result.jobs.map((job) => ({
      id: job.id,
      kind: job.kind,
      attempts: `${job.attempts} / ${job.maxAttempts}`,
      state: job.completedAt ? "done" : job.failedAt ? "failed" : job.leasedUntil && job.leasedUntil > new Date() ? "running" : "pending",
      runAt: when(job.runAt),
      finishedAt: when(job.completedAt ?? job.failedAt),
      lastError: job.lastError,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, "jobs.view");
  const form = await readFormData(request);
  await retryJob(String(form.get("jobId") ?? ""));
  return redirect("/admin/jobs?status=pending");
}

const TONES = { done: "green", failed: "red", running: "brand", pending: "slate" } as const;

export default function Jobs() {
  const { status, counts, jobs, page, pageCount, total } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Jobs"
        description="Background work: emails and imports. Failed jobs are retried with back-off; dead ones can be retried here."
      />
      <nav aria-label="Job status" className="mb-4 flex flex-wrap gap-2">
        {JOB_STATUSES.map((value) => (
          <Link
            key={value}
            to={`?status=${value}`}
            aria-current={value === status ? "page" : undefined}
            className={`rounded-full px-3 py-1 text-sm ring-1 ${value === status ? "bg-brand-600 text-white ring-brand-600" : "ring-slate-300 hover:bg-slate-50"}`}
          >
            {value} ({counts[value]})
          </Link>
        ))}
      </nav>
      {jobs.length === 0 ? (
        <EmptyState title="No jobs here" />
      ) : (
        <Table caption={`Jobs: ${status}`} head={["Kind", "State", "Attempts", "Runs at", "Finished", "Last error", ""]}>
          {jobs.map((job) => (
            <tr key={job.id}>
              <Td className="font-mono text-xs">{job.kind}</Td>
              <Td>
                <Badge tone={TONES[job.state as keyof typeof TONES]}>{job.state}</Badge>
              </Td>
              <Td>{job.attempts}</Td>
              <Td className="whitespace-nowrap">{job.runAt}</Td>
              <Td className="whitespace-nowrap">{job.finishedAt ?? "—"}</Td>
              <Td className="max-w-xs truncate text-xs text-red-700">{job.lastError ?? ""}</Td>
              <Td>
                {job.state === "failed" ? (
                  <Form method="post">
                    <input type="hidden" name="jobId" value={job.id} />
                    <Button variant="secondary">Retry</Button>
                  </Form>
                ) : null}
              </Td>
            </tr>
          ))}
        </Table>
      )}
      <Pagination page={page} pageCount={pageCount} total={total} noun="jobs" />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
