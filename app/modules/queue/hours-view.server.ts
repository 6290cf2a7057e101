import { PERIOD_LABELS } from "~/modules/accounts/entitlements.ts";
import { can } from "~/modules/auth/permissions.ts";
import type { SessionUser } from "~/modules/auth/session.server.ts";
import { formatCalendarDate } from "~/utils/format.ts";
import { periodDates, periodName, presentLine } from "./ledger.ts";
import { getBalance, listLedger, type HourBalanceView } from "./ledger.server.ts";

function summarize(balance: HourBalanceView, viewer: SessionUser) {
  return {
    personalCsm: balance.personalCsm,
    periodWord: PERIOD_LABELS[balance.period],
    periodName: periodName(balance.period, balance.periodStart, viewer.locale),
    periodDates: periodDates(balance.period, balance.periodStart, viewer.locale),
    // Periods are UTC calendar periods, so their edges are calendar dates, not instants to convert.
    nextPeriodStarts: formatCalendarDate(balance.periodEnd, viewer.locale),
    granted: balance.granted,
    used: balance.used,
    left: balance.left,
    explanation: balance.explanation,
    lines: balance.lines.map((line) => presentLine(line, balance.period, viewer)),
  };
}

export type HoursSummary = ReturnType<typeof summarize>;

/** The balance for the period containing `now`, formatted for the viewer (their zone and locale). */
export async function getHoursSummary(viewer: SessionUser, accountId: string, now = new Date()): Promise<HoursSummary> {
  return summarize(await getBalance(viewer, accountId, now), viewer);
}

/** A customer's own account; a login without one is a 404, as on the portal home. */
export async function getMyHours(viewer: SessionUser, now = new Date()): Promise<HoursSummary> {
  if (!viewer.accountId) throw new Response("Your login is not linked to an account. Ask your account admin.", { status: 404 });
  return getHoursSummary(viewer, viewer.accountId, now);
}

/** The console's "CSM hours" section: this period's balance, the ledger across periods, and who may top up. */
export async function getAccountHours(viewer: SessionUser, accountId: string, now = new Date()) {
  const balance = await getBalance(viewer, accountId, now);
  const ledger = await listLedger(viewer, accountId, { take: 30 });
  return {
    summary: summarize(balance, viewer),
    ledger: ledger.map((line) => presentLine(line, balance.period, viewer)),
    canTopUp: can(viewer, "hours.manage"),
  };
}
