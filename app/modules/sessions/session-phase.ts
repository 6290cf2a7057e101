import { sessionEnd } from "./schedule.ts";

// How a session reads to a customer, from its fields and the clock alone: how long,
// how many seats are left, and where it stands (about to start, live, over).

/** The join link is pushed to the front this long before the start. */
export const JOIN_OPENS_MINUTES = 15;
const MINUTE_MS = 60_000;

/** "45 min", "1 h", "1 h 30 min". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

export function seatsLabel(seatCap: number | null, seatsTaken: number): string | null {
  if (seatCap === null) return null;
  const left = Math.max(0, seatCap - seatsTaken);
  if (left === 0) return "Full — join the waitlist";
  return left === 1 ? "1 seat left" : `${left} seats left`;
}

export type SessionPhase = "upcoming" | "soon" | "live" | "ended" | "cancelled";

export function sessionPhase(session: { status: string; startsAt: Date; durationMinutes: number }, now: Date): SessionPhase {
  if (session.status === "CANCELLED") return "cancelled";
  const start = session.startsAt.getTime();
  const end = sessionEnd(session.startsAt, session.durationMinutes).getTime();
  if (now.getTime() >= end) return "ended";
  if (now.getTime() >= start) return "live";
  if (start - now.getTime() <= JOIN_OPENS_MINUTES * MINUTE_MS) return "soon";
  return "upcoming";
}
