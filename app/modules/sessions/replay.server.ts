import { DomainError } from "~/modules/auth/errors.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { prisma } from "~/utils/db.server.ts";
import type { EngineOptions } from "./offers.server.ts";
import { isLibraryVideo } from "~/modules/library/replay-videos.server.ts";
import { REPLAY_SELECT } from "./replay.ts";
import { isHttpsUrl } from "./session.schema.ts";

export const MAX_REPLAY_URL_LENGTH = 2_000;
export const REPLAY_URL_ERROR = "Enter the recording's https:// address, or leave it empty to remove the replay.";
export const REPLAY_BOTH_ERROR = "Choose a library video or enter an address, not both.";
export const REPLAY_VIDEO_ERROR = "Choose a video from the library.";

function refuseUnlessManager(actor: Actor) {
  // Staff without the right learn the page exists (they can see sessions); customers do not.
  if (!can(actor, "sessions.view")) throw new DomainError(404, "This session was not found.");
  if (!can(actor, "sessions.manage")) throw new DomainError(403, "Only publishers can change a session's replay.");
}

export async function getSessionReplay(actor: Actor, sessionId: string, { db = prisma }: EngineOptions = {}) {
  refuseUnlessManager(actor);
  const session = await db.liveSession.findUnique({
    where: { id: sessionId },
    select: { id: true, title: true, status: true, startsAt: true, timeZone: true, replayContentId: true, ...REPLAY_SELECT },
  });
  if (!session) throw new DomainError(404, "This session was not found.");
  return session;
}

export type ReplayChoice = { url?: string | null; contentId?: string | null };

/**
 * Links a session to its recording — a library video (preferred: access-checked, progress tracked)
 * or an https address — or removes the link when both are empty. Only once the session has started:
 * the follow-up emails read the replay, and a link set before the session would promise a recording
 * that does not exist yet. The start is re-checked in the write itself.
 */
export async function setReplay(
  actor: Actor,
  sessionId: string,
  choice: ReplayChoice,
  { db = prisma, now = new Date() }: EngineOptions = {},
) {
  refuseUnlessManager(actor);
  const replayUrl = choice.url?.trim() || null;
  const replayContentId = choice.contentId?.trim() || null;
  if (replayUrl !== null && (replayUrl.length > MAX_REPLAY_URL_LENGTH || !isHttpsUrl(replayUrl))) {
    throw new DomainError(400, REPLAY_URL_ERROR, "replayUrl");
  }
  if (replayUrl !== null && replayContentId !== null) throw new DomainError(400, REPLAY_BOTH_ERROR, "replayContentId");
  if (replayContentId !== null && !(await isLibraryVideo(replayContentId)))
    throw new DomainError(400, REPLAY_VIDEO_ERROR, "replayContentId");
  const updated = await db.liveSession.updateMany({
    where: { id: sessionId, startsAt: { lte: now }, status: { not: "CANCELLED" } },
    data: { replayUrl, replayContentId },
  });
  if (updated.count === 0) {
    const session = await db.liveSession.findUnique({ where: { id: sessionId }, select: { status: true } });
    if (!session) throw new DomainError(404, "This session was not found.");
    if (session.status === "CANCELLED") throw new DomainError(409, "This session was cancelled, so it has no recording to link.");
    throw new DomainError(409, "This session has not started yet. Add the replay once the recording exists.");
  }
  return { id: sessionId, replayUrl, replayContentId };
}
