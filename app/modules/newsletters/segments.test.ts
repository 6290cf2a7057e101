import { describe, expect, test } from "vitest";
import type { SegmentRules } from "./segment-rules.ts";
import {
  applySegmentIntent,
  describeCondition,
  describeRules,
  draftToRules,
  readSegmentDetails,
  readSegmentDraft,
  readSegmentIntent,
  rulesToDraft,
  segmentDraftEntries,
} from "./segments.ts";

function form(entries: Array<[string, string]>) {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

const EVERY_KIND: SegmentRules = {
  match: "any",
  conditions: [
    { field: "tier", op: "in", values: ["TECH", "LOW"] },
    { field: "plan", op: "not_in", values: ["Starter", "Growth", "Scale"] },
    { field: "arr", min: 10_000, max: 50_000 },
    { field: "health", values: ["RED", "YELLOW"] },
    { field: "renewal_within", days: 60 },
    { field: "engagement_score", min: 40 },
    { field: "attended", op: "did_not", topic: "onboarding", days: 90 },
    { field: "attended", op: "did", sessionId: "s1", days: 30 },
    { field: "booked_hour", op: "did", days: 1 },
    { field: "role", values: ["ACCOUNT_ADMIN"] },
    { field: "subscribed", op: "is_not", topicId: "t1" },
  ],
};

describe("segment rules in words", () => {
  test("each condition kind reads as a sentence", () => {
    const lookups = { topics: { t1: "Product updates" }, sessions: { s1: "Dashboards deep dive" } };
    expect(EVERY_KIND.conditions.map((condition) => describeCondition(condition, lookups))).toEqual([
      "Tier is Tech or Low",
      "Plan is not Starter, Growth or Scale",
      "ARR between $10,000 and $50,000",
      "Health is Red or Yellow",
      "Renews within 60 days",
      "Engagement score at least 40",
      "Did not attend a session on onboarding in the last 90 days",
      'Attended the session "Dashboards deep dive" in the last 30 days',
      "Booked a CSM hour in the last 1 day",
      "Role is Account admin",
      "Not subscribed to Product updates",
    ]);
  });

  test("open ranges, any session and unknown ids", () => {
    expect(describeCondition({ field: "arr", max: 5_000 })).toBe("ARR at most $5,000");
    expect(describeCondition({ field: "engagement_score", min: 20, max: 60 })).toBe("Engagement score between 20 and 60");
    expect(describeCondition({ field: "attended", op: "did", days: 14 })).toBe("Attended any session in the last 14 days");
    expect(describeCondition({ field: "subscribed", op: "is", topicId: "gone" })).toBe("Subscribed to a deleted topic");
  });

  test("the whole audience joins conditions with and / or", () => {
    expect(describeRules({ match: "all", conditions: [] })).toBe("Every contact");
    expect(
      describeRules({
        match: "all",
        conditions: [
          { field: "tier", op: "in", values: ["TECH"] },
          { field: "renewal_within", days: 90 },
        ],
      }),
    ).toBe("Tier is Tech and renews within 90 days");
    expect(
      describeRules({
        match: "any",
        conditions: [
          { field: "health", values: ["RED"] },
          { field: "booked_hour", op: "did_not", days: 180 },
        ],
      }),
    ).toBe("Health is Red or did not book a CSM hour in the last 180 days");
  });
});

describe("the no-JavaScript form encoding", () => {
  test("rules → draft → form entries → draft → the same rules", () => {
    const draft = rulesToDraft(EVERY_KIND);
    const back = readSegmentDraft(form(segmentDraftEntries(draft)));
    expect(back).toEqual(draft);
    expect(draftToRules(back)).toEqual({ rules: EVERY_KIND, errors: null });
  });

  test("amounts may be typed with separators; blank bounds are left open", () => {
    const draft = readSegmentDraft(
      form([
        ["match", "all"],
        ["c.0.field", "arr"],
        ["c.0.min", "$10,000"],
        ["c.0.max", ""],
        ["c.1.field", "attended"],
        ["c.1.op", "did"],
        ["c.1.days", "90"],
        ["c.1.topic", "  Onboarding "],
      ]),
    );
    expect(draftToRules(draft).rules).toEqual({
      match: "all",
      conditions: [
        { field: "arr", min: 10_000 },
        { field: "attended", op: "did", days: 90, topic: "onboarding" },
      ],
    });
  });

  test("gaps in the numbering and unknown kinds are skipped", () => {
    const draft = readSegmentDraft(
      form([
        ["c.0.field", "role"],
        ["c.0.values", "MEMBER"],
        ["c.1.field", "favourite_colour"],
        ["c.3.field", "renewal_within"],
        ["c.3.days", "30"],
      ]),
    );
    expect(draft.conditions.map((condition) => condition.field)).toEqual(["role", "renewal_within"]);
    expect(draft.match).toBe("all");
  });

  test("every missing or wrong part has its own message", () => {
    const draft = readSegmentDraft(
      form([
        ["c.0.field", "tier"],
        ["c.1.field", "arr"],
        ["c.2.field", "engagement_score"],
        ["c.2.min", "80"],
        ["c.2.max", "20"],
        ["c.3.field", "renewal_within"],
        ["c.3.days", "0"],
        ["c.4.field", "attended"],
        ["c.4.days", "abc"],
        ["c.4.topic", "api"],
        ["c.4.sessionId", "s1"],
        ["c.5.field", "subscribed"],
        ["c.6.field", "engagement_score"],
        ["c.6.min", "101"],
      ]),
    );
    expect(draftToRules(draft).errors).toEqual({
      "c.0.values": "Pick at least one tier.",
      "c.1.min": "Enter a minimum, a maximum or both.",
      "c.2.max": "The maximum must not be below the minimum.",
      "c.3.days": "Enter a number of days from 1 to 730.",
      "c.4.days": "Enter a number of days from 1 to 730.",
      "c.4.topic": "Choose a topic or a session, not both.",
      "c.5.topicId": "Choose a newsletter topic.",
      "c.6.min": "Enter a whole score from 0 to 100, or leave it blank.",
    });
  });

  test("add and remove buttons change the draft; other buttons keep it", () => {
    const start = readSegmentDraft(
      form([
        ["c.0.field", "tier"],
        ["c.0.values", "TECH"],
      ]),
    );
    const added = applySegmentIntent(
      start,
      readSegmentIntent(
        form([
          ["intent", "add"],
          ["add", "renewal_within"],
        ]),
      ),
    );
    expect(added.conditions.map((condition) => [condition.field, condition.days])).toEqual([
      ["tier", ""],
      ["renewal_within", "90"],
    ]);
    const removed = applySegmentIntent(added, readSegmentIntent(form([["intent", "remove:0"]])));
    expect(removed.conditions.map((condition) => condition.field)).toEqual(["renewal_within"]);
    expect(
      readSegmentIntent(
        form([
          ["intent", "add"],
          ["add", "nonsense"],
        ]),
      ),
    ).toEqual({ kind: "preview" });
    expect(readSegmentIntent(form([["intent", "preview"]]))).toEqual({ kind: "preview" });
    expect(readSegmentIntent(form([]))).toEqual({ kind: "save" });
  });

  test("a name is required and kept short", () => {
    expect(readSegmentDetails(form([["name", "  Tech   touch "]]))).toEqual({ name: "Tech touch", description: "", errors: {} });
    expect(readSegmentDetails(form([["name", " "]])).errors).toEqual({ name: "Give the segment a name." });
    expect(readSegmentDetails(form([["name", "x".repeat(81)]])).errors).toEqual({ name: "Keep the name under 80 characters." });
  });
});
