import { z } from "zod";
import { parseKeywords } from "./routing.ts";

export const RuleSchema = z
  .object({
    ruleId: z.string().trim().max(40).optional(),
    label: z.string({ error: "Name the rule" }).trim().min(1, { error: "Name the rule" }).max(80, { error: "Use at most 80 characters" }),
    keywords: z
      .string({ error: "List at least one keyword or phrase" })
      .trim()
      .max(1_000, { error: "Use at most 1,000 characters" })
      .refine((text) => parseKeywords(text).length > 0, { error: "List at least one keyword or phrase, separated by commas" }),
    target: z.enum(["SUPPORT", "CSM"], { error: "Choose where these requests go" }),
    topic: z.string().trim().max(60, { error: "Use at most 60 characters" }).optional(),
    message: z.string().trim().max(500, { error: "Use at most 500 characters" }).optional(),
    active: z.boolean().default(false),
  })
  .refine((rule) => rule.target === "CSM" || (rule.message ?? "").length > 0, {
    path: ["message"],
    error: "Tell the customer why this goes to support rather than a CSM",
  });

export type RuleValues = z.output<typeof RuleSchema>;

export const MoveRuleSchema = z.object({
  ruleId: z.string().trim().min(1).max(40),
  direction: z.enum(["up", "down"]),
});

export const DeleteRuleSchema = z.object({ ruleId: z.string().trim().min(1).max(40) });

/** Each rule's form has its own reply id, so errors land beside the rule that has them. */
export function ruleFormId(ruleId: string | null | undefined) {
  return ruleId ? `rule-${ruleId.replace(/[^\w-]/g, "").slice(0, 40)}` : "rule-new";
}
