import { TIER_LABELS } from "~/modules/accounts/entitlements.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import { CUSTOMER_ROLES } from "~/modules/auth/permissions.ts";
import { assertCan } from "~/modules/accounts/accounts.server.ts";
import { queueEmail } from "~/modules/email/send-email.server.ts";
import { appUrl } from "~/modules/sessions/invite.server.ts";
import { loadSessionForEmail, summaryFor } from "~/modules/sessions/notifications.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { invitationKey, nextExpertSession, requireSignalAccount, type SignalsViewer } from "./signals.server.ts";

// The one-click invitation from the signals page: every active person of the account gets the
// session-invitation email for the next expert session their tier may see. One key per (session,
// person) makes a second click — or a colleague's — send nobody twice. An invitation holds no seat:
// the email links to the session page, where they register like anyone else.

const HOLDING_SEAT = ["CONFIRMED", "WAITLISTED", "OFFERED"] as const;

export async function inviteAccountToNextExpertSession(viewer: SignalsViewer, accountId: string, now = new Date()) {
  assertCan(viewer, "signals.invite");
  const account = await requireSignalAccount(viewer, accountId);
  const next = await nextExpertSession(account.tier, now);
  if (!next) {
    throw new DomainError(
      409,
      `No upcoming expert session is open to ${TIER_LABELS[account.tier].toLowerCase()} accounts, so nobody was invited. Ask the one-to-many team to schedule one.`,
    );
  }
  const session = (await loadSessionForEmail(prisma, next.id))!;
  const sessionWhen = formatDateTime(session.startsAt, viewer.timeZone, viewer.locale);
  // People already holding a seat (or a place in line) need no invitation.
  const people = await prisma.user.findMany({
    where: {
      accountId: account.id,
      deactivatedAt: null,
      role: { in: [...CUSTOMER_ROLES] },
      registrations: { none: { sessionId: session.id, status: { in: [...HOLDING_SEAT] } } },
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, email: true, timeZone: true, locale: true },
  });
  if (people.length === 0) {
    throw new DomainError(409, `Nobody at ${account.name} is left to invite to ${session.title}: everyone active is already registered.`);
  }
  return prisma.$transaction(async (tx) => {
    let queued = 0;
    for (const person of people) {
      const { created } = await queueEmail(tx, {
        template: "session-invitation",
        to: person.email,
        props: {
          recipientName: person.name,
          invitedBy: viewer.name,
          session: summaryFor(session, person),
          sessionUrl: appUrl(`/portal/sessions/${session.id}`),
        },
        idempotencyKey: invitationKey(session.id, person.id),
      });
      if (created) queued += 1;
    }
    if (queued === 0) {
      const first = await tx.job.findFirst({
        where: { idempotencyKey: { in: people.map((person) => invitationKey(session.id, person.id)) } },
        orderBy: { createdAt: "asc" },
        select: { createdAt: true },
      });
      const when = first ? formatDateTime(first.createdAt, viewer.timeZone, viewer.locale) : "an earlier click";
      throw new DomainError(409, `Already invited on ${when}: everyone at ${account.name} has the invitation to ${session.title}.`);
    }
    const who = queued === 1 ? "1 person" : `${queued} people`;
    await tx.accountNote.create({
      data: {
        accountId: account.id,
        authorId: viewer.id,
        createdAt: now,
        body: `Invited ${who} to ${session.title} (${sessionWhen}) by ${viewer.name}.`,
      },
    });
    return { queued, skipped: people.length - queued, accountName: account.name, sessionTitle: session.title, sessionWhen };
  });
}
