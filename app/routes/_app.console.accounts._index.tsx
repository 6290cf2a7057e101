import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AccountTable } from "~/components/accounts/account-table.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Pagination } from "~/components/pagination.tsx";
import { Button, buttonClass } from "~/components/ui/button.tsx";
import { SelectField, TextField } from "~/components/ui/field.tsx";
import { EmptyState, PageHeader } from "~/components/ui/page.tsx";
import { AccountListQuerySchema, readQuery } from "~/modules/accounts/accounts.schema.ts";
import { listAccounts, listCsmOptions } from "~/modules/accounts/accounts.server.ts";
import { TIER_LABELS, TIERS } from "~/modules/accounts/entitlements.ts";
import { presentAccountRow } from "~/modules/accounts/present.ts";
import { can } from "~/modules/auth/permissions.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Accounts · Lyceum" }];

const RENEWAL_WINDOWS = [30, 60, 90, 180, 365];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "accounts.view");
  const query = readQuery(AccountListQuerySchema, new URL(request.url).searchParams);
  const [result, csms] = [await listAccounts(user, query), await listCsmOptions()];
  return {
    query,
    csms,
    isCsm: user.role === "CSM",
    canCreate: can(user, "accounts.manage"),
    ...result,
    accounts: result.accounts.map((row) => presentAccountRow(row, user)),
  };
}

export default function Accounts() {
  const { query, csms, isCsm, canCreate, accounts, total, page, pageCount } = useLoaderData<typeof loader>();
  const filtered = Boolean(query.q || query.tier || query.owner || query.renewalWithinDays);
  return (
    <>
      <PageHeader
        title="Accounts"
        description="Every customer account, with its tier, ARR, renewal and owner."
        actions={
          canCreate ? (
            <Link to="/admin/accounts/new" className={buttonClass()}>
              New account
            </Link>
          ) : null
        }
      />
      <Form method="get" role="search" aria-label="Filter accounts" className="mb-6 grid items-end gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <div className="lg:col-span-2">
          <TextField label="Search name, plan or domain" name="q" type="search" defaultValue={query.q ?? ""} />
        </div>
        <SelectField label="Tier" name="tier" defaultValue={query.tier ?? ""}>
          <option value="">All tiers</option>
          {TIERS.map((tier) => (
            <option key={tier} value={tier}>
              {TIER_LABELS[tier]}
            </option>
          ))}
        </SelectField>
        <SelectField label="Owner" name="owner" defaultValue={query.owner ?? ""}>
          <option value="">Anyone</option>
          {isCsm ? <option value="mine">My accounts</option> : null}
          <option value="none">No owner</option>
          {csms.map((csm) => (
            <option key={csm.id} value={csm.id}>
              {csm.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Renews within" name="renewalWithinDays" defaultValue={query.renewalWithinDays ?? ""}>
          <option value="">Any time</option>
          {RENEWAL_WINDOWS.map((days) => (
            <option key={days} value={days}>
              {days} days
            </option>
          ))}
        </SelectField>
        <SelectField label="Sort by" name="sort" defaultValue={query.sort}>
          <option value="name">Name</option>
          <option value="arr">ARR, highest first</option>
          <option value="renewal">Renewal, soonest first</option>
        </SelectField>
        <div className="flex gap-2 sm:col-span-3 lg:col-span-6">
          <Button variant="secondary">Apply filters</Button>
          {filtered ? (
            <Link to="/console/accounts" className={buttonClass("ghost")}>
              Clear filters
            </Link>
          ) : null}
        </div>
      </Form>
      {accounts.length ? (
        <>
          <AccountTable caption={`Accounts, page ${page} of ${pageCount}`} rows={accounts} />
          <Pagination page={page} pageCount={pageCount} total={total} noun={total === 1 ? "account" : "accounts"} />
        </>
      ) : (
        <EmptyState title={filtered ? "No account matches these filters" : "No accounts yet"}>
          {filtered ? "Try fewer filters." : canCreate ? "Create one, or import them from your CRM." : "An admin adds accounts."}
        </EmptyState>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
