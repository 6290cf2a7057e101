import { SegmentConditionSchema, SegmentRulesSchema, type SegmentCondition, type SegmentRules } from "./segment-rules.ts";

// Segment rules in words, and the plain HTML form that edits them without JavaScript: every condition
// is a group of fields named `c.<index>.<part>`, added and removed by submit buttons. The form first
// becomes a draft (strings as typed, so a half-finished condition survives a round trip), then rules.

export const CONDITION_FIELDS = [
  "tier",
  "plan",
  "arr",
  "health",
  "renewal_within",
  "engagement_score",
  "attended",
  "booked_hour",
  "role",
  "subscribed",
] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];

export const CONDITION_LABELS: Record<ConditionField, string> = {
  tier: "Tier",
  plan: "Plan",
  arr: "ARR range",
  health: "Health",
  renewal_within: "Renews within",
  engagement_score: "Engagement score",
  attended: "Attended a session",
  booked_hour: "Booked a CSM hour",
  role: "Role",
  subscribed: "Topic subscription",
};

export const MAX_CONDITIONS = 20;
const TIER_WORDS: Record<string, string> = { HIGH: "High", LOW: "Low", TECH: "Tech" };
const HEALTH_WORDS: Record<string, string> = { RED: "Red", YELLOW: "Yellow", GREEN: "Green" };
const ROLE_WORDS: Record<string, string> = { MEMBER: "Member", ACCOUNT_ADMIN: "Account admin" };
export const TIER_OPTIONS = Object.entries(TIER_WORDS).map(([value, label]) => ({ value, label }));
export const HEALTH_OPTIONS = Object.entries(HEALTH_WORDS).map(([value, label]) => ({ value, label }));
export const ROLE_OPTIONS = Object.entries(ROLE_WORDS).map(([value, label]) => ({ value, label }));

/** Names for ids the words mention: newsletter topics and sessions. Unknown ids read as "a deleted …". */
export type SegmentLookups = { topics?: Record<string, string>; sessions?: Record<string, string> };

/** ["Tech", "Low"] → "Tech or Low"; three or more → "A, B or C". */
function either(words: string[]): string {
  if (words.length <= 1) return words[0] ?? "";
  return `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

const money = (units: number) => `$${units.toLocaleString("en-US")}`;

function range(label: string, min: number | undefined, max: number | undefined, show: (value: number) => string) {
  if (min !== undefined && max !== undefined) return `${label} between ${show(min)} and ${show(max)}`;
  if (min !== undefined) return `${label} at least ${show(min)}`;
  if (max !== undefined) return `${label} at most ${show(max)}`;
  return `Any ${label}`;
}

const days = (n: number) => (n === 1 ? "1 day" : `${n} days`);

export function describeCondition(condition: SegmentCondition, lookups: SegmentLookups = {}): string {
  switch (condition.field) {
    case "tier":
      return `Tier ${condition.op === "in" ? "is" : "is not"} ${either(condition.values.map((tier) => TIER_WORDS[tier] ?? tier))}`;
    case "plan":
      return `Plan ${condition.op === "in" ? "is" : "is not"} ${either(condition.values)}`;
    case "arr":
      return range("ARR", condition.min, condition.max, money);
    case "health":
      return `Health is ${either(condition.values.map((health) => HEALTH_WORDS[health] ?? health))}`;
    case "renewal_within":
      return `Renews within ${days(condition.days)}`;
    case "engagement_score":
      return range("engagement score", condition.min, condition.max, String).replace(/^engagement/, "Engagement");
    case "attended": {
      const what = condition.sessionId
        ? `the session "${lookups.sessions?.[condition.sessionId] ?? "a deleted session"}"`
        : condition.topic
          ? `a session on ${condition.topic}`
          : "any session";
      return `${condition.op === "did" ? "Attended" : "Did not attend"} ${what} in the last ${days(condition.days)}`;
    }
    case "booked_hour":
      return `${condition.op === "did" ? "Booked" : "Did not book"} a CSM hour in the last ${days(condition.days)}`;
    case "role":
      return `Role is ${either(condition.values.map((role) => ROLE_WORDS[role] ?? role))}`;
    case "subscribed": {
      const topic = lookups.topics?.[condition.topicId] ?? "a deleted topic";
      return `${condition.op === "is" ? "Subscribed" : "Not subscribed"} to ${topic}`;
    }
  }
}

/** The whole audience in one sentence, for lists and the newsletter editor. */
export function describeRules(rules: SegmentRules, lookups: SegmentLookups = {}): string {
  if (rules.conditions.length === 0) return "Every contact";
  const parts = rules.conditions.map((condition) => describeCondition(condition, lookups));
  if (parts.length === 1) return parts[0]!;
  const joiner = rules.match === "all" ? " and " : " or ";
  return parts.map((part, index) => (index === 0 ? part : part.charAt(0).toLowerCase() + part.slice(1))).join(joiner);
}

// ── The form ─────────────────────────────────────────────────────────────────────────────────────

/** One condition as typed: every part a string (or strings), whatever the kind uses. */
export type ConditionDraft = {
  field: ConditionField;
  op: string;
  values: string[];
  min: string;
  max: string;
  days: string;
  topic: string;
  sessionId: string;
  topicId: string;
};
export type SegmentDraft = { match: "all" | "any"; conditions: ConditionDraft[] };

const DEFAULT_OPS: Partial<Record<ConditionField, string>> = {
  tier: "in",
  plan: "in",
  attended: "did",
  booked_hour: "did",
  subscribed: "is",
};

/** A new, empty condition of a kind, with the defaults a person would most likely pick. */
export function newConditionDraft(field: ConditionField): ConditionDraft {
  const daysDefault = field === "renewal_within" ? "90" : field === "attended" || field === "booked_hour" ? "90" : "";
  return { field, op: DEFAULT_OPS[field] ?? "", values: [], min: "", max: "", days: daysDefault, topic: "", sessionId: "", topicId: "" };
}

type FormLike = { getAll(name: string): Array<unknown>; get(name: string): unknown };

const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
const isField = (value: string): value is ConditionField => (CONDITION_FIELDS as readonly string[]).includes(value);

/** Reads `match` and `c.<i>.*` from a form or query string, in index order; unknown kinds are dropped. */
export function readSegmentDraft(form: FormLike): SegmentDraft {
  const conditions: ConditionDraft[] = [];
  for (let index = 0; index < MAX_CONDITIONS + 1; index++) {
    const part = (name: string) => text(form.get(`c.${index}.${name}`));
    const field = part("field");
    if (!field) continue;
    if (!isField(field)) continue;
    conditions.push({
      field,
      op: part("op"),
      values: form.getAll(`c.${index}.values`).map(text).filter(Boolean),
      min: part("min"),
      max: part("max"),
      days: part("days"),
      topic: part("topic"),
      sessionId: part("sessionId"),
      topicId: part("topicId"),
    });
  }
  return { match: text(form.get("match")) === "any" ? "any" : "all", conditions };
}

/** The draft as form entries (name, value): what readSegmentDraft reads back. Only the parts a kind uses. */
export function segmentDraftEntries(draft: SegmentDraft): Array<[string, string]> {
  const entries: Array<[string, string]> = [["match", draft.match]];
  draft.conditions.forEach((condition, index) => {
    const name = (part: string) => `c.${index}.${part}`;
    entries.push([name("field"), condition.field]);
    for (const part of ["op", "min", "max", "days", "topic", "sessionId", "topicId"] as const) {
      if (condition[part]) entries.push([name(part), condition[part]]);
    }
    for (const value of condition.values) entries.push([name("values"), value]);
  });
  return entries;
}

/** Stored rules → the draft the editor shows. */
export function rulesToDraft(rules: SegmentRules): SegmentDraft {
  return {
    match: rules.match,
    conditions: rules.conditions.map((condition) => {
      const draft = newConditionDraft(condition.field);
      const asText = (value: number | undefined) => (value === undefined ? "" : String(value));
      switch (condition.field) {
        case "tier":
        case "plan":
          return { ...draft, op: condition.op, values: [...condition.values] };
        case "health":
        case "role":
          return { ...draft, values: [...condition.values] };
        case "arr":
        case "engagement_score":
          return { ...draft, min: asText(condition.min), max: asText(condition.max) };
        case "renewal_within":
          return { ...draft, days: String(condition.days) };
        case "attended":
          return {
            ...draft,
            op: condition.op,
            days: String(condition.days),
            topic: condition.topic ?? "",
            sessionId: condition.sessionId ?? "",
          };
        case "booked_hour":
          return { ...draft, op: condition.op, days: String(condition.days) };
        case "subscribed":
          return { ...draft, op: condition.op, topicId: condition.topicId };
      }
    }),
  };
}

/** Field name (as in the form) → the message shown beside it. */
export type SegmentErrors = Record<string, string>;

function wholeNumber(raw: string, min: number, max: number): number | null | undefined {
  if (raw === "") return undefined;
  const cleaned = raw.replace(/[,\s$]/g, "");
  if (!/^\d+$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return value >= min && value <= max ? value : null;
}

/** The draft → rules, or a message for every part that is missing or wrong. */
export function draftToRules(draft: SegmentDraft): { rules: SegmentRules; errors: null } | { rules: null; errors: SegmentErrors } {
  const errors: SegmentErrors = {};
  const conditions: SegmentCondition[] = [];
  if (draft.conditions.length > MAX_CONDITIONS) errors.conditions = `Use at most ${MAX_CONDITIONS} conditions.`;
  draft.conditions.slice(0, MAX_CONDITIONS).forEach((condition, index) => {
    const name = (part: string) => `c.${index}.${part}`;
    const fail = (part: string, message: string) => {
      errors[name(part)] = message;
    };
    const daysValue = () => {
      const value = wholeNumber(condition.days, 1, 730);
      if (value === undefined || value === null) fail("days", "Enter a number of days from 1 to 730.");
      return value ?? 0;
    };
    const bounds = (max: number, what: string) => {
      const low = wholeNumber(condition.min, 0, max);
      const high = wholeNumber(condition.max, 0, max);
      if (low === null) fail("min", `Enter a whole ${what} from 0 to ${max.toLocaleString("en-US")}, or leave it blank.`);
      if (high === null) fail("max", `Enter a whole ${what} from 0 to ${max.toLocaleString("en-US")}, or leave it blank.`);
      if (low === undefined && high === undefined) fail("min", "Enter a minimum, a maximum or both.");
      if (typeof low === "number" && typeof high === "number" && low > high) fail("max", "The maximum must not be below the minimum.");
      return { min: low ?? undefined, max: high ?? undefined };
    };
    const needValues = (message: string) => {
      if (condition.values.length === 0) fail("values", message);
    };
    let candidate: unknown;
    switch (condition.field) {
      case "tier":
        needValues("Pick at least one tier.");
        candidate = { field: "tier", op: condition.op === "not_in" ? "not_in" : "in", values: condition.values };
        break;
      case "plan":
        needValues("Pick at least one plan.");
        candidate = { field: "plan", op: condition.op === "not_in" ? "not_in" : "in", values: condition.values };
        break;
      case "health":
        needValues("Pick at least one health.");
        candidate = { field: "health", values: condition.values };
        break;
      case "role":
        needValues("Pick at least one role.");
        candidate = { field: "role", values: condition.values };
        break;
      case "arr":
        candidate = { field: "arr", ...bounds(100_000_000, "amount") };
        break;
      case "engagement_score":
        candidate = { field: "engagement_score", ...bounds(100, "score") };
        break;
      case "renewal_within":
        candidate = { field: "renewal_within", days: daysValue() };
        break;
      case "attended": {
        const topic = condition.topic.toLowerCase().replace(/\s+/g, " ");
        if (topic.length > 40) fail("topic", "Keep the topic under 40 characters.");
        if (topic && condition.sessionId) fail("topic", "Choose a topic or a session, not both.");
        candidate = {
          field: "attended",
          op: condition.op === "did_not" ? "did_not" : "did",
          days: daysValue(),
          ...(topic ? { topic } : {}),
          ...(condition.sessionId ? { sessionId: condition.sessionId } : {}),
        };
        break;
      }
      case "booked_hour":
        candidate = { field: "booked_hour", op: condition.op === "did_not" ? "did_not" : "did", days: daysValue() };
        break;
      case "subscribed":
        if (!condition.topicId) fail("topicId", "Choose a newsletter topic.");
        candidate = { field: "subscribed", op: condition.op === "is_not" ? "is_not" : "is", topicId: condition.topicId };
        break;
    }
    if (Object.keys(errors).some((key) => key.startsWith(`c.${index}.`))) return;
    const parsed = SegmentConditionSchema.safeParse(candidate);
    if (parsed.success) conditions.push(parsed.data);
    else errors[name("field")] = "This condition is not valid: check its values.";
  });
  if (Object.keys(errors).length > 0) return { rules: null, errors };
  return { rules: SegmentRulesSchema.parse({ match: draft.match, conditions }), errors: null };
}

export type SegmentFormIntent =
  { kind: "save" } | { kind: "preview" } | { kind: "add"; field: ConditionField } | { kind: "remove"; index: number };

/** Which submit button was pressed: save, preview, add (with the kind picked beside it) or remove:<i>. */
export function readSegmentIntent(form: FormLike): SegmentFormIntent {
  const intent = text(form.get("intent"));
  if (intent === "add") {
    const field = text(form.get("add"));
    return isField(field) ? { kind: "add", field } : { kind: "preview" };
  }
  const removing = /^remove:(\d+)$/.exec(intent);
  if (removing) return { kind: "remove", index: Number(removing[1]) };
  if (intent === "preview") return { kind: "preview" };
  return { kind: "save" };
}

/** The draft after an add or remove button; anything else leaves it as it was. */
export function applySegmentIntent(draft: SegmentDraft, intent: SegmentFormIntent): SegmentDraft {
  if (intent.kind === "add" && draft.conditions.length < MAX_CONDITIONS) {
    return { ...draft, conditions: [...draft.conditions, newConditionDraft(intent.field)] };
  }
  if (intent.kind === "remove") return { ...draft, conditions: draft.conditions.filter((_, index) => index !== intent.index) };
  return draft;
}

/** The saved segment's own fields: a name (unique, checked by the database) and an optional description. */
export function readSegmentDetails(form: FormLike): { name: string; description: string; errors: SegmentErrors } {
  const name = text(form.get("name")).replace(/\s+/g, " ");
  const description = text(form.get("description"));
  const errors: SegmentErrors = {};
  if (!name) errors.name = "Give the segment a name.";
  else if (name.length > 80) errors.name = "Keep the name under 80 characters.";
  if (description.length > 500) errors.description = "Keep the description under 500 characters.";
  return { name, description, errors };
}
