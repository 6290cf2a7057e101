import { getFormProps } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import type { Reply } from "~/components/accounts/reply-notice.tsx";
import { Button } from "~/components/ui/button.tsx";
import { Check, Fieldset, FormErrors, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { Notice } from "~/components/ui/page.tsx";
import { FollowUpSchema, MAX_FOLLOW_UP_ITEMS, MESSAGE_MAX } from "~/modules/queue/brief.schema.ts";
import type { Brief } from "~/modules/queue/brief.server.ts";
import { doneMessage, initialList, useSchemaForm } from "~/utils/forms.ts";

const INTENT = "follow-up";

/**
 * The follow-up email: up to five library items the account may open, and the CSM's own message.
 * Searching the library is a GET form beside it, so it works without JavaScript too.
 */
export function FollowUpForm({ brief, reply }: { brief: Brief; reply: Reply }) {
  const [form, fields] = useSchemaForm(INTENT, FollowUpSchema, reply);
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === INTENT;
  const done = doneMessage(reply, INTENT);
  const { booking, booker, followUp } = brief;
  if (done) return <Notice tone="success">{done}</Notice>;
  if (booking.followUpBlocked) {
    return (
      <div className="space-y-3">
        <FormErrors errors={reply?.intent === INTENT ? form.errors : null} />
        <Notice tone={booking.followUpSent ? "success" : "info"}>
          {booking.followUpSent
            ? `Sent to ${booker.name} on ${booking.followUpSent}. Each hour gets one follow-up.`
            : booking.followUpBlocked}
        </Notice>
      </div>
    );
  }
  const checked = initialList(fields.items.initialValue);
  return (
    <div className="space-y-5">
      <Form method="get" className="flex flex-wrap items-end gap-3" aria-label="Find items to recommend">
        <div className="min-w-64 flex-1">
          <TextField
            label="Search the library"
            name="q"
            type="search"
            defaultValue={followUp.q}
            hint={`Only items open to ${brief.account.name}'s tier are listed. Search first, then tick.`}
          />
        </div>
        <Button variant="secondary">Search</Button>
      </Form>
      <Form method="post" {...getFormProps(form)} className="space-y-4" aria-label="Send a follow-up email">
        <input type="hidden" name="intent" value={INTENT} />
        <FormErrors errors={form.errors} />
        <Fieldset
          legend={`Recommended items (up to ${MAX_FOLLOW_UP_ITEMS})`}
          hint={followUp.q ? `Matches for “${followUp.q}”.` : "The newest items first."}
          errors={fields.items.errors}
        >
          {followUp.candidates.length ? (
            <div className="grid max-h-96 gap-2 overflow-y-auto rounded-lg border border-slate-200 p-3 sm:grid-cols-2">
              {followUp.candidates.map((item) => (
                <Check
                  key={item.id}
                  name={fields.items.name}
                  value={item.id}
                  checked={checked.includes(item.id)}
                  label={item.title}
                  detail={[item.kindLabel, item.minutes, item.seen ? `${booker.name} has opened it` : null].filter(Boolean).join(" · ")}
                />
              ))}
            </div>
          ) : (
            <p className="text-sm text-slate-500">
              {followUp.q ? "Nothing open to this account matches. Try other words." : "The library has nothing open to this account yet."}
            </p>
          )}
        </Fieldset>
        <TextAreaField
          id={fields.message.id}
          label="Personal message (optional)"
          name={fields.message.name}
          rows={5}
          maxLength={MESSAGE_MAX}
          hint={`Sent to ${booker.name} (${booker.email}) with the items' links.`}
          defaultValue={fields.message.initialValue as string | undefined}
          errors={fields.message.errors}
        />
        <Button disabled={busy}>{busy ? "Sending…" : "Send follow-up"}</Button>
      </Form>
    </div>
  );
}
