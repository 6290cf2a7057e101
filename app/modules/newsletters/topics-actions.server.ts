import { intentOf, runForm, unknownIntent } from "~/modules/accounts/form-action.server.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { ArchiveTopicSchema, CreateTopicSchema, UpdateTopicSchema } from "./topics.schema.ts";
import { createTopic, setTopicArchived, updateTopic } from "./topics.server.ts";

/** Reply ids name the exact form so errors land beside it. */
export function topicFormId(topicId: string) {
  return `topic-${topicId.replace(/[^\w-]/g, "").slice(0, 40)}`;
}

export async function handleTopicsAction(actor: Actor, formData: FormData) {
  switch (intentOf(formData)) {
    case "create-topic":
      return runForm(formData, "create-topic", CreateTopicSchema, async (input) => {
        const topic = await createTopic(actor, input);
        return `${topic.name} created. It shows in the preference centre from now on.`;
      });
    case "update-topic":
      return runForm(formData, topicFormId(String(formData.get("topicId"))), UpdateTopicSchema, async ({ topicId, ...input }) => {
        const topic = await updateTopic(actor, topicId, input);
        return `${topic.name} saved.`;
      });
    case "archive-topic":
      return runForm(formData, "archive-topic", ArchiveTopicSchema, async ({ topicId }) => {
        const topic = await setTopicArchived(actor, topicId, true);
        return `${topic.name} archived: it no longer shows in the preference centre. People's choices are kept.`;
      });
    case "restore-topic":
      return runForm(formData, "archive-topic", ArchiveTopicSchema, async ({ topicId }) => {
        const topic = await setTopicArchived(actor, topicId, false);
        return `${topic.name} restored.`;
      });
  }
  return unknownIntent();
}
