import { prisma } from "~/utils/db.server.ts";
import { escapeHtml } from "./placeholders-html.ts";
import { PLACEHOLDERS } from "./placeholders.ts";

// SEAM (issue 6): the compose part replaces this body with the react-email template (emails/newsletter.tsx).
// The contract stays: one render per newsletter and time zone, with PLACEHOLDERS left in for personalise().

export type RenderedNewsletter = { subject: string; html: string; text: string };

export async function renderNewsletterForZone(newsletterId: string, timeZone: string): Promise<RenderedNewsletter> {
  const newsletter = await prisma.newsletter.findUniqueOrThrow({ where: { id: newsletterId }, select: { subject: true, preheader: true } });
  void timeZone;
  return {
    subject: newsletter.subject,
    html: `<p>Hello ${PLACEHOLDERS.name},</p><p>${escapeHtml(newsletter.preheader)}</p><p><a href="${PLACEHOLDERS.unsubscribeUrl}">Unsubscribe</a> · <a href="${PLACEHOLDERS.preferencesUrl}">Preferences</a></p>`,
    text: `Hello ${PLACEHOLDERS.name},\n\n${newsletter.preheader}\n\nUnsubscribe: ${PLACEHOLDERS.unsubscribeUrl}\nPreferences: ${PLACEHOLDERS.preferencesUrl}\n`,
  };
}
