import type { Tx } from "~/utils/db.server.ts";

// Placeholder contract; the email work replaces these bodies. Each call runs inside the caller's
// transaction so the email job exists exactly when the change it reports does.
export async function notifyRegistration(_tx: Tx, _registrationId: string, _event: "confirmed" | "waitlisted" | "cancelled"): Promise<void> {}

export async function notifySeatOffered(_tx: Tx, _registrationId: string, _offerToken: string, _expiresAt: Date): Promise<void> {}

export async function notifySessionChanged(_tx: Tx, _sessionId: string, _change: "rescheduled" | "updated" | "cancelled"): Promise<void> {}
