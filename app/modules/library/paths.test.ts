import { describe, expect, test } from "vitest";
import {
  doneFacts,
  isContentStepVisible,
  isSessionStepVisible,
  isStepDone,
  moveInOrder,
  pathProgress,
  progressLabel,
  slugFromTitle,
  type StepRef,
} from "./paths.ts";

// A five-step path: a video, a one-off webinar, a one-pager, a weekly office hour (series s-weekly)
// and an e-book.
const STEPS: StepRef[] = [
  { id: "1", kind: "content", contentId: "video" },
  { id: "2", kind: "session", sessionId: "webinar", seriesId: null },
  { id: "3", kind: "content", contentId: "one-pager" },
  { id: "4", kind: "session", sessionId: "office-hour-week-1", seriesId: "s-weekly" },
  { id: "5", kind: "content", contentId: "ebook" },
];

type Row = {
  name: string;
  completed?: string[];
  attended?: { sessionId: string; seriesId: string | null }[];
  states: string;
  percent: number;
  next: string | null;
  complete: boolean;
};

// states: one letter per step, d = done, n = next, u = upcoming.
const CASES: Row[] = [
  { name: "nothing done: the first step is next", states: "nuuuu", percent: 0, next: "1", complete: false },
  {
    name: "the first two done in order",
    completed: ["video"],
    attended: [{ sessionId: "webinar", seriesId: null }],
    states: "ddnuu",
    percent: 40,
    next: "3",
    complete: false,
  },
  {
    name: "done out of order: next up is the first gap",
    completed: ["one-pager", "ebook"],
    states: "nudud",
    percent: 40,
    next: "1",
    complete: false,
  },
  {
    name: "another occurrence of the series counts for the session step",
    completed: ["video", "one-pager"],
    attended: [
      { sessionId: "webinar", seriesId: null },
      { sessionId: "office-hour-week-3", seriesId: "s-weekly" },
    ],
    states: "ddddn",
    percent: 80,
    next: "5",
    complete: false,
  },
  {
    name: "attending a different one-off session does not count",
    completed: ["video"],
    attended: [{ sessionId: "another-webinar", seriesId: null }],
    states: "dnuuu",
    percent: 20,
    next: "2",
    complete: false,
  },
  {
    name: "attending a session of another series does not count",
    completed: ["video", "one-pager", "ebook"],
    attended: [
      { sessionId: "webinar", seriesId: null },
      { sessionId: "other-week-1", seriesId: "s-other" },
    ],
    states: "dddnd",
    percent: 80,
    next: "4",
    complete: false,
  },
  {
    name: "everything done: complete, nothing next",
    completed: ["video", "one-pager", "ebook"],
    attended: [
      { sessionId: "webinar", seriesId: null },
      { sessionId: "office-hour-week-1", seriesId: "s-weekly" },
    ],
    states: "ddddd",
    percent: 100,
    next: null,
    complete: true,
  },
  {
    name: "completions of items outside the path change nothing",
    completed: ["unrelated"],
    states: "nuuuu",
    percent: 0,
    next: "1",
    complete: false,
  },
];

const LETTER = { done: "d", next: "n", upcoming: "u" } as const;

describe("path progress", () => {
  test.each(CASES)("$name", ({ completed, attended, states, percent, next, complete }) => {
    const progress = pathProgress(STEPS, doneFacts({ completedContentIds: completed, attended }));
    expect(progress.steps.map((step) => LETTER[step.state]).join("")).toBe(states);
    expect(progress.percent).toBe(percent);
    expect(progress.next?.id ?? null).toBe(next);
    expect(progress.complete).toBe(complete);
    expect(progress.total).toBe(5);
    expect(progress.done).toBe([...states].filter((letter) => letter === "d").length);
    expect(progress.steps.map((step) => step.number)).toEqual([1, 2, 3, 4, 5]);
  });

  test("an empty path is never complete and shows 0%", () => {
    expect(pathProgress([], doneFacts({}))).toMatchObject({ total: 0, done: 0, percent: 0, next: null, complete: false });
  });

  test.each([
    { done: 1, total: 3, percent: 33 },
    { done: 2, total: 3, percent: 66 },
    { done: 199, total: 200, percent: 99 },
    { done: 200, total: 200, percent: 100 },
  ])("percent rounds down so only a finished path reads 100%: $done of $total → $percent", ({ done, total, percent }) => {
    const steps: StepRef[] = Array.from({ length: total }, (_, index) => ({ id: String(index), kind: "content", contentId: `c${index}` }));
    const facts = doneFacts({ completedContentIds: steps.slice(0, done).map((step) => (step.kind === "content" ? step.contentId : "")) });
    expect(pathProgress(steps, facts).percent).toBe(percent);
  });

  test("keeps whatever else the caller put on each step", () => {
    const steps = [{ id: "a", kind: "content" as const, contentId: "x", title: "Intro" }];
    expect(pathProgress(steps, doneFacts({})).next).toMatchObject({ id: "a", title: "Intro", state: "next", number: 1 });
  });

  test("a session step with no series is done only by its own session", () => {
    const step: StepRef = { id: "s", kind: "session", sessionId: "a", seriesId: null };
    expect(isStepDone(step, doneFacts({ attended: [{ sessionId: "b", seriesId: null }] }))).toBe(false);
    expect(isStepDone(step, doneFacts({ attended: [{ sessionId: "a", seriesId: null }] }))).toBe(true);
  });
});

describe("which steps a customer sees", () => {
  test.each([
    { status: "PUBLISHED", audience: "", tier: "TECH", visible: true },
    { status: "PUBLISHED", audience: "TECH", tier: "TECH", visible: true },
    { status: "PUBLISHED", audience: "HIGH,LOW", tier: "TECH", visible: false },
    { status: "DRAFT", audience: "", tier: "TECH", visible: false },
    { status: "PUBLISHED", audience: "TECH", tier: null, visible: false },
  ] as const)("content $status for [$audience] seen by $tier: $visible", ({ status, audience, tier, visible }) => {
    expect(isContentStepVisible({ status, audienceTiers: audience }, tier)).toBe(visible);
  });

  test.each([
    { name: "published, not ended", status: "PUBLISHED", audience: "", ended: false, attended: false, upcoming: false, visible: true },
    { name: "a draft", status: "DRAFT", audience: "", ended: false, attended: false, upcoming: false, visible: false },
    { name: "cancelled", status: "CANCELLED", audience: "", ended: false, attended: false, upcoming: false, visible: false },
    { name: "for another tier", status: "PUBLISHED", audience: "HIGH", ended: false, attended: false, upcoming: false, visible: false },
    { name: "ended, attended", status: "PUBLISHED", audience: "", ended: true, attended: true, upcoming: false, visible: true },
    {
      name: "ended, a later occurrence coming",
      status: "PUBLISHED",
      audience: "",
      ended: true,
      attended: false,
      upcoming: true,
      visible: true,
    },
    {
      name: "ended without them, nothing coming",
      status: "PUBLISHED",
      audience: "",
      ended: true,
      attended: false,
      upcoming: false,
      visible: false,
    },
  ] as const)("session step $name: $visible", ({ status, audience, ended, attended, upcoming, visible }) => {
    expect(isSessionStepVisible({ status, audienceTiers: audience, ended }, "TECH", { attended, upcomingOccurrence: upcoming })).toBe(
      visible,
    );
  });
});

describe("moving a step", () => {
  test.each([
    { id: "b", direction: "up", result: ["b", "a", "c"] },
    { id: "b", direction: "down", result: ["a", "c", "b"] },
    { id: "a", direction: "down", result: ["b", "a", "c"] },
    { id: "c", direction: "up", result: ["a", "c", "b"] },
    { id: "a", direction: "up", result: null },
    { id: "c", direction: "down", result: null },
    { id: "zzz", direction: "up", result: null },
  ] as const)("$id $direction → $result", ({ id, direction, result }) => {
    expect(moveInOrder(["a", "b", "c"], id, direction)).toEqual(result);
  });
});

describe("slugs and labels", () => {
  test.each([
    ["Get started in 5 steps", "get-started-in-5-steps"],
    ["  Café & crème: the basics! ", "cafe-creme-the-basics"],
    ["---", ""],
    ["A".repeat(100), "a".repeat(80)],
  ])("%j → %j", (title, slug) => {
    expect(slugFromTitle(title)).toBe(slug);
  });

  test.each([
    [{ done: 0, total: 5, complete: false }, "Not started · 5 steps"],
    [{ done: 0, total: 1, complete: false }, "Not started · 1 step"],
    [{ done: 2, total: 5, complete: false }, "2 of 5 steps done"],
    [{ done: 5, total: 5, complete: true }, "Completed"],
  ])("%j reads %j", (progress, label) => {
    expect(progressLabel(progress)).toBe(label);
  });
});
