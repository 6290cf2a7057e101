import { describe, expect, test } from "vitest";
import { DomainError } from "~/modules/auth/errors.ts";
import { planFromForm } from "./send-plan.ts";

const now = new Date("2026-03-28T12:00:00Z");

describe("planFromForm", () => {
  test("now", () => {
    expect(planFromForm({ when: "now" }, "Europe/Paris", now)).toEqual({ kind: "NOW" });
  });

  test.each([
    // Paris is UTC+1 until 29 March 2026 02:00, then UTC+2.
    ["2026-03-28T18:00", "2026-03-28T17:00:00.000Z"],
    ["2026-03-29T09:00", "2026-03-29T07:00:00.000Z"],
    // 02:30 does not exist on the morning the clocks go forward: it moves on by the gap.
    ["2026-03-29T02:30", "2026-03-29T01:30:00.000Z"],
  ])("at %s in Paris is %s", (at, iso) => {
    expect(planFromForm({ when: "at", at }, "Europe/Paris", now)).toEqual({ kind: "AT", at: new Date(iso) });
  });

  test.each([["2026-03-28T13:00"], ["2026-03-28T12:59"]])(
    "at %s in Paris (12:00 UTC is 13:00 there) has passed: 400 on the field",
    (at) => {
      expect(() => planFromForm({ when: "at", at }, "Europe/Paris", now)).toThrow(
        expect.objectContaining({ status: 400, field: "at", message: expect.stringMatching(/passed/) }),
      );
    },
  );

  test("a local hour is accepted while it is still ahead somewhere, refused once it has passed in UTC−12 too", () => {
    // 09:00 on 28 March in UTC−12 is 21:00 UTC: still ahead at noon UTC, though long past in Europe and Asia.
    expect(planFromForm({ when: "local", localDate: "2026-03-28", localHour: 9 }, "UTC", now)).toEqual({
      kind: "LOCAL_HOUR",
      localDate: "2026-03-28",
      localHour: 9,
    });
    const error = (() => {
      try {
        planFromForm({ when: "local", localDate: "2026-03-27", localHour: 23 }, "UTC", now);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: 400, field: "localDate" });
  });

  test("an impossible date is a 400, not a crash", () => {
    expect(() => planFromForm({ when: "local", localDate: "2026-02-31", localHour: 9 }, "UTC", now)).toThrow(DomainError);
    expect(() => planFromForm({ when: "at", at: "2026-13-01T10:00" }, "UTC", now)).toThrow(DomainError);
  });
});
