import { can, isStaffRole, type Actor, type Permission } from "~/modules/auth/permissions.ts";

export type NavItem = { label: string; to: string; end?: boolean };
export type NavSection = { label: string | null; items: NavItem[] };

type Entry = NavItem & { permission: Permission };

// Only capabilities that exist appear here; each later capability adds its own entries
// (sessions, library, CSM hours, newsletters, engagement) when it ships.
const PORTAL: Entry[] = [
  { label: "Home", to: "/portal", end: true, permission: "portal.view" },
  { label: "Upcoming sessions", to: "/portal/sessions", permission: "sessions.register" },
  { label: "Library", to: "/portal/library", permission: "library.view" },
  { label: "Learning paths", to: "/portal/paths", permission: "library.view" },
  { label: "CSM hours", to: "/portal/hours", permission: "portal.view" },
  { label: "My team", to: "/portal/team", permission: "team.view" },
];

const CONSOLE: Entry[] = [
  { label: "Overview", to: "/console", end: true, permission: "console.view" },
  { label: "Sessions", to: "/console/sessions", permission: "sessions.view" },
  { label: "Library", to: "/console/library", permission: "library.manage" },
  { label: "Learning paths", to: "/console/paths", permission: "library.manage" },
  { label: "Newsletters", to: "/console/newsletters", permission: "newsletters.manage" },
  { label: "Segments", to: "/console/segments", permission: "newsletters.manage" },
  { label: "Insights", to: "/console/insights", permission: "insights.view" },
  { label: "My accounts", to: "/console/my-accounts", permission: "portfolio.view" },
  { label: "Accounts", to: "/console/accounts", permission: "accounts.view" },
  { label: "Signals", to: "/console/signals", permission: "signals.view" },
  { label: "Booked hours", to: "/console/bookings", permission: "queue.brief" },
  { label: "My availability", to: "/console/availability", permission: "availability.manage_own" },
  { label: "Capacity", to: "/console/capacity", permission: "queue.capacity" },
];

const ADMIN: Entry[] = [
  { label: "People", to: "/admin/people", permission: "people.manage" },
  { label: "Tiers & entitlements", to: "/admin/tiers", permission: "tiers.manage" },
  { label: "Import from CRM", to: "/admin/import", permission: "import.run" },
  { label: "Booking routing", to: "/admin/routing", permission: "routing.manage" },
  { label: "API keys", to: "/admin/api-keys", permission: "api_keys.manage" },
  { label: "Scoring & health", to: "/admin/scoring", permission: "scoring.manage" },
  { label: "Suppression list", to: "/admin/suppressions", permission: "suppressions.manage" },
  { label: "Outbox", to: "/admin/outbox", permission: "outbox.view" },
  { label: "Jobs", to: "/admin/jobs", permission: "jobs.view" },
];

function allowed(actor: Actor, entries: Entry[]): NavItem[] {
  return entries.filter((entry) => can(actor, entry.permission)).map(({ label, to, end }) => ({ label, to, end }));
}

export function navigationFor(actor: Actor): NavSection[] {
  const sections: NavSection[] = isStaffRole(actor.role)
    ? [
        { label: null, items: allowed(actor, CONSOLE) },
        { label: "Administration", items: allowed(actor, ADMIN) },
      ]
    : [{ label: null, items: allowed(actor, PORTAL) }];
  sections.push({ label: "You", items: [{ label: "Settings", to: "/settings" }] });
  return sections.filter((section) => section.items.length > 0);
}
