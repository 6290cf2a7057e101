import { listPendingInvites } from "~/modules/auth/invites.server.ts";
import { can } from "~/modules/auth/permissions.ts";
import type { SessionUser } from "~/modules/auth/session.server.ts";
import { kindLabel } from "~/modules/engagement/events.ts";
import { listAccountEvents } from "~/modules/engagement/events.server.ts";
import { formatCalendarDate, formatDate, formatDateTime, formatMoney } from "~/utils/format.ts";
import { getAccount } from "./accounts.server.ts";
import { TIER_LABELS } from "./entitlements.ts";
import { getEntitlements } from "./entitlements.server.ts";
import { presentInvite, presentPerson } from "./present.ts";

/** The staff account page, formatted for the viewer: facts, people, invitations, entitlements, engagement. */
export async function getAccountPage(viewer: SessionUser, accountId: string) {
  const account = await getAccount(viewer, accountId);
  const entitlements = await getEntitlements(account.id);
  const invites = await listPendingInvites({ accountId: account.id });
  const events = await listAccountEvents(account.id, { take: 20 });
  return {
    viewerId: viewer.id,
    canManage: can(viewer, "accounts.manage"),
    account: {
      id: account.id,
      name: account.name,
      tier: account.tier,
      tierLabel: TIER_LABELS[account.tier],
      plan: account.plan,
      arr: formatMoney(account.arrCents, account.currency, viewer.locale),
      renewal: account.renewalDate ? formatCalendarDate(account.renewalDate, viewer.locale) : null,
      timeZone: account.timeZone,
      externalId: account.externalId,
      owner: account.ownerCsm ? { name: account.ownerCsm.name, email: account.ownerCsm.email } : null,
      domains: account.domains.map((row) => row.domain),
      created: formatDate(account.createdAt, viewer.timeZone, viewer.locale),
      peopleTotal: account._count.users,
    },
    people: account.users.map((person) => presentPerson(person, viewer)),
    invites: invites.map((invite) => presentInvite(invite, viewer)),
    entitlements,
    events: events.map((event) => ({
      id: event.id,
      label: kindLabel(event.kind),
      who: event.user?.name ?? null,
      subject: event.subjectType ? [event.subjectType, event.subjectId].filter(Boolean).join(" ") : null,
      when: formatDateTime(event.occurredAt, viewer.timeZone, viewer.locale),
    })),
  };
}
