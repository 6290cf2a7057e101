import { z } from "zod";

// Topics label sessions and library items alike; customers filter both by them.

export const MAX_TOPICS = 10;
const MAX_TOPIC_LENGTH = 40;

/** "Onboarding, API , onboarding" → ["onboarding", "api"]: lower-cased, trimmed, each once. */
export function parseTopics(text: string): string[] {
  const topics = text
    .split(",")
    .map((topic) => topic.trim().toLowerCase().replace(/\s+/g, " "))
    .filter(Boolean);
  return [...new Set(topics)];
}

/** The comma-separated "Topics" field of an editor → the topic list, with messages for too many or too long. */
export const TopicsFieldSchema = z
  .string()
  .max(600, { error: "Use at most 600 characters" })
  .optional()
  .transform((text, ctx) => {
    const topics = parseTopics(text ?? "");
    if (topics.length > MAX_TOPICS) {
      ctx.issues.push({ code: "custom", input: text, message: `Use at most ${MAX_TOPICS} topics` });
      return z.NEVER;
    }
    const long = topics.find((topic) => topic.length > MAX_TOPIC_LENGTH);
    if (long) {
      ctx.issues.push({
        code: "custom",
        input: text,
        message: `Keep each topic under 40 characters: "${long.slice(0, MAX_TOPIC_LENGTH)}…"`,
      });
      return z.NEVER;
    }
    return topics;
  });
