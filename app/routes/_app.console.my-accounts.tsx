import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PortfolioTable } from "~/components/engagement/portfolio-table.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { buttonClass } from "~/components/ui/button.tsx";
import { controlClass } from "~/components/ui/field.tsx";
import { EmptyState, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { getPortfolio } from "~/modules/engagement/portfolio.server.ts";
import { readSort, SORT_LABELS, SORTS } from "~/modules/engagement/portfolio.ts";

export const meta: MetaFunction = () => [{ title: "My accounts · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "portfolio.view");
  const params = new URL(request.url).searchParams;
  return getPortfolio(user, { csm: params.get("csm"), sort: readSort(params.get("sort")) });
}

export default function MyAccounts() {
  const page = useLoaderData<typeof loader>();
  const query = (sort: string) => `?${new URLSearchParams({ ...(page.csm.isViewer ? {} : { csm: page.csm.id }), sort })}`;
  const whose = page.csm.isViewer ? "your" : `${page.csm.name}'s`;
  return (
    <>
      <PageHeader
        title={page.csm.isViewer ? "My accounts" : `${page.csm.name}'s accounts`}
        description={`${page.accounts.length} ${page.accounts.length === 1 ? "account" : "accounts"}, ${page.arrTotal} ARR: health, the score's last 90 days, renewal and the last time anyone touched them.`}
        actions={
          <a href={`/console/my-accounts/export${query(page.sort)}`} download className={buttonClass("secondary")}>
            Download CSV
          </a>
        }
      />
      <div className="space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <nav aria-label="Sort accounts" className="flex items-center gap-2 text-sm">
            <span className="text-slate-600">Sort by</span>
            {SORTS.map((sort) => (
              <Link
                key={sort}
                to={query(sort)}
                aria-current={sort === page.sort ? "true" : undefined}
                className={`rounded-lg px-3 py-1.5 font-medium ring-1 ${sort === page.sort ? "bg-brand-600 text-white ring-brand-600" : "text-slate-700 ring-slate-300 hover:bg-slate-50"}`}
              >
                {SORT_LABELS[sort]}
              </Link>
            ))}
          </nav>
          {page.csms.length ? (
            <Form method="get" className="flex items-end gap-2">
              <input type="hidden" name="sort" value={page.sort} />
              <div>
                <label htmlFor="csm" className="block text-sm font-medium text-slate-800">
                  CSM
                </label>
                <select id="csm" name="csm" defaultValue={page.csm.id} className={controlClass}>
                  {page.csm.isViewer ? <option value={page.csm.id}>You</option> : null}
                  {page.csms
                    .filter((csm) => csm.id !== page.csm.id || !page.csm.isViewer)
                    .map((csm) => (
                      <option key={csm.id} value={csm.id}>
                        {csm.name}
                      </option>
                    ))}
                </select>
              </div>
              <button type="submit" className={buttonClass("secondary")}>
                Show
              </button>
            </Form>
          ) : null}
        </div>
        {page.accounts.length ? (
          <PortfolioTable
            rows={page.accounts}
            caption={`${page.csm.isViewer ? "Your" : `${page.csm.name}'s`} accounts, sorted by ${SORT_LABELS[page.sort].toLowerCase()}`}
          />
        ) : (
          <EmptyState title={`No accounts in ${whose} book`}>
            Admins assign an account&apos;s CSM on the account&apos;s edit page.
          </EmptyState>
        )}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
