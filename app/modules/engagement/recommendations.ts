// What a customer might do next: upcoming sessions, videos and documents they may see, each with the
// one reason that put it on their list. Pure: the server gathers candidates and signals; this ranks.
// Deterministic for the same input: ties fall to the sooner session, then the title, then the key.

export type CandidateType = "session" | "video" | "document";

export type Candidate = {
  /** `session:<id>` or `content:<id>`: how signals refer to it. */
  key: string;
  type: CandidateType;
  title: string;
  href: string;
  topics: string[];
  /** Sessions only. */
  startsAt: Date | null;
};

export type RecommendationInput = {
  candidates: Candidate[];
  person: {
    /** Sessions they attended, any order. */
    attended: Array<{ title: string; topics: string[]; at: Date }>;
    /** Keys they are done with: sessions registered for or attended, content completed. */
    done: string[];
    /** Videos they started and left, by key: percent watched (0–100). */
    inProgress: Record<string, number>;
  };
  team: {
    /** Keys anyone on the account registered for, attended, opened or watched. */
    seen: string[];
    /** How often the account engaged with each topic. */
    topics: Record<string, number>;
  };
  /** By key: how many other accounts on the same tier engaged with it lately. */
  peers: Record<string, number>;
};

export type ReasonKind = "continue" | "attended" | "team_unseen" | "peers";
export type Recommendation = Candidate & { reason: { kind: ReasonKind; text: string }; score: number };

export const RECOMMENDATION_LIMIT = 5;
/** No more than this many of one type while others are waiting, so the list mixes formats. */
const PER_TYPE = 3;
const PEERS_NEEDED = 2;
const CONTINUE_BELOW = 90;

type Scored = { score: number; kind: ReasonKind; text: string };

export function recommend(input: RecommendationInput, limit = RECOMMENDATION_LIMIT): Recommendation[] {
  const done = new Set(input.person.done);
  const teamSeen = new Set(input.team.seen);
  const attended = [...input.person.attended].sort((a, b) => b.at.getTime() - a.at.getTime() || a.title.localeCompare(b.title));
  const ranked = input.candidates
    .filter((candidate) => !done.has(candidate.key))
    .flatMap((candidate) => {
      const best = bestReason(candidate, input, attended, teamSeen);
      return best ? [{ ...candidate, reason: { kind: best.kind, text: best.text }, score: best.score }] : [];
    })
    .sort(compare);
  return pickMixed(ranked, limit);
}

function bestReason(
  candidate: Candidate,
  input: RecommendationInput,
  attended: RecommendationInput["person"]["attended"],
  teamSeen: Set<string>,
) {
  const reasons: Scored[] = [];
  const percent = input.person.inProgress[candidate.key];
  if (candidate.type === "video" && percent !== undefined && percent > 0 && percent < CONTINUE_BELOW) {
    reasons.push({ score: 1_000 + percent, kind: "continue", text: `Continue: you watched ${Math.round(percent)}%` });
  }
  const topics = new Set(candidate.topics);
  let because: { session: (typeof attended)[number]; shared: number } | null = null;
  for (const session of attended) {
    const shared = session.topics.filter((topic) => topics.has(topic)).length;
    if (shared > (because?.shared ?? 0)) because = { session, shared };
  }
  if (because) {
    reasons.push({
      score: 500 + 10 * Math.min(because.shared, 5),
      kind: "attended",
      text: `Because you attended “${because.session.title}”`,
    });
  }
  if (!teamSeen.has(candidate.key)) {
    const followed = candidate.topics
      .map((topic) => ({ topic, weight: input.team.topics[topic] ?? 0 }))
      .filter((entry) => entry.weight > 0)
      .sort((a, b) => b.weight - a.weight || a.topic.localeCompare(b.topic))[0];
    if (followed) {
      reasons.push({
        score: 300 + Math.min(followed.weight, 50),
        kind: "team_unseen",
        text: `Your team has not seen this yet, and follows ${followed.topic}`,
      });
    }
  }
  const peers = input.peers[candidate.key] ?? 0;
  if (peers >= PEERS_NEEDED) {
    reasons.push({
      score: 100 + Math.min(peers, 100),
      kind: "peers",
      text: `Popular with accounts like yours (${peers} at your service level)`,
    });
  }
  return reasons.sort((a, b) => b.score - a.score)[0] ?? null;
}

function compare(a: Recommendation, b: Recommendation) {
  return (
    b.score - a.score ||
    (a.startsAt?.getTime() ?? Number.MAX_SAFE_INTEGER) - (b.startsAt?.getTime() ?? Number.MAX_SAFE_INTEGER) ||
    a.title.localeCompare(b.title) ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

function pickMixed(ranked: Recommendation[], limit: number) {
  const picked: Recommendation[] = [];
  const perType = new Map<CandidateType, number>();
  for (const item of ranked) {
    if (picked.length === limit) break;
    if ((perType.get(item.type) ?? 0) >= PER_TYPE) continue;
    picked.push(item);
    perType.set(item.type, (perType.get(item.type) ?? 0) + 1);
  }
  // Too few of the other types: fill up in rank order after all.
  for (const item of ranked) {
    if (picked.length === limit) break;
    if (!picked.includes(item)) picked.push(item);
  }
  return picked.sort(compare);
}
