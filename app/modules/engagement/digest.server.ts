import type { CsmWeeklyDigestEmailProps, DigestAccountLine } from "#emails/csm-weekly-digest.tsx";
import { queueEmail } from "~/modules/email/send-email.server.ts";
import { registerJobHandler } from "~/modules/jobs/handlers.server.ts";
import { enqueueJob } from "~/modules/jobs/queue.server.ts";
import { appUrl } from "~/modules/sessions/invite.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { formatCalendarDate, formatDate, formatMoney } from "~/utils/format.ts";
import { HEALTH_LABELS } from "./scoring.ts";
import { digestDue, digestIdempotencyKey, nextDigestTick } from "./digest.ts";
import { asOfDaysAgo, assessAtRisk, computeSignals, FALL_WINDOW_DAYS, utcDay, type SignalInput } from "./signals.ts";
import { loadExpandContext, loadSignalInputs } from "./signals.server.ts";

export const DIGEST_TICK_JOB_KIND = "signals.digest-tick";

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_DAYS = 7;
const RENEWAL_SOON_DAYS = 30;

type Csm = { id: string; name: string; email: string; timeZone: string; locale: string };

function healthWeekAgo(input: SignalInput, now: Date) {
  const day = utcDay(new Date(now.getTime() - WEEK_DAYS * DAY_MS));
  const earlier = input.snapshots.filter((point) => point.day <= day).sort((a, b) => (a.day < b.day ? 1 : -1));
  return earlier[0]?.health ?? null;
}

/** One CSM's week; null when they own no account (nothing to tell them). */
export async function buildDigest(csm: Csm, now: Date): Promise<CsmWeeklyDigestEmailProps | null> {
  const scope = { ownerCsmId: csm.id };
  const accountCount = await prisma.account.count({ where: scope });
  if (accountCount === 0) return null;
  const [inputs, context] = await Promise.all([
    loadSignalInputs(scope, now, { snapshotDays: FALL_WINDOW_DAYS + WEEK_DAYS }),
    loadExpandContext(),
  ]);
  const options = { locale: csm.locale };
  const line = (account: { id: string; name: string }, detail: string): DigestAccountLine => ({
    name: account.name,
    url: appUrl(`/console/accounts/${account.id}`),
    detail,
  });

  const healthChanges: DigestAccountLine[] = [];
  const newlyAtRisk: DigestAccountLine[] = [];
  for (const input of inputs) {
    const before = healthWeekAgo(input, now);
    if (before && input.current && before !== input.current.health) {
      healthChanges.push(line(input, `${HEALTH_LABELS[before]} → ${HEALTH_LABELS[input.current.health]}`));
    }
    const risk = assessAtRisk(input, now, options);
    const past = asOfDaysAgo(input, now, WEEK_DAYS);
    if (risk && !assessAtRisk(past.input, past.now, options)) newlyAtRisk.push(line(input, risk.reasons.join("; ")));
  }
  const { readyToExpand } = computeSignals(inputs, now, context, options);

  const today = new Date(`${utcDay(now)}T00:00:00Z`);
  const [renewing, bookings] = await Promise.all([
    prisma.account.findMany({
      where: { ...scope, renewalDate: { gte: today, lte: new Date(today.getTime() + RENEWAL_SOON_DAYS * DAY_MS) } },
      orderBy: [{ renewalDate: "asc" }, { name: "asc" }],
      select: { id: true, name: true, renewalDate: true, arrCents: true, currency: true },
    }),
    prisma.csmBooking.findMany({
      where: { account: scope, status: { not: "CANCELLED" }, createdAt: { gt: new Date(now.getTime() - WEEK_DAYS * DAY_MS), lte: now } },
      select: { accountId: true },
    }),
  ]);

  return {
    csmName: csm.name,
    weekLabel: `${formatDate(new Date(now.getTime() - WEEK_DAYS * DAY_MS), csm.timeZone, csm.locale)} – ${formatDate(now, csm.timeZone, csm.locale)}`,
    accountCount,
    healthChanges,
    newlyAtRisk,
    readyToExpand: readyToExpand.map((signal) => line(signal, signal.reasons.join("; "))),
    renewals: renewing.map((account) =>
      line(
        account,
        `Renews ${formatCalendarDate(account.renewalDate!, csm.locale)}, ${formatMoney(account.arrCents, account.currency, csm.locale)} ARR`,
      ),
    ),
    hoursBooked: { count: bookings.length, accounts: new Set(bookings.map((booking) => booking.accountId)).size },
    signalsUrl: appUrl("/console/signals"),
  };
}

/**
 * Queues this week's digest for every active CSM whose Monday 08:00 (their zone) has come — or for
 * all of them with `force` (an admin's "send now"). One key per CSM per ISO week: reruns send nobody twice.
 */
export async function queueWeeklyDigests({ now = new Date(), force = false } = {}) {
  const csms = await prisma.user.findMany({
    where: { role: "CSM", deactivatedAt: null },
    orderBy: { id: "asc" },
    select: { id: true, name: true, email: true, timeZone: true, locale: true },
  });
  let queued = 0;
  let alreadySent = 0;
  for (const csm of csms) {
    const { weekKey, due } = digestDue(now, csm.timeZone);
    if (!due && !force) continue;
    const idempotencyKey = digestIdempotencyKey(csm.id, weekKey);
    if (await prisma.job.findUnique({ where: { idempotencyKey }, select: { id: true } })) {
      alreadySent += 1;
      continue;
    }
    const props = await buildDigest(csm, now);
    if (!props) continue;
    const { created } = await queueEmail(prisma, { template: "csm-weekly-digest", to: csm.email, props, idempotencyKey });
    if (created) queued += 1;
    else alreadySent += 1;
  }
  return { queued, alreadySent };
}

/** The hourly tick's next run; the key per hour lets every process (and every restart) ask for it safely. */
export function scheduleDigestTick(now = new Date()) {
  const runAt = nextDigestTick(now);
  return enqueueJob(prisma, {
    kind: DIGEST_TICK_JOB_KIND,
    payload: {},
    runAt,
    idempotencyKey: `${DIGEST_TICK_JOB_KIND}:${runAt.toISOString()}`,
  });
}

export function registerSignalJobs(clock: () => Date = () => new Date()): () => void {
  return registerJobHandler(DIGEST_TICK_JOB_KIND, async () => {
    const now = clock();
    await queueWeeklyDigests({ now });
    await scheduleDigestTick(now);
  });
}
