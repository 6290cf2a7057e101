import { describe, expect, it } from "vitest";
import { parseTopics } from "~/utils/topics.ts";
import { isHttpsUrl, SessionFormSchema } from "./session.schema.ts";

const valid = {
  kind: "EXPERT",
  title: "  Clinic  ",
  hostIds: ["u1", "u1", "u2"],
  startDate: "2027-03-16",
  startTime: "10:00",
  timeZone: "Europe/Berlin",
  durationMinutes: 60,
  meetingUrl: "https://teams.microsoft.com/l/meetup-join/abc",
  seatCap: 10,
  feedbackKind: "CSAT",
};

describe("parseTopics", () => {
  it("lower-cases, trims, collapses spaces and drops repeats and blanks", () => {
    expect(parseTopics(" Onboarding, API  Keys,, onboarding ,")).toEqual(["onboarding", "api keys"]);
    expect(parseTopics("")).toEqual([]);
  });
});

describe("isHttpsUrl", () => {
  it.each([
    ["https://zoom.us/j/1", true],
    ["http://zoom.us/j/1", false],
    ["javascript:alert(1)", false],
    ["zoom.us/j/1", false],
    ["https://", false],
  ])("%s → %s", (text, expected) => expect(isHttpsUrl(text)).toBe(expected));
});

describe("SessionFormSchema", () => {
  it("normalises a valid expert session", () => {
    const value = SessionFormSchema.parse({
      ...valid,
      perAccountCap: 2,
      audienceTiers: ["TECH", "HIGH"],
      questions: [{ label: " Plan? ", required: true }, { label: "" }, { label: "Team size" }],
    });
    expect(value).toMatchObject({
      title: "Clinic",
      hostIds: ["u1", "u2"],
      audienceTiers: ["HIGH", "TECH"],
      seatCap: 10,
      perAccountCap: 2,
      description: "",
      topics: [],
      repeat: null,
      questions: [
        { id: null, label: "Plan?", required: true },
        { id: null, label: "Team size", required: false },
      ],
    });
  });

  it("requires a seat cap for expert sessions only and drops a webinar's per-account cap", () => {
    const expert = SessionFormSchema.safeParse({ ...valid, seatCap: undefined });
    expect(expert.success).toBe(false);
    expect(expert.error?.issues.map((issue) => issue.path.join("."))).toEqual(["seatCap"]);
    const webinar = SessionFormSchema.parse({ ...valid, kind: "WEBINAR", seatCap: undefined, perAccountCap: 5 });
    expect(webinar).toMatchObject({ seatCap: null, perAccountCap: null });
  });

  it.each([
    [{ durationMinutes: 14 }, "durationMinutes"],
    [{ durationMinutes: 481 }, "durationMinutes"],
    [{ seatCap: 0 }, "seatCap"],
    [{ seatCap: 10_001 }, "seatCap"],
    [{ perAccountCap: 11 }, "perAccountCap"],
    [{ startDate: "2027-02-30" }, "startDate"],
    [{ startTime: "24:00" }, "startTime"],
    [{ timeZone: "Nowhere/Special" }, "timeZone"],
    [{ hostIds: [] }, "hostIds"],
    [{ topics: "a,b,c,d,e,f,g,h,i,j,k" }, "topics"],
    [{ questions: Array.from({ length: 6 }, () => ({ label: "Q" })) }, "questions"],
    [{ questions: [{ id: "q1", label: "" }] }, "questions.0.label"],
    [{ repeat: true, repeatEveryWeeks: 2 }, "occurrences"],
    [{ repeat: true, repeatEveryWeeks: 9, occurrences: 4 }, "repeatEveryWeeks"],
    [{ repeat: true, repeatEveryWeeks: 1, occurrences: 27 }, "occurrences"],
    [{ feedbackKind: undefined }, "feedbackKind"],
    [{ feedbackKind: "STARS" }, "feedbackKind"],
  ])("refuses %j at %s", (override, path) => {
    const result = SessionFormSchema.safeParse({ ...valid, ...override });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toContain(path);
  });

  it("keeps the feedback kind the publisher chose", () => {
    expect(SessionFormSchema.parse(valid).feedbackKind).toBe("CSAT");
    expect(SessionFormSchema.parse({ ...valid, feedbackKind: "NPS" }).feedbackKind).toBe("NPS");
  });

  it("builds the repeat rule only when asked to repeat", () => {
    expect(SessionFormSchema.parse({ ...valid, repeatEveryWeeks: 2, occurrences: 4 }).repeat).toBeNull();
    expect(SessionFormSchema.parse({ ...valid, repeat: true, repeatEveryWeeks: 2, occurrences: 4 }).repeat).toEqual({
      intervalWeeks: 2,
      occurrences: 4,
    });
  });
});
