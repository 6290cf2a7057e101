import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { EntitlementPeriod, Tier } from "~/generated/prisma/enums.ts";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, SelectField, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { Notice } from "~/components/ui/page.tsx";
import { PERIOD_LABELS, PERIODS, TIER_LABELS } from "~/modules/accounts/entitlements.ts";
import { AddOverrideSchema, OverrideSchema, PolicySchema } from "~/modules/accounts/entitlements.schema.ts";
import { doneMessage, initialText, useSchemaForm } from "~/utils/forms.ts";
import type { Reply } from "./reply-notice.tsx";

type PolicyRow = { tier: Tier; period: EntitlementPeriod; csmHoursPerPeriod: number; expertSeatsPerPeriod: number };

export function PolicyForm({ policy, reply }: { policy: PolicyRow; reply: Reply }) {
  const id = `policy-${policy.tier}`;
  const [form, fields] = useSchemaForm(id, PolicySchema, reply);
  const done = doneMessage(reply, id);
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4" aria-label={`${TIER_LABELS[policy.tier]} policy`}>
      <input type="hidden" name="intent" value="update-policy" />
      <input type="hidden" name="tier" value={policy.tier} />
      {done ? <Notice tone="success">{done}</Notice> : null}
      <FormErrors errors={form.errors} />
      <SelectField
        id={fields.period.id}
        label="Period"
        name={fields.period.name}
        defaultValue={initialText(fields.period, policy.period)}
        errors={fields.period.errors}
      >
        {PERIODS.map((period) => (
          <option key={period} value={period}>
            Per {PERIOD_LABELS[period]}
          </option>
        ))}
      </SelectField>
      <TextField
        id={fields.csmHoursPerPeriod.id}
        label="CSM hours per period"
        name={fields.csmHoursPerPeriod.name}
        type="number"
        min={0}
        step={1}
        required
        defaultValue={initialText(fields.csmHoursPerPeriod, policy.csmHoursPerPeriod)}
        errors={fields.csmHoursPerPeriod.errors}
      />
      <TextField
        id={fields.expertSeatsPerPeriod.id}
        label="Expert-session seats per period"
        name={fields.expertSeatsPerPeriod.name}
        type="number"
        min={0}
        step={1}
        required
        defaultValue={initialText(fields.expertSeatsPerPeriod, policy.expertSeatsPerPeriod)}
        errors={fields.expertSeatsPerPeriod.errors}
      />
      <Button variant="secondary">Save {TIER_LABELS[policy.tier].toLowerCase()}</Button>
    </Form>
  );
}

type OverrideRow = { accountId: string; csmHoursPerPeriod: number | null; expertSeatsPerPeriod: number | null; reason: string };

type Field = { id: string; name: string; errors?: string[]; initialValue?: unknown };

function OverrideFields({
  fields,
  values,
}: {
  fields: { csmHoursPerPeriod: Field; expertSeatsPerPeriod: Field; reason: Field };
  values?: OverrideRow;
}) {
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          id={fields.csmHoursPerPeriod.id}
          label="CSM hours per period"
          name={fields.csmHoursPerPeriod.name}
          type="number"
          min={0}
          step={1}
          hint="Empty: follow the tier."
          defaultValue={initialText(fields.csmHoursPerPeriod, values?.csmHoursPerPeriod)}
          errors={fields.csmHoursPerPeriod.errors}
        />
        <TextField
          id={fields.expertSeatsPerPeriod.id}
          label="Expert-session seats per period"
          name={fields.expertSeatsPerPeriod.name}
          type="number"
          min={0}
          step={1}
          hint="Empty: follow the tier."
          defaultValue={initialText(fields.expertSeatsPerPeriod, values?.expertSeatsPerPeriod)}
          errors={fields.expertSeatsPerPeriod.errors}
        />
      </div>
      <TextAreaField
        id={fields.reason.id}
        label="Reason"
        name={fields.reason.name}
        rows={2}
        required
        hint="Why this account gets something different, for whoever reads this next."
        defaultValue={initialText(fields.reason, values?.reason)}
        errors={fields.reason.errors}
      />
    </>
  );
}

export function OverrideForm({
  override,
  formId,
  accountName,
  reply,
}: {
  override: OverrideRow;
  formId: string;
  accountName: string;
  reply: Reply;
}) {
  const [form, fields] = useSchemaForm(formId, OverrideSchema, reply);
  const done = doneMessage(reply, formId);
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3" aria-label={`Override for ${accountName}`}>
      <input type="hidden" name="intent" value="set-override" />
      <input type="hidden" name="accountId" value={override.accountId} />
      {done ? <Notice tone="success">{done}</Notice> : null}
      <FormErrors errors={[...(form.errors ?? []), ...(fields.accountId.errors ?? [])]} />
      <OverrideFields fields={fields} values={override} />
      <Button variant="secondary">Save override</Button>
    </Form>
  );
}

export function AddOverrideForm({ accounts, reply }: { accounts: { id: string; name: string }[]; reply: Reply }) {
  const [form, fields] = useSchemaForm("add-override", AddOverrideSchema, reply);
  const done = doneMessage(reply, "add-override");
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3" aria-label="Add an override">
      <input type="hidden" name="intent" value="add-override" />
      {done ? <Notice tone="success">{done}</Notice> : null}
      <FormErrors errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          id={fields.accountId.id}
          label="Account"
          name={fields.accountId.name}
          defaultValue={initialText(fields.accountId, "")}
          errors={fields.accountId.errors}
        >
          <option value="">Choose an account</option>
          {accounts.map((account) => (
            <option key={account.id} value={account.id}>
              {account.name}
            </option>
          ))}
        </SelectField>
        <TextField
          id={fields.accountRef.id}
          label="Or paste an account id"
          name={fields.accountRef.name}
          autoComplete="off"
          defaultValue={initialText(fields.accountRef, "")}
          errors={fields.accountRef.errors}
        />
      </div>
      <OverrideFields fields={fields} />
      <Button>Add override</Button>
    </Form>
  );
}
