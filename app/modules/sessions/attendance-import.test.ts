import { describe, expect, it } from "vitest";
import { DomainError } from "~/modules/auth/errors.ts";
import { parseAttendanceCsv, parseReportMinutes, parseReportTime } from "./attendance-import.ts";

const ZOOM = [
  "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest",
  "Ada Lovelace,ADA@acme.example,11/23/2026 10:02:11 AM,11/23/2026 10:30:00 AM,28,No",
  "Phone user,,11/23/2026 10:05:00 AM,11/23/2026 10:40:00 AM,35,Yes",
  "Ada Lovelace,ada@acme.example,11/23/2026 09:58:40 AM,11/23/2026 10:01:00 AM,3,No",
  "Ada Lovelace,ada@acme.example,11/23/2026 10:35:00 AM,11/23/2026 11:00:00 AM,25,No",
  "Grace Hopper,grace@acme.example,11/23/2026 10:00:00 AM,11/23/2026 11:00:00 AM,60,No",
  "",
].join("\r\n");

describe("parseAttendanceCsv", () => {
  it("folds rejoins into one attendee: minutes summed, earliest join kept; rows without email are counted", () => {
    const report = parseAttendanceCsv(ZOOM, { timeZone: "Europe/Paris" });
    expect(report.totalRows).toBe(5);
    expect(report.skippedRows).toBe(1);
    expect(report.attendees).toEqual([
      { email: "ada@acme.example", minutes: 56, joinedAt: new Date("2026-11-23T08:58:00Z") },
      { email: "grace@acme.example", minutes: 60, joinedAt: new Date("2026-11-23T09:00:00Z") },
    ]);
  });

  it("matches other providers' column names, reads a byte-order mark, and derives minutes from join and leave", () => {
    const meet = "\uFEFFAttendee Email,Joined,Left\nlin@acme.example,2026-11-23T09:00:00Z,2026-11-23T09:45:30Z\n";
    expect(parseAttendanceCsv(meet).attendees).toEqual([
      { email: "lin@acme.example", minutes: 46, joinedAt: new Date("2026-11-23T09:00:00Z") },
    ]);
    const teams = "Full Name,Email,Duration\nSam,sam@acme.example,1h 5m 30s\nSam,sam@acme.example,10m\n";
    expect(parseAttendanceCsv(teams).attendees).toEqual([{ email: "sam@acme.example", minutes: 76, joinedAt: null }]);
  });

  it("rounds once after summing, so short reconnections keep their fractions", () => {
    const csv = "Email,Minutes\nx@acme.example,0.4\nx@acme.example,0.4\n";
    expect(parseAttendanceCsv(csv).attendees[0]?.minutes).toBe(1);
  });

  it("refuses a file without an email column or without rows, on the file field", () => {
    for (const csv of ["Name,Duration\nAda,3\n", "Email,Duration\n", ""]) {
      let error: unknown;
      try {
        parseAttendanceCsv(csv);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ status: 400, field: "file" });
    }
  });

  it("skips rows whose email cell is not an address", () => {
    const report = parseAttendanceCsv("Email,Duration\nnot-an-email,5\n  ,4\nok@acme.example,3\n");
    expect(report).toMatchObject({ totalRows: 3, skippedRows: 2, attendees: [{ email: "ok@acme.example", minutes: 3 }] });
  });
});

describe("report values", () => {
  it("reads zone-less times in the given zone and zoned times as written", () => {
    expect(parseReportTime("11/23/2026 12:15:00 PM", "America/New_York")).toEqual(new Date("2026-11-23T17:15:00Z"));
    expect(parseReportTime("11/23/2026 12:15 AM", "UTC")).toEqual(new Date("2026-11-23T00:15:00Z"));
    expect(parseReportTime("2026-07-01 09:30:00", "Europe/Paris")).toEqual(new Date("2026-07-01T07:30:00Z"));
    expect(parseReportTime("2026-07-01T09:30:00+02:00", "UTC")).toEqual(new Date("2026-07-01T07:30:00Z"));
    expect(parseReportTime("yesterday", "UTC")).toBeNull();
    expect(parseReportTime("13/45/2026 10:00", "UTC")).toBeNull();
    expect(parseReportTime("11/23/2026 13:00 PM", "UTC")).toBeNull();
  });

  it("reads minutes as numbers, clock durations and h/m/s", () => {
    expect(parseReportMinutes("42")).toBe(42);
    expect(parseReportMinutes("01:05:30")).toBe(65.5);
    expect(parseReportMinutes("5:30")).toBe(330);
    expect(parseReportMinutes("2h")).toBe(120);
    expect(parseReportMinutes("45 min")).toBe(45);
    expect(parseReportMinutes("")).toBeNull();
    expect(parseReportMinutes("soon")).toBeNull();
  });
});
