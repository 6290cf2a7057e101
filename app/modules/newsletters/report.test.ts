import { describe, expect, it } from "vitest";
import { addCounts, EMPTY_COUNTS, parseFilter, rate, recipientOutcome, reportRates } from "./report.ts";

describe("report figures", () => {
  it("rates are shares of the emails sent, with one decimal, and null when nothing was sent", () => {
    expect(rate(1, 3)).toBe(33.3);
    expect(rate(2, 3)).toBe(66.7);
    expect(rate(0, 0)).toBeNull();
    const counts = {
      ...EMPTY_COUNTS,
      recipients: 10,
      sent: 8,
      delivered: 8,
      opened: 4,
      clicked: 1,
      bounced: 0,
      complained: 0,
      unsubscribed: 1,
      skipped: 2,
    };
    expect(reportRates(counts)).toEqual({
      delivered: 100,
      opened: 50,
      clicked: 12.5,
      clickToOpen: 25,
      bounced: 0,
      complained: 0,
      unsubscribed: 12.5,
    });
    expect(reportRates(EMPTY_COUNTS).opened).toBeNull();
  });

  it("adds counts field by field", () => {
    const one = { ...EMPTY_COUNTS, sent: 2, opened: 1 };
    expect(addCounts(one, { ...EMPTY_COUNTS, sent: 3, clicked: 1 })).toEqual({ ...EMPTY_COUNTS, sent: 5, opened: 1, clicked: 1 });
  });

  it("reads only known filters", () => {
    expect(parseFilter("clicked")).toBe("clicked");
    expect(parseFilter("evil")).toBe("all");
    expect(parseFilter(null)).toBe("all");
  });

  it("names the furthest step, worst news first", () => {
    const base = { status: "SENT" as const, deliveredAt: null, openedAt: null, clickedAt: null, bouncedAt: null, complainedAt: null };
    const at = new Date();
    expect(recipientOutcome(base)).toBe("Sent");
    expect(recipientOutcome({ ...base, deliveredAt: at, openedAt: at })).toBe("Opened");
    expect(recipientOutcome({ ...base, deliveredAt: at, openedAt: at, clickedAt: at })).toBe("Clicked");
    expect(recipientOutcome({ ...base, deliveredAt: at, openedAt: at, complainedAt: at })).toBe("Complained");
    expect(recipientOutcome({ ...base, bouncedAt: at })).toBe("Bounced");
    expect(recipientOutcome({ ...base, status: "SKIPPED" })).toBe("Skipped");
    expect(recipientOutcome({ ...base, status: "PENDING" })).toBe("Not sent yet");
  });
});
