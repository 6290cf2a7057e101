import type { ReactNode } from "react";
import { TierBadge } from "./account-table.tsx";

export type AccountFactsData = {
  tier: "HIGH" | "LOW" | "TECH";
  tierLabel: string;
  plan: string;
  arr: string;
  renewal: string | null;
  timeZone: string;
  externalId: string | null;
  owner: { name: string; email: string } | null;
  domains: string[];
};

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-wrap justify-between gap-2 py-2">
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-right font-medium text-slate-900">{children}</dd>
    </div>
  );
}

export function AccountFacts({ account }: { account: AccountFactsData }) {
  return (
    <dl className="divide-y divide-slate-100 text-sm">
      <Fact label="Tier">
        <TierBadge tier={account.tier} label={account.tierLabel} />
      </Fact>
      <Fact label="Plan">{account.plan}</Fact>
      <Fact label="ARR">{account.arr}</Fact>
      <Fact label="Renewal">{account.renewal ?? "Not set"}</Fact>
      <Fact label="Owner CSM">
        {account.owner ? (
          <>
            {account.owner.name}{" "}
            <a href={`mailto:${account.owner.email}`} className="block font-normal text-brand-700 underline underline-offset-4">
              {account.owner.email}
            </a>
          </>
        ) : (
          "No owner"
        )}
      </Fact>
      <Fact label="Time zone">{account.timeZone.replace(/_/g, " ")}</Fact>
      {account.externalId ? <Fact label="CRM id">{account.externalId}</Fact> : null}
      <Fact label="Email domains">
        {account.domains.length ? (
          <ul>
            {account.domains.map((domain) => (
              <li key={domain}>{domain}</li>
            ))}
          </ul>
        ) : (
          "None: people join by invitation only"
        )}
      </Fact>
    </dl>
  );
}
