import { z } from "zod";

// The topics page's forms: one editor shape for a new topic and for each existing one.

const topicFields = {
  name: z
    .string({ error: "Name the topic" })
    .trim()
    .min(2, { error: "Use at least 2 characters" })
    .max(80, { error: "Use at most 80 characters" }),
  description: z.string().trim().max(500, { error: "Use at most 500 characters" }).optional(),
  // Opt-out topics reach everyone who has not said no; opt-in topics only those who said yes.
  audience: z.enum(["subscribed", "opt-in"], { error: "Choose who receives this topic by default" }),
};

export const CreateTopicSchema = z.object(topicFields);
export const UpdateTopicSchema = z.object({ topicId: z.string().min(1).max(40), ...topicFields });
export const ArchiveTopicSchema = z.object({ topicId: z.string().min(1).max(40) });

export type TopicInput = z.output<typeof CreateTopicSchema>;
