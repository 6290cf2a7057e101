import { getEnv } from "~/utils/env.server.ts";
import type { IcsPerson } from "./ics.ts";

/**
 * The ORGANIZER of every invitation Lyceum sends: EMAIL_FROM as "Name <address>" or a bare address.
 * Always Lyceum, never a host or a CSM, because iTIP lets only the organizer update or cancel an
 * event, and the people on it change (a booking may move to another CSM).
 */
export function calendarOrganizer(): IcsPerson {
  const from = getEnv().EMAIL_FROM.trim();
  const match = /^(.*?)\s*<([^>]+)>$/.exec(from);
  if (match) return { name: match[1]?.replace(/^"|"$/g, "") || "Lyceum", email: match[2]!.trim() };
  return { name: "Lyceum", email: from };
}
