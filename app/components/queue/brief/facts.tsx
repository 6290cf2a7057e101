import type { ReactNode } from "react";
import { TierBadge } from "~/components/accounts/account-table.tsx";
import { Badge, Notice } from "~/components/ui/page.tsx";
import type { Brief } from "~/modules/queue/brief.server.ts";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-wrap justify-between gap-2 py-2">
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-right font-medium text-slate-900">{children}</dd>
    </div>
  );
}

/** The account at a glance: what it pays, when it renews, who owns it. */
export function AccountFacts({ account }: { account: Brief["account"] }) {
  return (
    <dl className="divide-y divide-slate-100 text-sm">
      <Fact label="Tier">
        <TierBadge tier={account.tier} label={account.tierLabel} />
      </Fact>
      <Fact label="Plan">{account.plan}</Fact>
      <Fact label="ARR">{account.arr}</Fact>
      <Fact label="Renewal">
        {account.renewal ? (
          <>
            {account.renewal}
            <span className="block">
              <Badge tone={account.renewalNear ? "amber" : "slate"}>{account.renewalIn}</Badge>
            </span>
          </>
        ) : (
          "Not set"
        )}
      </Fact>
      <Fact label="Owner CSM">
        {account.owner ? (
          <>
            {account.owner.name}
            <a href={`mailto:${account.owner.email}`} className="block font-normal text-brand-700 underline underline-offset-4">
              {account.owner.email}
            </a>
          </>
        ) : (
          "No owner"
        )}
      </Fact>
      <Fact label="Account time zone">{account.timeZone}</Fact>
    </dl>
  );
}

/** Who booked the hour, and how to reach them. */
export function BookerFacts({ booker }: { booker: Brief["booker"] }) {
  return (
    <div className="space-y-3">
      <dl className="divide-y divide-slate-100 text-sm">
        <Fact label="Name">{booker.name}</Fact>
        <Fact label="Role">{booker.roleLabel}</Fact>
        <Fact label="Email">
          <a href={`mailto:${booker.email}`} className="font-normal text-brand-700 underline underline-offset-4">
            {booker.email}
          </a>
        </Fact>
        <Fact label="Time zone">{booker.timeZone}</Fact>
      </dl>
      {booker.deactivated ? <Notice tone="warning">Their login has been deactivated since they booked.</Notice> : null}
    </div>
  );
}
