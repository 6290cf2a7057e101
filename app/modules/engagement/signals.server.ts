import type { Prisma } from "~/generated/prisma/client.ts";
import type { Tier } from "~/generated/prisma/enums.ts";
import { audienceWhere } from "~/modules/accounts/audience.ts";
import { TIER_LABELS } from "~/modules/accounts/entitlements.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import { can, CUSTOMER_ROLES, type Actor } from "~/modules/auth/permissions.ts";
import { assertCan } from "~/modules/accounts/accounts.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { toCsv } from "~/utils/csv.ts";
import { formatCalendarDate, formatDateTime, formatMoney } from "~/utils/format.ts";
import {
  computeSignals,
  DEFAULT_GREEN_AT,
  EXPERT_LOOKBACK_DAYS,
  FALL_WINDOW_DAYS,
  parseHealthReasons,
  RENEWAL_WINDOW_DAYS,
  topQuartileThreshold,
  utcDay,
  type ExpandContext,
  type Signal,
  type SignalInput,
} from "./signals.ts";
import { HEALTH_LABELS, healthLabel } from "./scoring.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

export type SignalsViewer = Actor & { name: string; timeZone: string; locale: string };

/**
 * Whose accounts the viewer reads: a CSM always their own; the one-to-many team and admins every
 * account, or one CSM's with `csmId`.
 */
export function signalsScope(viewer: Actor, csmId: string | null): Prisma.AccountWhereInput {
  assertCan(viewer, "signals.view");
  if (!can(viewer, "signals.view_all")) return { ownerCsmId: viewer.id };
  return csmId ? { ownerCsmId: csmId } : {};
}

/** Everything the rules read about the accounts in scope that have a score: snapshots and expert attendance. */
export async function loadSignalInputs(scope: Prisma.AccountWhereInput, now: Date, { snapshotDays = FALL_WINDOW_DAYS } = {}) {
  const fromDay = utcDay(new Date(now.getTime() - snapshotDays * DAY_MS));
  const accounts = await prisma.account.findMany({
    where: { AND: [scope, { score: { isNot: null } }] },
    select: {
      id: true,
      name: true,
      tier: true,
      arrCents: true,
      currency: true,
      renewalDate: true,
      ownerCsm: { select: { id: true, name: true } },
      score: { select: { score: true, health: true, healthReasons: true } },
      healthSnapshots: { where: { day: { gte: fromDay } }, select: { day: true, score: true, health: true } },
    },
  });
  const attended = await prisma.registration.findMany({
    where: {
      attendance: "ATTENDED",
      user: { account: scope },
      session: { kind: "EXPERT", startsAt: { gte: new Date(now.getTime() - EXPERT_LOOKBACK_DAYS * DAY_MS), lte: now } },
    },
    select: { user: { select: { accountId: true } }, session: { select: { title: true, startsAt: true } } },
  });
  const byAccount = new Map<string, { title: string; startsAt: Date }[]>();
  for (const row of attended) {
    if (!row.user.accountId) continue;
    const list = byAccount.get(row.user.accountId) ?? [];
    list.push(row.session);
    byAccount.set(row.user.accountId, list);
  }
  return accounts.map((account): SignalInput => ({
    id: account.id,
    name: account.name,
    tier: account.tier,
    arrCents: account.arrCents,
    currency: account.currency,
    renewalDate: account.renewalDate,
    owner: account.ownerCsm,
    current: account.score
      ? { score: account.score.score, health: account.score.health, reasons: parseHealthReasons(account.score.healthReasons) }
      : null,
    snapshots: account.healthSnapshots,
    expertAttended: byAccount.get(account.id) ?? [],
  }));
}

/** The green band per tier and the top quarter over every scored account (not only the viewer's). */
export async function loadExpandContext(): Promise<ExpandContext> {
  const [weights, scores] = await Promise.all([
    prisma.scoreWeights.findMany({ select: { tier: true, greenAt: true } }),
    prisma.accountScore.findMany({ select: { score: true } }),
  ]);
  return {
    greenAt: Object.fromEntries(weights.map((row) => [row.tier, row.greenAt])),
    topQuartile: topQuartileThreshold(scores.map((row) => row.score)),
  };
}

/**
 * Only accounts that could be on a list are read: renewing within the window (at risk), or scoring at
 * least the lowest bar for "strong" (ready to expand). On a large book that skips most accounts.
 */
function candidates(context: ExpandContext, now: Date): Prisma.AccountWhereInput {
  const today = Date.parse(`${utcDay(now)}T00:00:00Z`);
  const strongFrom = Math.min(DEFAULT_GREEN_AT, ...Object.values(context.greenAt), context.topQuartile ?? Number.POSITIVE_INFINITY);
  return {
    OR: [
      { renewalDate: { gte: new Date(today), lte: new Date(today + RENEWAL_WINDOW_DAYS * DAY_MS) } },
      { score: { score: { gte: strongFrom } } },
    ],
  };
}

export async function computeSignalsFor(viewer: Actor, csmId: string | null, now: Date, locale?: string | null) {
  const scope = signalsScope(viewer, csmId);
  const context = await loadExpandContext();
  const inputs = await loadSignalInputs({ AND: [scope, candidates(context, now)] }, now);
  return computeSignals(inputs, now, context, { locale });
}

/** The next published, upcoming expert session people of this tier may see; null when there is none. */
export function nextExpertSession(tier: Tier, now: Date) {
  return prisma.liveSession.findFirst({
    where: { kind: "EXPERT", status: "PUBLISHED", cancelledAt: null, startsAt: { gt: now }, ...audienceWhere(tier) },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    select: { id: true, title: true, startsAt: true, durationMinutes: true },
  });
}

function presentSignal(signal: Signal, locale: string) {
  return {
    id: signal.id,
    name: signal.name,
    tierLabel: TIER_LABELS[signal.tier],
    health: signal.health,
    healthLabel: healthLabel(signal.health),
    score: signal.score,
    arr: formatMoney(signal.arrCents, signal.currency, locale),
    renewal: signal.renewalDate ? formatCalendarDate(signal.renewalDate, locale) : null,
    renewsInDays: signal.renewsInDays,
    owner: signal.owner?.name ?? null,
    reasons: signal.reasons,
    tier: signal.tier,
  };
}

export type SignalRow = ReturnType<typeof presentSignal>;

export function invitationKey(sessionId: string, userId: string) {
  return `email:session-invitation:${sessionId}:${userId}`;
}

/** Per account: how many of its people already have the invitation to that session, and since when. */
async function invitationsSent(pairs: { accountId: string; sessionId: string }[]) {
  const result = new Map<string, { count: number; first: Date }>();
  if (pairs.length === 0) return result;
  const sessionFor = new Map(pairs.map((pair) => [pair.accountId, pair.sessionId]));
  const people = await prisma.user.findMany({
    where: { accountId: { in: [...sessionFor.keys()] }, role: { in: [...CUSTOMER_ROLES] } },
    select: { id: true, accountId: true },
  });
  const accountOfKey = new Map(people.map((person) => [invitationKey(sessionFor.get(person.accountId!)!, person.id), person.accountId!]));
  const jobs = await prisma.job.findMany({
    where: { idempotencyKey: { in: [...accountOfKey.keys()] } },
    select: { idempotencyKey: true, createdAt: true },
  });
  for (const job of jobs) {
    const accountId = accountOfKey.get(job.idempotencyKey!)!;
    const seen = result.get(accountId);
    result.set(accountId, {
      count: (seen?.count ?? 0) + 1,
      first: seen && seen.first < job.createdAt ? seen.first : job.createdAt,
    });
  }
  return result;
}

export async function getSignalsPage(viewer: SignalsViewer, { csmId }: { csmId: string | null }, now = new Date()) {
  const everyone = can(viewer, "signals.view_all");
  const filterCsm = everyone ? csmId : null;
  const { atRisk, readyToExpand } = await computeSignalsFor(viewer, filterCsm, now, viewer.locale);
  const tiers = [...new Set(atRisk.map((signal) => signal.tier))];
  const sessions = new Map(await Promise.all(tiers.map(async (tier) => [tier, await nextExpertSession(tier, now)] as const)));
  const invited = await invitationsSent(
    atRisk.flatMap((signal) => {
      const session = sessions.get(signal.tier);
      return session ? [{ accountId: signal.id, sessionId: session.id }] : [];
    }),
  );
  const csmOptions = everyone
    ? await prisma.user.findMany({
        where: { role: "CSM", deactivatedAt: null },
        orderBy: { name: "asc" },
        select: { id: true, name: true },
      })
    : [];
  return {
    everyone,
    canInvite: can(viewer, "signals.invite"),
    canSendDigests: can(viewer, "signals.send_digests"),
    filters: { csmId: filterCsm },
    csmOptions,
    atRisk: atRisk.map((signal) => {
      const session = sessions.get(signal.tier) ?? null;
      const nextSession = session
        ? { id: session.id, title: session.title, when: formatDateTime(session.startsAt, viewer.timeZone, viewer.locale) }
        : null;
      const sent = invited.get(signal.id);
      const invitedText = sent
        ? `${sent.count === 1 ? "1 person" : `${sent.count} people`} invited on ${formatDateTime(sent.first, viewer.timeZone, viewer.locale)}`
        : null;
      return { ...presentSignal(signal, viewer.locale), nextSession, invitedText };
    }),
    readyToExpand: readyToExpand.map((signal) => presentSignal(signal, viewer.locale)),
  };
}

export const SIGNAL_LISTS = { "at-risk": "At risk", "ready-to-expand": "Ready to expand" } as const;
export type SignalList = keyof typeof SIGNAL_LISTS;

export function isSignalList(value: string | undefined): value is SignalList {
  return value !== undefined && Object.hasOwn(SIGNAL_LISTS, value);
}

/** One list as CSV: the same rows and reasons as the page, amounts in whole currency units. */
export async function exportSignalsCsv(viewer: SignalsViewer, list: SignalList, { csmId }: { csmId: string | null }, now = new Date()) {
  const signals = await computeSignalsFor(viewer, can(viewer, "signals.view_all") ? csmId : null, now, viewer.locale);
  const rows = (list === "at-risk" ? signals.atRisk : signals.readyToExpand).map((signal) => [
    signal.name,
    TIER_LABELS[signal.tier],
    signal.health ? HEALTH_LABELS[signal.health] : null,
    signal.score,
    signal.arrCents / 100,
    signal.currency,
    signal.renewalDate ? signal.renewalDate.toISOString().slice(0, 10) : null,
    signal.renewsInDays,
    signal.owner?.name ?? null,
    signal.reasons.join("; "),
  ]);
  // The same columns, words and order as the My accounts CSV, then the owner and the reasons.
  const header = ["Account", "Tier", "Health", "Score", "ARR", "Currency", "Renewal date", "Days to renewal", "CSM", "Reasons"];
  return { filename: `signals-${list}-${utcDay(now)}.csv`, csv: toCsv(header, rows) };
}

/** 404 unless the account is in the viewer's scope (a CSM's own), so a refused visitor learns nothing. */
export async function requireSignalAccount(viewer: Actor, accountId: string) {
  const account = await prisma.account.findFirst({
    where: { AND: [signalsScope(viewer, null), { id: accountId }] },
    select: { id: true, name: true, tier: true },
  });
  if (!account) throw new DomainError(404, "There is no account with that id among yours.");
  return account;
}
