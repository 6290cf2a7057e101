import { describe, expect, it } from "vitest";
import { recommend, type Candidate, type RecommendationInput } from "./recommendations.ts";

const day = (n: number) => new Date(Date.UTC(2026, 2, 1 + n, 15));

function session(id: string, title: string, topics: string[], startsIn: number): Candidate {
  return { key: `session:${id}`, type: "session", title, href: `/portal/sessions/${id}`, topics, startsAt: day(startsIn) };
}
function content(id: string, type: "video" | "document", title: string, topics: string[]): Candidate {
  return { key: `content:${id}`, type, title, href: `/portal/library/${id}`, topics, startsAt: null };
}

function input(overrides: Partial<RecommendationInput> = {}): RecommendationInput {
  return {
    candidates: overrides.candidates ?? [],
    person: overrides.person ?? { attended: [], done: [], inProgress: {} },
    team: overrides.team ?? { seen: [], topics: {} },
    peers: overrides.peers ?? {},
  };
}

const reasons = (list: ReturnType<typeof recommend>) => list.map((item) => [item.key, item.reason.text]);

describe("recommend", () => {
  it("puts a half-watched video first, then what shares a topic with a session they attended", () => {
    const list = recommend(
      input({
        candidates: [
          session("s1", "Dashboards deep dive", ["dashboards", "reporting"], 3),
          content("v1", "video", "Alerts in five minutes", ["alerts"]),
          content("d1", "document", "Reporting cheat sheet", ["reporting"]),
          content("d2", "document", "Unrelated", ["billing"]),
        ],
        person: {
          attended: [
            { title: "Reporting basics", topics: ["reporting"], at: day(-20) },
            { title: "Dashboards 101", topics: ["dashboards", "reporting"], at: day(-40) },
          ],
          done: [],
          inProgress: { "content:v1": 40.4 },
        },
      }),
    );
    expect(reasons(list)).toEqual([
      ["content:v1", "Continue: you watched 40%"],
      ["session:s1", "Because you attended “Dashboards 101”"],
      ["content:d1", "Because you attended “Reporting basics”"],
    ]);
  });

  it("leaves out what they registered for, attended or completed, and videos nearly finished", () => {
    const list = recommend(
      input({
        candidates: [
          session("s1", "Registered", ["reporting"], 2),
          content("v1", "video", "Completed", ["reporting"]),
          content("v2", "video", "Nearly done", ["alerts"]),
          content("d1", "document", "Fresh", ["reporting"]),
        ],
        person: {
          attended: [{ title: "Reporting basics", topics: ["reporting"], at: day(-1) }],
          done: ["session:s1", "content:v1"],
          inProgress: { "content:v2": 95 },
        },
      }),
    );
    expect(list.map((item) => item.key)).toEqual(["content:d1"]);
  });

  it("suggests what nobody on the team has seen on a topic the team follows, then what peers on the tier like", () => {
    const list = recommend(
      input({
        candidates: [
          content("d1", "document", "Seen by a colleague", ["sso"]),
          content("d2", "document", "SSO checklist", ["sso", "security"]),
          content("v1", "video", "Security tour", ["security"]),
          session("s1", "Roadmap webinar", ["roadmap"], 5),
          session("s2", "Quiet webinar", ["roadmap"], 4),
        ],
        team: { seen: ["content:d1"], topics: { sso: 7, security: 2 } },
        peers: { "session:s1": 12, "session:s2": 1 },
      }),
    );
    expect(reasons(list)).toEqual([
      ["content:d2", "Your team has not seen this yet, and follows sso"],
      ["content:v1", "Your team has not seen this yet, and follows security"],
      ["session:s1", "Popular with accounts like yours (12 at your service level)"],
    ]);
  });

  it("ranks the same way every time: ties go to the sooner session, then the title", () => {
    const candidates = [
      session("b", "Beta", ["x"], 9),
      session("a", "Alpha", ["x"], 9),
      session("c", "Gamma", ["x"], 2),
      content("z", "document", "Zed", ["x"]),
      content("y", "document", "Why", ["x"]),
    ];
    const signals = { person: { attended: [{ title: "X", topics: ["x"], at: day(-3) }], done: [], inProgress: {} } };
    const first = recommend(input({ candidates, ...signals }));
    const reversed = recommend(input({ candidates: [...candidates].reverse(), ...signals }));
    expect(first.map((item) => item.key)).toEqual(["session:c", "session:a", "session:b", "content:y", "content:z"]);
    expect(reversed).toEqual(first);
  });

  it("keeps at most five, no more than three of one kind while others wait", () => {
    const sessions = Array.from({ length: 6 }, (_, i) => session(`s${i}`, `Session ${i}`, ["x"], i + 1));
    const docs = [content("d1", "document", "Doc", ["x"])];
    const signals = { person: { attended: [{ title: "X", topics: ["x"], at: day(-3) }], done: [], inProgress: {} } };
    const list = recommend(input({ candidates: [...sessions, ...docs], ...signals }));
    expect(list).toHaveLength(5);
    expect(list.filter((item) => item.type === "session")).toHaveLength(4);
    expect(list.map((item) => item.key)).toContain("content:d1");
    expect(recommend(input({ candidates: sessions, ...signals }))).toHaveLength(5);
  });

  it("recommends nothing without a reason", () => {
    expect(recommend(input({ candidates: [session("s1", "Lonely", ["x"], 1)], peers: { "session:s1": 1 } }))).toEqual([]);
  });
});
