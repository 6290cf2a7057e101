import { describe, expect, test } from "vitest";
import {
  healthLabel,
  HEALTH_MARKS,
  assessAccount,
  bandOf,
  decayWeight,
  DEFAULT_SETTINGS,
  engagementParts,
  engagementScore,
  factsFromEvents,
  NO_FACTS,
  normaliseFeedback,
  type ScoringEvent,
} from "./scoring.ts";

const now = new Date("2026-11-23T12:00:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

function event(days: number, kind: string, extra: Partial<ScoringEvent> = {}): ScoringEvent {
  return { kind, userId: "u1", subjectType: null, subjectId: null, value: null, data: null, occurredAt: daysAgo(days), ...extra };
}

describe("decay", () => {
  test("an event weighs 1 today, a half at one half-life and a quarter at two", () => {
    expect(decayWeight(0, 30)).toBe(1);
    expect(decayWeight(30, 30)).toBeCloseTo(0.5);
    expect(decayWeight(60, 30)).toBeCloseTo(0.25);
    expect(decayWeight(7, 7)).toBeCloseTo(0.5);
  });

  test("the decayed count of events halves when the same events are one half-life older", () => {
    const fresh = factsFromEvents([event(0, "video.watched"), event(0, "document.opened")], 1, now, 14);
    const older = factsFromEvents([event(14, "video.watched"), event(14, "document.opened")], 1, now, 14);
    expect(fresh.decayedEvents).toBeCloseTo(2);
    expect(older.decayedEvents).toBeCloseTo(1);
  });

  test("minutes decay too: 60 attended minutes one half-life ago count as 30", () => {
    const facts = factsFromEvents([event(30, "session.attended", { value: 60 })], 1, now, 30);
    expect(facts.decayedMinutes).toBeCloseTo(30);
  });

  test("events beyond six half-lives or in the future are ignored", () => {
    const facts = factsFromEvents([event(181, "video.watched"), event(-1, "video.watched")], 1, now, 30);
    expect(factsFromEvents([event(181, "video.watched")], 1, now, 31).decayedEvents).toBeGreaterThan(0);
    expect(facts.decayedEvents).toBe(0);
    expect(facts.lastActivityAt).toBeNull();
  });
});

describe("parts", () => {
  test("recency is full within a week and zero at 90 days, linear between", () => {
    const at = (days: number) => engagementParts({ ...NO_FACTS, lastActivityAt: daysAgo(days) }, now).recency;
    expect(at(3)).toBe(100);
    expect(at(90)).toBe(0);
    expect(at(48.5)).toBeCloseTo(50, 0);
    expect(engagementParts(NO_FACTS, now).recency).toBe(0);
  });

  test("frequency and depth saturate: twice the activity never doubles the part", () => {
    const parts = (events: number, minutes: number) =>
      engagementParts({ ...NO_FACTS, decayedEvents: events, decayedMinutes: minutes }, now);
    expect(parts(10, 120).frequency).toBe(50);
    expect(parts(20, 240).frequency).toBe(75);
    expect(parts(10, 120).depth).toBe(50);
    expect(parts(1000, 100_000).depth).toBeLessThanOrEqual(100);
  });

  test("breadth counts kinds and subjects; reach is the share of people active", () => {
    const events = [
      event(1, "session.attended", { subjectType: "session", subjectId: "s1" }),
      event(2, "video.watched", { subjectType: "video", subjectId: "v1", userId: "u2", value: 600 }),
      event(3, "document.opened", { subjectType: "document", subjectId: "d1" }),
      event(3, "session.no_show", { subjectType: "session", subjectId: "s2", userId: "u3" }),
    ];
    const facts = factsFromEvents(events, 4, now, 30);
    expect(facts.kinds).toBe(3);
    expect(facts.subjects).toBe(3);
    expect(facts.activePeople).toBe(2);
    const parts = engagementParts(facts, now);
    expect(parts.breadth).toBe(40); // 50 × 3/6 + 50 × 3/10
    expect(parts.reach).toBe(50);
  });
});

describe("weights", () => {
  const parts = { recency: 100, frequency: 0, breadth: 0, depth: 0, reach: 0 };
  test("the score is the weighted mean of the parts", () => {
    expect(engagementScore(parts, DEFAULT_SETTINGS)).toBe(25);
    expect(engagementScore(parts, { ...DEFAULT_SETTINGS, recency: 1, frequency: 0, breadth: 0, depth: 0, reach: 0 })).toBe(100);
    expect(engagementScore(parts, { ...DEFAULT_SETTINGS, recency: 1, frequency: 1, breadth: 1, depth: 1, reach: 0 })).toBe(25);
  });

  test("changing the weights changes the score of the same account", () => {
    const facts = { ...NO_FACTS, lastActivityAt: daysAgo(1), people: 10, activePeople: 1 };
    const recencyHeavy = assessAccount({ facts, settings: { ...DEFAULT_SETTINGS, recency: 5 }, now });
    const reachHeavy = assessAccount({ facts, settings: { ...DEFAULT_SETTINGS, reach: 5 }, now });
    expect(recencyHeavy.score).toBeGreaterThan(reachHeavy.score);
  });
});

describe("health", () => {
  test("bands: at greenAt is green, below redBelow is red, between is yellow", () => {
    expect(bandOf(60, DEFAULT_SETTINGS)).toBe("GREEN");
    expect(bandOf(59, DEFAULT_SETTINGS)).toBe("YELLOW");
    expect(bandOf(35, DEFAULT_SETTINGS)).toBe("YELLOW");
    expect(bandOf(34, DEFAULT_SETTINGS)).toBe("RED");
    expect(bandOf(50, { greenAt: 50, redBelow: 20 })).toBe("GREEN");
  });

  test("feedback normalises CSAT 1–5 and NPS 0–10 to 0–100", () => {
    expect(normaliseFeedback({ kind: "CSAT", score: 1 })).toBe(0);
    expect(normaliseFeedback({ kind: "CSAT", score: 4 })).toBe(75);
    expect(normaliseFeedback({ kind: "NPS", score: 3 })).toBe(30);
    expect(normaliseFeedback({ kind: "NPS", score: 10 })).toBe(100);
  });

  test("the latest feedback counts, with a reason a CSM can read", () => {
    const events = [
      event(20, "session.feedback_given", { value: 10, data: { feedbackKind: "NPS", score: 10 } }),
      event(2, "session.feedback_given", { value: 3, data: { feedbackKind: "NPS", score: 3 } }),
    ];
    const assessment = assessAccount({ facts: factsFromEvents(events, 1, now, 30), settings: DEFAULT_SETTINGS, now });
    expect(assessment.feedback).toBe(30);
    expect(assessment.reasons).toContain("Last NPS 3 — a detractor");
  });

  test("a silent account is red and says how long it has been quiet", () => {
    const facts = factsFromEvents([event(41, "video.watched")], 5, now, 30);
    const assessment = assessAccount({ facts, settings: DEFAULT_SETTINGS, now });
    expect(assessment.health).toBe("RED");
    expect(assessment.reasons[0]).toBe("No activity in 41 days");
  });

  test("the CSM's call wins until it expires, and the reasons say so", () => {
    const facts = factsFromEvents([event(41, "video.watched")], 5, now, 30);
    const call = { health: "GREEN" as const, reason: "renewal signed verbally", expiresAt: new Date("2026-12-12T00:00:00Z") };
    const during = assessAccount({ facts, settings: DEFAULT_SETTINGS, call, now });
    expect(during.health).toBe("GREEN");
    expect(during.computedHealth).toBe("RED");
    expect(during.reasons[0]).toBe("CSM call: green until 12 Dec — renewal signed verbally");
    const after = assessAccount({ facts, settings: DEFAULT_SETTINGS, call, now: new Date("2026-12-12T00:00:01Z") });
    expect(after.health).toBe("RED");
    expect(after.reasons.some((reason) => reason.startsWith("CSM call"))).toBe(false);
  });

  test("product usage joins the blend only when the account reports it", () => {
    const base = [event(1, "video.watched", { subjectType: "video", subjectId: "v1" })];
    const without = assessAccount({ facts: factsFromEvents(base, 1, now, 30), settings: DEFAULT_SETTINGS, now });
    expect(without.productUsage).toBeNull();
    const used = Array.from({ length: 40 }, (_, i) => event(i % 10, "product.used", { subjectType: "feature", subjectId: `f${i % 5}` }));
    const withUsage = assessAccount({ facts: factsFromEvents([...base, ...used], 1, now, 30), settings: DEFAULT_SETTINGS, now });
    expect(withUsage.productUsage).toBeGreaterThan(80);
    expect(withUsage.blended).toBeGreaterThan(without.blended);
    // Product use is not engagement activity: the engagement score is unchanged.
    expect(withUsage.score).toBe(without.score);
  });
});

describe("health vocabulary", () => {
  test("one label per health, with a distinct shape, and words for an unscored account", () => {
    expect([healthLabel("RED"), healthLabel("YELLOW"), healthLabel("GREEN"), healthLabel(null)]).toEqual([
      "Red",
      "Yellow",
      "Green",
      "Not scored yet",
    ]);
    expect(new Set(Object.values(HEALTH_MARKS)).size).toBe(3);
  });
});
