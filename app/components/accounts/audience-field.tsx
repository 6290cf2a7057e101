import { Check, Fieldset } from "~/components/ui/field.tsx";
import type { Tier } from "~/generated/prisma/enums.ts";
import { TIER_LABELS, TIERS } from "~/modules/accounts/entitlements.ts";

/** Which tiers see a session, library item or learning path: one box per tier, none ticked = everyone. */
export function AudienceField({
  legend,
  hint,
  name,
  tiers,
  errors,
}: {
  legend: string;
  hint: string;
  name: string;
  tiers: readonly string[];
  errors?: string[];
}) {
  return (
    <Fieldset legend={legend} hint={hint} errors={errors}>
      {TIERS.map((tier: Tier) => (
        <Check key={tier} name={name} value={tier} label={TIER_LABELS[tier]} checked={tiers.includes(tier)} />
      ))}
    </Fieldset>
  );
}
