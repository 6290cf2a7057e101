import { z } from "zod";

// A segment is a list of conditions over a contact (a customer user) and their account, evaluated at
// send time so the audience is always current. Pure: the SQL lives in segments.server.ts.

const TierSchema = z.enum(["HIGH", "LOW", "TECH"]);
const HealthSchema = z.enum(["RED", "YELLOW", "GREEN"]);
const CustomerRoleSchema = z.enum(["MEMBER", "ACCOUNT_ADMIN"]);
const Days = z.number().int().min(1).max(730);

export const SegmentConditionSchema = z.discriminatedUnion("field", [
  z.object({ field: z.literal("tier"), op: z.enum(["in", "not_in"]), values: z.array(TierSchema).min(1) }),
  z.object({ field: z.literal("plan"), op: z.enum(["in", "not_in"]), values: z.array(z.string().min(1).max(80)).min(1).max(50) }),
  // Whole units of the account's currency (ARR is stored in cents).
  z.object({ field: z.literal("arr"), min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional() }),
  z.object({ field: z.literal("health"), values: z.array(HealthSchema).min(1) }),
  z.object({ field: z.literal("renewal_within"), days: Days }),
  z.object({
    field: z.literal("engagement_score"),
    min: z.number().int().min(0).max(100).optional(),
    max: z.number().int().min(0).max(100).optional(),
  }),
  // Attended (or not) any session with this topic, or one given session, within the last N days.
  z.object({
    field: z.literal("attended"),
    op: z.enum(["did", "did_not"]),
    topic: z.string().min(1).max(40).optional(),
    sessionId: z.string().min(1).max(40).optional(),
    days: Days,
  }),
  // The contact's account booked (or not) a CSM hour within the last N days.
  z.object({ field: z.literal("booked_hour"), op: z.enum(["did", "did_not"]), days: Days }),
  z.object({ field: z.literal("role"), values: z.array(CustomerRoleSchema).min(1) }),
  z.object({ field: z.literal("subscribed"), op: z.enum(["is", "is_not"]), topicId: z.string().min(1).max(40) }),
]);

export const SegmentRulesSchema = z.object({
  match: z.enum(["all", "any"]).default("all"),
  conditions: z.array(SegmentConditionSchema).max(20),
});

export type SegmentCondition = z.infer<typeof SegmentConditionSchema>;
export type SegmentRules = z.infer<typeof SegmentRulesSchema>;

/** Stored JSON → rules; anything unreadable reads as "no conditions" rather than throwing at send time. */
export function parseSegmentRules(json: string | null | undefined): SegmentRules {
  if (!json) return { match: "all", conditions: [] };
  try {
    const parsed = SegmentRulesSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : { match: "all", conditions: [] };
  } catch {
    return { match: "all", conditions: [] };
  }
}
