import type { Actor } from "~/modules/auth/permissions.ts";
import { intentOf, runForm, unknownIntent } from "./form-action.server.ts";
import { TIER_LABELS, TIERS } from "./entitlements.ts";
import { AddOverrideSchema, ClearOverrideSchema, OverrideSchema, PolicySchema } from "./entitlements.schema.ts";
import { clearOverride, setOverride, updatePolicy } from "./entitlements.server.ts";

/** Reply ids name the exact form (one per tier, one per override) so errors land beside it. */
export function policyFormId(tier: string) {
  return `policy-${(TIERS as readonly string[]).includes(tier) ? tier : "unknown"}`;
}
export function overrideFormId(accountId: string) {
  return `override-${accountId.replace(/[^\w-]/g, "").slice(0, 40)}`;
}

export async function handleTiersAction(actor: Actor, formData: FormData) {
  switch (intentOf(formData)) {
    case "update-policy":
      return runForm(formData, policyFormId(String(formData.get("tier"))), PolicySchema, async ({ tier, ...values }) => {
        await updatePolicy(actor, tier, values);
        return `${TIER_LABELS[tier]} policy saved. Accounts without an override follow it from now on.`;
      });
    case "set-override":
      return runForm(formData, overrideFormId(String(formData.get("accountId"))), OverrideSchema, async ({ accountId, ...values }) => {
        const account = await setOverride(actor, accountId, values);
        return `Override for ${account.name} saved.`;
      });
    case "add-override":
      return runForm(formData, "add-override", AddOverrideSchema, async ({ accountId, ...values }) => {
        const account = await setOverride(actor, accountId, values, { createOnly: true });
        return `${account.name} now has an override.`;
      });
    case "clear-override":
      return runForm(formData, "clear-override", ClearOverrideSchema, async ({ accountId }) => {
        await clearOverride(actor, accountId);
        return "Override removed; the account follows its tier again.";
      });
  }
  return unknownIntent();
}
