import type { Reply } from "~/components/accounts/reply-notice.tsx";
import { Card, EmptyState, Notice } from "~/components/ui/page.tsx";
import type { getAccountHours } from "~/modules/queue/hours-view.server.ts";
import { HoursBalance } from "./hours-balance.tsx";
import { LedgerTable } from "./ledger-table.tsx";
import { TopUpForm } from "./top-up-form.tsx";

type AccountHoursData = Awaited<ReturnType<typeof getAccountHours>>;

/** The console account page's "CSM hours": this period's balance, the ledger, and the admins' top-up form. */
export function AccountHours({ hours, reply }: { hours: AccountHoursData; reply: Reply }) {
  const { summary, ledger, canTopUp } = hours;
  return (
    <Card title="CSM hours">
      <div className="space-y-6">
        {summary.personalCsm ? (
          <Notice>High touch: they book time with their own CSM directly. Pool bookings do not draw these hours.</Notice>
        ) : null}
        <HoursBalance summary={summary} who="they" />
        {ledger.length ? (
          <LedgerTable lines={ledger} caption="CSM hours ledger, newest first" staff />
        ) : (
          <EmptyState title="No ledger lines yet" />
        )}
        {canTopUp ? (
          <div className="border-t border-slate-100 pt-5">
            <h3 className="mb-3 text-sm font-semibold text-slate-900">Top up or take back hours</h3>
            <TopUpForm reply={reply} periodName={summary.periodName} />
          </div>
        ) : null}
      </div>
    </Card>
  );
}
