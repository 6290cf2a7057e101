import type { getHostSheet, listSessions } from "~/modules/sessions/host-sheet.server.ts";

// Components read what the loaders present; the shapes come from the module so they cannot drift.
export type HostSheet = Awaited<ReturnType<typeof getHostSheet>>;
export type SessionListRow = Awaited<ReturnType<typeof listSessions>>["sessions"][number];
