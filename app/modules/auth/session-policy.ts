export type SessionTimes = { idleExpiresAt: Date; absoluteExpiresAt: Date; lastActiveAt: Date };

export type SessionPolicy = { idleMs: number; absoluteMs: number; refreshAfterMs: number };

export function sessionPolicy(idleDays: number, absoluteDays: number): SessionPolicy {
  const day = 24 * 60 * 60 * 1000;
  // Write the sliding refresh at most once an hour: every request would otherwise be a write.
  return { idleMs: idleDays * day, absoluteMs: absoluteDays * day, refreshAfterMs: Math.min(60 * 60 * 1000, idleDays * day) };
}

export function newSessionTimes(now: Date, policy: SessionPolicy): SessionTimes {
  return {
    lastActiveAt: now,
    idleExpiresAt: new Date(now.getTime() + policy.idleMs),
    absoluteExpiresAt: new Date(now.getTime() + policy.absoluteMs),
  };
}

/** "expired" ends the session; "refresh" slides the idle expiry forward (never past the absolute one). */
export function sessionState(times: SessionTimes, now: Date, policy: SessionPolicy): "expired" | "refresh" | "valid" {
  if (now >= times.absoluteExpiresAt || now >= times.idleExpiresAt) return "expired";
  if (now.getTime() - times.lastActiveAt.getTime() >= policy.refreshAfterMs) return "refresh";
  return "valid";
}

export function refreshedTimes(times: SessionTimes, now: Date, policy: SessionPolicy): SessionTimes {
  const idle = Math.min(now.getTime() + policy.idleMs, times.absoluteExpiresAt.getTime());
  return { lastActiveAt: now, idleExpiresAt: new Date(idle), absoluteExpiresAt: times.absoluteExpiresAt };
}
