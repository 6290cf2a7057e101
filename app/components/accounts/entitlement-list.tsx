import { Badge } from "~/components/ui/page.tsx";
import { perPeriod, type EffectiveEntitlements, type Entitlement } from "~/modules/accounts/entitlements.ts";

function Source({ entitlement }: { entitlement: Entitlement }) {
  return entitlement.source === "override" ? <Badge tone="amber">Account override</Badge> : <Badge>Tier policy</Badge>;
}

/** What the account may use each period, and whether that comes from its tier or an override. */
export function EntitlementList({ entitlements, showSource = true }: { entitlements: EffectiveEntitlements; showSource?: boolean }) {
  const rows = [
    { label: "Hours with a CSM", entitlement: entitlements.csmHours, unit: "hour" },
    { label: "Expert-session seats", entitlement: entitlements.expertSeats, unit: "seat" },
  ];
  return (
    <dl className="space-y-3 text-sm">
      {rows.map((row) => (
        <div key={row.label} className="flex flex-wrap items-center justify-between gap-2">
          <dt className="text-slate-600">{row.label}</dt>
          <dd className="flex items-center gap-2 font-medium text-slate-900">
            {perPeriod(row.entitlement.value, row.unit, entitlements.period)}
            {showSource ? <Source entitlement={row.entitlement} /> : null}
          </dd>
        </div>
      ))}
      {showSource && entitlements.overrideReason ? (
        <div>
          <dt className="text-slate-600">Why this account differs</dt>
          <dd className="text-slate-900">{entitlements.overrideReason}</dd>
        </div>
      ) : null}
    </dl>
  );
}
