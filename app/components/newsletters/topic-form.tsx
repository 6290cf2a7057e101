import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { Reply } from "~/components/accounts/reply-notice.tsx";
import { Button } from "~/components/ui/button.tsx";
import { Check, Fieldset, FormErrors, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { Notice } from "~/components/ui/page.tsx";
import { CreateTopicSchema, UpdateTopicSchema } from "~/modules/newsletters/topics.schema.ts";
import { doneMessage, initialText, useSchemaForm } from "~/utils/forms.ts";

type TopicValues = { id: string; name: string; description: string; subscribedByDefault: boolean };

/** The editor for a new topic (no `topic`) or an existing one; `formId` names it in the action's reply. */
export function TopicForm({ topic, formId, reply }: { topic?: TopicValues; formId: string; reply: Reply }) {
  const [form, fields] = useSchemaForm(formId, topic ? UpdateTopicSchema : CreateTopicSchema, reply);
  const done = doneMessage(reply, formId);
  const audience = initialText(fields.audience, topic ? (topic.subscribedByDefault ? "subscribed" : "opt-in") : "subscribed");
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4" aria-label={topic ? `Edit ${topic.name}` : "New topic"}>
      <input type="hidden" name="intent" value={topic ? "update-topic" : "create-topic"} />
      {topic ? <input type="hidden" name="topicId" value={topic.id} /> : null}
      {done ? <Notice tone="success">{done}</Notice> : null}
      <FormErrors errors={form.errors} />
      <TextField
        id={fields.name.id}
        label="Name"
        name={fields.name.name}
        required
        maxLength={80}
        defaultValue={initialText(fields.name, topic?.name)}
        errors={fields.name.errors}
      />
      <TextAreaField
        id={fields.description.id}
        label="Description"
        hint="Shown to customers in the preference centre."
        name={fields.description.name}
        rows={2}
        maxLength={500}
        defaultValue={initialText(fields.description, topic?.description)}
        errors={fields.description.errors}
      />
      <Fieldset legend="Who receives it by default" errors={fields.audience.errors}>
        <Check
          type="radio"
          name={fields.audience.name}
          value="subscribed"
          label="Everyone, until they unsubscribe"
          detail="For news every customer should hear about."
          checked={audience === "subscribed"}
        />
        <Check
          type="radio"
          name={fields.audience.name}
          value="opt-in"
          label="Only people who opt in"
          detail="For niche or frequent topics."
          checked={audience === "opt-in"}
        />
      </Fieldset>
      <Button variant={topic ? "secondary" : "primary"}>{topic ? "Save topic" : "Create topic"}</Button>
    </Form>
  );
}
