import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { PathProgressBar } from "~/components/library/path-progress.tsx";
import { PathStepList } from "~/components/library/path-step-list.tsx";
import { buttonClass } from "~/components/ui/button.tsx";
import { Card, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { getPathForViewer } from "~/modules/library/paths.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.path.title ?? "Learning path"} · Lyceum` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "library.view");
  return getPathForViewer(user, params.slug ?? "");
}

export default function LearningPath() {
  const { path, progress, completedOn, steps, next } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-4 text-sm">
        <Link to="/portal/paths" className="font-medium text-brand-700 underline underline-offset-4">
          ← All learning paths
        </Link>
      </p>
      <PageHeader title={path.title} description={path.summary || undefined} />
      <div className="space-y-6">
        {progress.complete ? (
          <section
            aria-labelledby="path-complete"
            className="flex flex-wrap items-center justify-between gap-4 rounded-xl border border-emerald-200 bg-emerald-50 p-5"
          >
            <div>
              <h2 id="path-complete" className="text-lg font-semibold text-emerald-900">
                Path complete
              </h2>
              <p className="text-sm text-emerald-900">
                You finished all {progress.total} steps{completedOn ? ` (recorded on ${completedOn})` : ""}. Well done.
              </p>
            </div>
            <Link to="/portal/paths" className={buttonClass("secondary")}>
              Find your next path
            </Link>
          </section>
        ) : null}
        <Card>
          <div className="flex flex-wrap items-end justify-between gap-4">
            <div className="min-w-64 grow">
              <PathProgressBar percent={progress.percent} label={progress.label} title={path.title} />
            </div>
            {next ? (
              <Link to={next.href} className={buttonClass()}>
                {progress.done > 0 ? "Continue" : "Start"}: {next.title}
              </Link>
            ) : null}
          </div>
        </Card>
        <section aria-labelledby="steps-heading">
          <h2 id="steps-heading" className="mb-3 text-lg font-semibold text-slate-900">
            Steps
          </h2>
          <PathStepList steps={steps} />
        </section>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
