import { describe, expect, it } from "vitest";
import { boundAfter, encodeCursor, mergePage, parseCursor, readFilter, truncate, type TimelineItem } from "./timeline.ts";

const at = (iso: string) => new Date(iso);

describe("cursor", () => {
  it("round-trips and refuses anything malformed", () => {
    const cursor = { at: at("2026-11-20T10:00:00.000Z"), rank: 1, id: "ckabc123" };
    expect(parseCursor(encodeCursor(cursor))).toEqual(cursor);
    for (const bad of [null, "", "nope", "2026-11-20T10:00:00.000Z_7_x", "2026-13-45T99:00:00.000Z_1_x", "2026-11-20T10:00:00.000Z_1_a b"])
      expect(parseCursor(bad), String(bad)).toBeNull();
  });

  it("reads unknown filters as everything", () => {
    expect(readFilter("notes")).toBe("notes");
    expect(readFilter("evil")).toBe("all");
  });
});

describe("boundAfter", () => {
  const cursor = { at: at("2026-11-20T10:00:00.000Z"), rank: 1, id: "m" };
  it("lets lower-ranked sources share the instant, not higher-ranked ones, and continues its own below the id", () => {
    expect(boundAfter("event", cursor)).toEqual({ atMost: cursor.at });
    expect(boundAfter("note", cursor)).toEqual({ before: cursor.at });
    expect(boundAfter("booking", cursor)).toEqual({ before: cursor.at, sameInstantBelowId: { at: cursor.at, id: "m" } });
    expect(boundAfter("event", null)).toEqual({});
  });
});

describe("mergePage", () => {
  const item = (source: TimelineItem["source"], id: string, iso: string): TimelineItem => ({ source, id, at: at(iso) });

  it("orders newest first, notes before hours before events at one instant, and pages on without gaps or repeats", () => {
    const all = [
      item("event", "e1", "2026-11-20T10:00:00Z"),
      item("event", "e2", "2026-11-20T10:00:00Z"),
      item("booking", "b1", "2026-11-20T10:00:00Z"),
      item("note", "n1", "2026-11-20T10:00:00Z"),
      item("event", "e3", "2026-11-21T09:00:00Z"),
      item("note", "n2", "2026-11-19T09:00:00Z"),
    ];
    // Simulate each source answering "rows after the cursor, pageSize + 1 of them".
    const after = (cursor: ReturnType<typeof parseCursor>, size: number) =>
      (["event", "booking", "note"] as const).map((source) => {
        const bound = boundAfter(source, cursor);
        return all
          .filter((row) => row.source === source)
          .filter((row) => {
            const t = row.at.getTime();
            if (bound.atMost && t > bound.atMost.getTime()) return false;
            if (
              bound.before &&
              !(
                t < bound.before.getTime() ||
                (bound.sameInstantBelowId && t === bound.sameInstantBelowId.at.getTime() && row.id < bound.sameInstantBelowId.id)
              )
            )
              return false;
            return true;
          })
          .sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : -1))
          .slice(0, size + 1);
      });
    const seen: string[] = [];
    let cursor: ReturnType<typeof parseCursor> = null;
    for (let guard = 0; guard < 10; guard++) {
      const page = mergePage(after(cursor, 2), 2);
      seen.push(...page.items.map((row) => row.id));
      if (!page.next) break;
      cursor = parseCursor(encodeCursor(page.next));
    }
    expect(seen).toEqual(["e3", "n1", "b1", "e2", "e1", "n2"]);
  });

  it("has no next page when everything fits", () => {
    expect(mergePage([[item("note", "n1", "2026-11-20T10:00:00Z")], []], 2)).toEqual({
      items: [item("note", "n1", "2026-11-20T10:00:00Z")],
      next: null,
    });
  });
});

describe("truncate", () => {
  it("collapses whitespace and cuts with an ellipsis", () => {
    expect(truncate("  Plan   the\nrollout ", 40)).toBe("Plan the rollout");
    expect(truncate("abcdefghij", 5)).toBe("abcd…");
  });
});
