import type { RoutingTarget } from "~/generated/prisma/enums.ts";

/**
 * Which requests need a CSM's hour and which are support topics, decided from what the customer
 * wrote. Practitioners' rule (DOMAIN.md): how-to questions, passwords and adding users are support;
 * feature requests, capability questions, complaints and goals go to a CSM. Admins edit the rules;
 * they are tried in order and the first whose keywords appear wins. Nothing matched: a CSM, since a
 * wrongly refused customer costs more than an hour.
 */
export type Rule = {
  id: string;
  position: number;
  label: string;
  keywords: string;
  target: RoutingTarget;
  topic: string | null;
  message: string;
  active: boolean;
};

export type Routing = { target: RoutingTarget; rule: Rule | null; matched: string | null };

export function parseKeywords(keywords: string): string[] {
  return [
    ...new Set(
      keywords
        .split(",")
        .map((keyword) => normalise(keyword))
        .filter((keyword) => keyword.length > 0),
    ),
  ];
}

/** Lower case, accents off, anything but letters and digits as single spaces. */
function normalise(text: string) {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Whole words only: "log in" matches "I cannot log in", "sso" does not match "lasso". */
function contains(text: string, keyword: string) {
  return ` ${text} `.includes(` ${keyword} `);
}

export function routeRequest(purpose: string, rules: Rule[]): Routing {
  const text = normalise(purpose);
  const ordered = rules.filter((rule) => rule.active).sort((a, b) => a.position - b.position);
  for (const rule of ordered) {
    const matched = parseKeywords(rule.keywords).find((keyword) => contains(text, keyword));
    if (matched) return { target: rule.target, rule, matched };
  }
  return { target: "CSM", rule: null, matched: null };
}

/** The rules a fresh install starts with (seeded once; admins change them). */
export const DEFAULT_RULES: Omit<Rule, "id">[] = [
  {
    position: 1,
    label: "Complaints",
    keywords: "unhappy, frustrated, complaint, disappointed, not working for us, cancel our contract, churn, escalate",
    target: "CSM",
    topic: null,
    message: "",
    active: true,
  },
  {
    position: 2,
    label: "Passwords and signing in",
    keywords: "password, reset my password, locked out, cannot log in, can't log in, cant log in, sign in, log in, login, 2fa, mfa",
    target: "SUPPORT",
    topic: "security",
    message: "Passwords and sign-in problems are fastest with support: they can reset access while you wait.",
    active: true,
  },
  {
    position: 3,
    label: "Adding and removing users",
    keywords: "add users, add a user, adding users, new user, invite, remove a user, deactivate, seats, sso setup",
    target: "SUPPORT",
    topic: "administration",
    message: "Adding people is covered step by step in the guides below; support can help if something blocks you.",
    active: true,
  },
  {
    position: 4,
    label: "How-to questions",
    keywords: "how do i, how to, how can i, where do i, where is, where can i find, cannot find, can't find, tutorial",
    target: "SUPPORT",
    topic: "getting started",
    message: "This looks like a how-to question: the library answers most of them in a few minutes.",
    active: true,
  },
  {
    position: 5,
    label: "Feature requests",
    keywords: "feature request, would like, wish, roadmap, missing, suggestion, improve",
    target: "CSM",
    topic: null,
    message: "",
    active: true,
  },
  {
    position: 6,
    label: "Capability questions",
    keywords: "does it support, is it possible, can the product, can it, integrate, integration, api, capability",
    target: "CSM",
    topic: null,
    message: "",
    active: true,
  },
  {
    position: 7,
    label: "Goals and planning",
    keywords: "goal, goals, plan, strategy, roll out, rollout, adoption, renewal, business review, qbr, expand",
    target: "CSM",
    topic: null,
    message: "",
    active: true,
  },
];
