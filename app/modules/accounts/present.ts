import type { Role, Tier } from "~/generated/prisma/enums.ts";
import { ROLE_LABELS } from "~/modules/auth/permissions.ts";
import { formatCalendarDate, formatDateTime, formatMoney } from "~/utils/format.ts";
import { TIER_LABELS } from "./entitlements.ts";

// Loaders turn rows into display strings with the viewer's zone and locale, so the server and the
// browser render the same text and no component needs to know about time zones.

export type Viewer = { timeZone: string; locale: string };

export function presentAccountRow(
  row: {
    id: string;
    name: string;
    plan: string;
    tier: Tier;
    arrCents: number;
    currency: string;
    renewalDate: Date | null;
    ownerCsm: { id: string; name: string } | null;
    _count?: { users: number };
  },
  viewer: Viewer,
) {
  return {
    id: row.id,
    name: row.name,
    plan: row.plan,
    tier: row.tier,
    tierLabel: TIER_LABELS[row.tier],
    arr: formatMoney(row.arrCents, row.currency, viewer.locale),
    renewal: row.renewalDate ? formatCalendarDate(row.renewalDate, viewer.locale) : null,
    owner: row.ownerCsm?.name ?? null,
    people: row._count?.users ?? null,
  };
}
export type AccountRow = ReturnType<typeof presentAccountRow>;

export function presentPerson(
  person: {
    id: string;
    name: string;
    email: string;
    role: Role;
    deactivatedAt: Date | null;
    lastSignInAt: Date | null;
    account?: { id: string; name: string } | null;
  },
  viewer: Viewer,
) {
  return {
    id: person.id,
    name: person.name,
    email: person.email,
    role: person.role,
    roleLabel: ROLE_LABELS[person.role],
    deactivated: person.deactivatedAt !== null,
    lastSignIn: person.lastSignInAt ? formatDateTime(person.lastSignInAt, viewer.timeZone, viewer.locale) : null,
    account: person.account ?? null,
  };
}
export type PersonRow = ReturnType<typeof presentPerson>;

export function presentInvite(invite: { id: string; email: string; name: string | null; role: Role; expiresAt: Date }, viewer: Viewer) {
  return {
    id: invite.id,
    email: invite.email,
    name: invite.name,
    roleLabel: ROLE_LABELS[invite.role],
    expires: formatDateTime(invite.expiresAt, viewer.timeZone, viewer.locale),
  };
}
export type InviteRow = ReturnType<typeof presentInvite>;
