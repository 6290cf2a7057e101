import { getFormProps } from "@conform-to/react";
import { Form, Link, useNavigation } from "@remix-run/react";
import { Button, buttonClass } from "~/components/ui/button.tsx";
import { FormErrors, SelectField, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { Card } from "~/components/ui/page.tsx";
import type { AccountEditorDefaults } from "~/modules/accounts/accounts.ts";
import { AccountFormSchema } from "~/modules/accounts/accounts.schema.ts";
import { TIER_LABELS, TIERS } from "~/modules/accounts/entitlements.ts";
import { useSchemaForm } from "~/utils/forms.ts";
import type { Reply } from "./accounts/reply-notice.tsx";

type Options = { csms: { id: string; name: string }[]; currencies: { code: string; label: string }[]; timeZones: string[] };

/** Create and edit share this form; the route decides what saving means. */
export function AccountEditor({
  reply,
  defaults,
  options,
  submitLabel,
  cancelTo,
}: {
  reply: Reply;
  defaults: AccountEditorDefaults;
  options: Options;
  submitLabel: string;
  cancelTo: string;
}) {
  const [form, fields] = useSchemaForm("account", AccountFormSchema, reply);
  const busy = useNavigation().state === "submitting";
  // After a refused submit, show what was typed rather than the stored values.
  const value = (name: keyof AccountEditorDefaults) => (fields[name].initialValue as string | undefined) ?? defaults[name];
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-6">
      <FormErrors errors={form.errors} />
      <Card title="Account">
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Name" name={fields.name.name} required defaultValue={value("name")} errors={fields.name.errors} />
          <TextField label="Plan" name={fields.plan.name} required defaultValue={value("plan")} errors={fields.plan.errors} />
          <div className="sm:col-span-2">
            <TextAreaField
              label="Email domains"
              name={fields.domains.name}
              rows={3}
              defaultValue={value("domains")}
              hint="One per line or comma-separated, like acme.com. People with these email domains can sign themselves up."
              errors={fields.domains.errors}
            />
          </div>
        </div>
      </Card>
      <Card title="Contract">
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Annual recurring revenue"
            name={fields.arr.name}
            inputMode="decimal"
            required
            defaultValue={value("arr")}
            hint="In the currency's units, like 120000 or 120,000.50."
            errors={fields.arr.errors}
          />
          <SelectField label="Currency" name={fields.currency.name} defaultValue={value("currency")} errors={fields.currency.errors}>
            {options.currencies.map((currency) => (
              <option key={currency.code} value={currency.code}>
                {currency.label}
              </option>
            ))}
          </SelectField>
          <SelectField label="Tier" name={fields.tier.name} defaultValue={value("tier")} errors={fields.tier.errors}>
            {TIERS.map((tier) => (
              <option key={tier} value={tier}>
                {TIER_LABELS[tier]}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Renewal date"
            name={fields.renewalDate.name}
            type="date"
            defaultValue={value("renewalDate")}
            hint="Leave empty if there is no fixed renewal."
            errors={fields.renewalDate.errors}
          />
          <SelectField label="Owner CSM" name={fields.ownerCsmId.name} defaultValue={value("ownerCsmId")} errors={fields.ownerCsmId.errors}>
            <option value="">No owner</option>
            {options.csms.map((csm) => (
              <option key={csm.id} value={csm.id}>
                {csm.name}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Account time zone"
            name={fields.timeZone.name}
            defaultValue={value("timeZone")}
            hint="Where the customer works; used when scheduling with them."
            errors={fields.timeZone.errors}
          >
            {options.timeZones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replace(/_/g, " ")}
              </option>
            ))}
          </SelectField>
        </div>
      </Card>
      <div className="flex gap-3">
        <Button disabled={busy}>{busy ? "Saving…" : submitLabel}</Button>
        <Link to={cancelTo} className={buttonClass("secondary")}>
          Cancel
        </Link>
      </div>
    </Form>
  );
}
