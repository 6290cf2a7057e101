import { renderNewsletterEmail, type NewsletterEmailProps } from "#emails/index.ts";
import type { NewsletterEmailBlock } from "#emails/newsletter.tsx";
import { prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { parseBlocks, type NewsletterBlock } from "./blocks.ts";
import { CONTENT_KIND_LABEL, formatSessionTime, SESSION_KIND_LABEL, senderName, sessionStateAt } from "./featured.ts";
import { escapeHtml } from "./placeholders-html.ts";
import { personalise, type PlaceholderValues } from "./placeholders.ts";

// One render per newsletter and time zone, with PLACEHOLDERS left in for personalise() (decision 0027).
// Featured sessions and items are read as they are now, so a renamed or cancelled session shows so.

export type RenderedNewsletter = { subject: string; html: string; text: string };

type FeaturedSession = {
  id: string;
  kind: string;
  status: string;
  title: string;
  startsAt: Date;
  durationMinutes: number;
  hosts: { user: { name: string } }[];
};
type FeaturedItem = { id: string; kind: string; slug: string; title: string; summary: string };

/** Everything a render needs, in three queries; load once and render for as many zones as needed. */
export type NewsletterContent = {
  subject: string;
  preheader: string;
  topicName: string;
  blocks: NewsletterBlock[];
  sessions: Map<string, FeaturedSession>;
  items: Map<string, FeaturedItem>;
};

export async function loadNewsletterContent(newsletterId: string): Promise<NewsletterContent> {
  const newsletter = await prisma.newsletter.findUniqueOrThrow({
    where: { id: newsletterId },
    select: { subject: true, preheader: true, blocks: true, topic: { select: { name: true } } },
  });
  const blocks = parseBlocks(newsletter.blocks);
  const sessionIds = blocks.flatMap((block) => (block.type === "session" ? [block.sessionId] : []));
  const contentIds = blocks.flatMap((block) => (block.type === "content" ? [block.contentId] : []));
  const [sessions, items] = await Promise.all([
    sessionIds.length
      ? prisma.liveSession.findMany({
          // A draft session has no page customers can open: it is left out like a deleted one.
          where: { id: { in: sessionIds }, status: { in: ["PUBLISHED", "CANCELLED"] } },
          select: {
            id: true,
            kind: true,
            status: true,
            title: true,
            startsAt: true,
            durationMinutes: true,
            hosts: { select: { user: { select: { name: true } } }, orderBy: { user: { name: "asc" } } },
          },
        })
      : [],
    contentIds.length
      ? prisma.contentItem.findMany({
          where: { id: { in: contentIds }, status: "PUBLISHED" },
          select: { id: true, kind: true, slug: true, title: true, summary: true },
        })
      : [],
  ]);
  return {
    subject: newsletter.subject,
    preheader: newsletter.preheader,
    topicName: newsletter.topic.name,
    blocks,
    sessions: new Map(sessions.map((session) => [session.id, session])),
    items: new Map(items.map((item) => [item.id, item])),
  };
}

/** The template's props for one zone. A block whose session or item is gone (or a draft) is left out. */
export function newsletterEmailProps(content: NewsletterContent, timeZone: string, now: Date): NewsletterEmailProps {
  const { APP_URL, EMAIL_FROM } = getEnv();
  const blocks = content.blocks.flatMap((block): NewsletterEmailBlock[] => {
    switch (block.type) {
      case "text":
        return [block];
      case "cta":
        return [block];
      case "session": {
        const session = content.sessions.get(block.sessionId);
        if (!session) return [];
        return [
          {
            type: "session",
            title: session.title,
            kindLabel: SESSION_KIND_LABEL[session.kind] ?? "Live session",
            when: formatSessionTime(session.startsAt, timeZone, now),
            durationMinutes: session.durationMinutes,
            hostNames: session.hosts.map((host) => host.user.name),
            state: sessionStateAt(session, now),
            url: `${APP_URL}/portal/sessions/${session.id}`,
          },
        ];
      }
      case "content": {
        const item = content.items.get(block.contentId);
        if (!item) return [];
        const kind = CONTENT_KIND_LABEL[item.kind] ?? { label: "Library", action: "Open" };
        return [
          {
            type: "content",
            kindLabel: kind.label,
            actionLabel: kind.action,
            title: item.title,
            summary: item.summary,
            url: `${APP_URL}/portal/library/${item.slug}`,
          },
        ];
      }
    }
  });
  return {
    subject: content.subject,
    preheader: content.preheader,
    topicName: content.topicName,
    companyName: senderName(EMAIL_FROM),
    appUrl: APP_URL,
    blocks,
  };
}

export async function renderNewsletterContent(content: NewsletterContent, timeZone: string, now = new Date()): Promise<RenderedNewsletter> {
  return renderNewsletterEmail(newsletterEmailProps(content, timeZone, now));
}

export async function renderNewsletterForZone(newsletterId: string, timeZone: string, now = new Date()): Promise<RenderedNewsletter> {
  return renderNewsletterContent(await loadNewsletterContent(newsletterId), timeZone, now);
}

/** One person's copy: HTML gets escaped values (names can hold < or &), the text and subject the raw ones. */
export function personaliseRendered(rendered: RenderedNewsletter, values: PlaceholderValues): RenderedNewsletter {
  const escaped = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, escapeHtml(value)])) as PlaceholderValues;
  return {
    subject: personalise(rendered.subject, values),
    html: personalise(rendered.html, escaped),
    text: personalise(rendered.text, values),
  };
}

export function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] || "there";
}
