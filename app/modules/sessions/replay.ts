import type { ContentStatus } from "~/generated/prisma/enums.ts";

/** What a session's replay is read from: a library video, or an address elsewhere. */
export const REPLAY_SELECT = { replayUrl: true, replayContent: { select: { id: true, slug: true, status: true, title: true } } } as const;

type ReplaySource = { replayUrl: string | null; replayContent: { slug: string; status: ContentStatus } | null };

/**
 * Where people watch the recording: the library video's page once it is published (it is access-checked
 * and tracks progress), else the address the publisher gave, else nowhere. A relative path; emails
 * make it absolute.
 */
export function replayHref(session: ReplaySource): string | null {
  if (session.replayContent?.status === "PUBLISHED") return `/portal/library/${session.replayContent.slug}`;
  return session.replayUrl;
}
