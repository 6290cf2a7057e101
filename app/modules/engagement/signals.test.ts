import { describe, expect, test } from "vitest";
import {
  asOfDaysAgo,
  assessAtRisk,
  computeSignals,
  parseHealthReasons,
  scoreFall,
  topQuartileThreshold,
  type SignalInput,
} from "./signals.ts";

const NOW = new Date("2026-11-23T09:30:00Z");
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const context = { greenAt: { HIGH: 70, LOW: 60 }, topQuartile: null };

function account(overrides: Partial<SignalInput> = {}): SignalInput {
  return {
    id: overrides.name ?? "acct",
    name: "Acme",
    tier: "HIGH",
    arrCents: 4_800_000,
    currency: "USD",
    renewalDate: day("2026-12-30"),
    owner: null,
    current: { score: 50, health: "YELLOW", reasons: [] },
    snapshots: [],
    expertAttended: [],
    ...overrides,
  };
}

describe("at risk", () => {
  test("a red account renewing within 90 days is at risk, with the engine's reason and the ARR at stake", () => {
    const risk = assessAtRisk(account({ current: { score: 20, health: "RED", reasons: ["no activity in 41 days"] } }), NOW);
    expect(risk?.reasons).toEqual(["Red: no activity in 41 days", "Renews in 37 days, $48,000 ARR"]);
    expect(risk?.renewsInDays).toBe(37);
  });

  test("a score that fell by the margin within 30 days counts, named from its peak day", () => {
    const input = account({
      current: { score: 48, health: "YELLOW", reasons: [] },
      snapshots: [
        { day: "2026-10-10", score: 95, health: "GREEN" }, // older than 30 days: ignored
        { day: "2026-10-24", score: 70, health: "GREEN" },
        { day: "2026-11-10", score: 60, health: "YELLOW" },
      ],
    });
    expect(assessAtRisk(input, NOW)?.reasons[0]).toBe("Score fell 22 points since 24 Oct");
    expect(assessAtRisk({ ...input, current: { score: 56, health: "YELLOW", reasons: [] } }, NOW)).toBeNull();
    expect(assessAtRisk({ ...input, current: { score: 56, health: "YELLOW", reasons: [] } }, NOW, { fallMargin: 10 })).not.toBeNull();
  });

  test("renewals more than 90 days out, already past, or unknown are excluded", () => {
    const red = { score: 10, health: "RED" as const, reasons: [] };
    expect(assessAtRisk(account({ current: red, renewalDate: day("2027-02-21") }), NOW)?.renewsInDays).toBe(90);
    expect(assessAtRisk(account({ current: red, renewalDate: day("2027-02-22") }), NOW)).toBeNull();
    expect(assessAtRisk(account({ current: red, renewalDate: day("2026-11-22") }), NOW)).toBeNull();
    expect(assessAtRisk(account({ current: red, renewalDate: null }), NOW)).toBeNull();
    expect(assessAtRisk(account({ current: red, renewalDate: day("2026-11-23") }), NOW)?.reasons.at(-1)).toBe("Renews today, $48,000 ARR");
  });

  test("a healthy, steady account is not at risk whatever its renewal", () => {
    expect(assessAtRisk(account({ snapshots: [{ day: "2026-11-01", score: 55, health: "YELLOW" }] }), NOW)).toBeNull();
    expect(assessAtRisk(account({ current: null }), NOW)).toBeNull();
  });

  test("the list is sorted by ARR at stake, highest first", () => {
    const red = { score: 10, health: "RED" as const, reasons: [] };
    const { atRisk } = computeSignals(
      [
        account({ id: "a", name: "Small", arrCents: 1_000_000, current: red }),
        account({ id: "b", name: "Big", arrCents: 9_000_000, current: red }),
        account({ id: "c", name: "Mid", arrCents: 5_000_000, current: red }),
      ],
      NOW,
      context,
    );
    expect(atRisk.map((signal) => signal.name)).toEqual(["Big", "Mid", "Small"]);
  });
});

describe("ready to expand", () => {
  const attended = [{ title: "Dashboards deep dive", startsAt: new Date("2026-10-01T15:00:00Z") }];

  test("a green score and an expert session attended within 90 days", () => {
    const { readyToExpand } = computeSignals(
      [account({ current: { score: 82, health: "GREEN", reasons: [] }, expertAttended: attended, renewalDate: day("2027-06-01") })],
      NOW,
      context,
    );
    expect(readyToExpand[0]?.reasons).toEqual([
      "Score 82, in the green band (70+)",
      "Attended 1 expert session in the last 90 days: Dashboards deep dive",
    ]);
  });

  test("strong engagement alone, or an expert session long ago, is not enough", () => {
    const strong = { score: 82, health: "GREEN" as const, reasons: [] };
    const old = [{ title: "Old", startsAt: new Date("2026-08-01T15:00:00Z") }];
    const { readyToExpand } = computeSignals(
      [account({ id: "x", current: strong }), account({ id: "y", current: strong, expertAttended: old })],
      NOW,
      context,
    );
    expect(readyToExpand).toEqual([]);
  });

  test("below the green band, the top quarter of all accounts still counts", () => {
    const input = account({ tier: "LOW", current: { score: 55, health: "YELLOW", reasons: [] }, expertAttended: attended });
    expect(computeSignals([input], NOW, { ...context, topQuartile: 56 }).readyToExpand).toEqual([]);
    expect(computeSignals([input], NOW, { ...context, topQuartile: 55 }).readyToExpand[0]?.reasons[0]).toBe(
      "Score 55, in the top quarter of accounts (55+)",
    );
  });

  test("an account at risk is not offered for expansion", () => {
    const input = account({ current: { score: 75, health: "RED", reasons: [] }, expertAttended: attended });
    const { atRisk, readyToExpand } = computeSignals([input], NOW, context);
    expect(atRisk).toHaveLength(1);
    expect(readyToExpand).toHaveLength(0);
  });
});

describe("helpers", () => {
  test("top quartile by nearest rank", () => {
    expect(topQuartileThreshold([])).toBeNull();
    expect(topQuartileThreshold([10, 20, 30, 40])).toBe(30);
    expect(topQuartileThreshold([5])).toBe(5);
  });

  test("no fall when the score rose", () => {
    expect(scoreFall(80, [{ day: "2026-11-20", score: 60, health: "YELLOW" }], NOW)).toBeNull();
  });

  test("as of a week ago, the snapshot on or before that day stands in for the score", () => {
    const input = account({
      snapshots: [
        { day: "2026-11-15", score: 40, health: "YELLOW" },
        { day: "2026-11-16", score: 30, health: "RED" },
        { day: "2026-11-20", score: 80, health: "GREEN" },
      ],
    });
    const past = asOfDaysAgo(input, NOW, 7);
    expect(past.input.current).toEqual({ score: 30, health: "RED", reasons: [] });
    expect(past.input.snapshots).toHaveLength(2);
  });

  test("health reasons read from strings or objects, and garbage reads as none", () => {
    expect(parseHealthReasons('["No activity in 41 days", {"text": "NPS 3"}, 7]')).toEqual(["No activity in 41 days", "NPS 3"]);
    expect(parseHealthReasons("not json")).toEqual([]);
    expect(parseHealthReasons('{"a":1}')).toEqual([]);
  });
});
