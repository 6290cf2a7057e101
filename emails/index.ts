import { render } from "@react-email/render";
import { createElement, type ReactElement } from "react";
import InviteEmail, { subject as inviteSubject, type InviteEmailProps } from "./invite.tsx";
import MagicLinkEmail, { subject as magicLinkSubject, type MagicLinkEmailProps } from "./magic-link.tsx";
import VerifyEmail, { subject as verifyEmailSubject, type VerifyEmailProps } from "./verify-email.tsx";
import SessionConfirmationEmail, {
  subject as sessionConfirmationSubject,
  type SessionConfirmationEmailProps,
} from "./session-confirmation.tsx";
import SessionWaitlistedEmail, { subject as sessionWaitlistedSubject, type SessionWaitlistedEmailProps } from "./session-waitlisted.tsx";
import SessionOfferEmail, { subject as sessionOfferSubject, type SessionOfferEmailProps } from "./session-offer.tsx";
import SessionReminderEmail, { subject as sessionReminderSubject, type SessionReminderEmailProps } from "./session-reminder.tsx";
import SessionUpdatedEmail, { subject as sessionUpdatedSubject, type SessionUpdatedEmailProps } from "./session-updated.tsx";
import SessionCancelledEmail, { subject as sessionCancelledSubject, type SessionCancelledEmailProps } from "./session-cancelled.tsx";
import SessionFollowUpEmail, { subject as sessionFollowUpSubject, type SessionFollowUpEmailProps } from "./session-follow-up.tsx";
import CsmHourFollowUpEmail, { subject as csmHourFollowUpSubject, type CsmHourFollowUpEmailProps } from "./csm-hour-follow-up.tsx";
import CsmHourConfirmationEmail, {
  subject as csmHourConfirmationSubject,
  type CsmHourConfirmationEmailProps,
} from "./csm-hour-confirmation.tsx";
import CsmHourReminderEmail, { subject as csmHourReminderSubject, type CsmHourReminderEmailProps } from "./csm-hour-reminder.tsx";
import CsmHourRescheduledEmail, {
  subject as csmHourRescheduledSubject,
  type CsmHourRescheduledEmailProps,
} from "./csm-hour-rescheduled.tsx";
import CsmHourCancelledEmail, { subject as csmHourCancelledSubject, type CsmHourCancelledEmailProps } from "./csm-hour-cancelled.tsx";
import CsmHourOfferEmail, { subject as csmHourOfferSubject, type CsmHourOfferEmailProps } from "./csm-hour-offer.tsx";
import SessionInvitationEmail, { subject as sessionInvitationSubject, type SessionInvitationEmailProps } from "./session-invitation.tsx";
import CsmWeeklyDigestEmail, { subject as csmWeeklyDigestSubject, type CsmWeeklyDigestEmailProps } from "./csm-weekly-digest.tsx";
import NewsletterEmail, { subject as newsletterSubject, type NewsletterEmailProps } from "./newsletter.tsx";

export type { InviteEmailProps, MagicLinkEmailProps, VerifyEmailProps };
export type {
  SessionConfirmationEmailProps,
  SessionWaitlistedEmailProps,
  SessionOfferEmailProps,
  SessionReminderEmailProps,
  SessionUpdatedEmailProps,
  SessionCancelledEmailProps,
  SessionFollowUpEmailProps,
  CsmHourFollowUpEmailProps,
  CsmHourOfferEmailProps,
};
export type { SessionInvitationEmailProps, CsmWeeklyDigestEmailProps, NewsletterEmailProps };
export type { CsmHourConfirmationEmailProps, CsmHourReminderEmailProps, CsmHourRescheduledEmailProps, CsmHourCancelledEmailProps };

type TemplatePropsMap = {
  "magic-link": MagicLinkEmailProps;
  invite: InviteEmailProps;
  "verify-email": VerifyEmailProps;
  "session-confirmation": SessionConfirmationEmailProps;
  "session-waitlisted": SessionWaitlistedEmailProps;
  "session-offer": SessionOfferEmailProps;
  "session-reminder": SessionReminderEmailProps;
  "session-updated": SessionUpdatedEmailProps;
  "session-cancelled": SessionCancelledEmailProps;
  "session-follow-up": SessionFollowUpEmailProps;
  "csm-hour-follow-up": CsmHourFollowUpEmailProps;
  "csm-hour-confirmation": CsmHourConfirmationEmailProps;
  "csm-hour-reminder": CsmHourReminderEmailProps;
  "csm-hour-rescheduled": CsmHourRescheduledEmailProps;
  "csm-hour-cancelled": CsmHourCancelledEmailProps;
  "csm-hour-offer": CsmHourOfferEmailProps;
  "session-invitation": SessionInvitationEmailProps;
  "csm-weekly-digest": CsmWeeklyDigestEmailProps;
};
export type TemplateName = keyof TemplatePropsMap;
export type TemplateProps<N extends TemplateName> = TemplatePropsMap[N];

type Template<P> = { component: (props: P) => ReactElement; subject: (props: P) => string };

export const templates: { [N in TemplateName]: Template<TemplatePropsMap[N]> } = {
  "magic-link": { component: MagicLinkEmail, subject: magicLinkSubject },
  invite: { component: InviteEmail, subject: inviteSubject },
  "verify-email": { component: VerifyEmail, subject: verifyEmailSubject },
  "session-confirmation": { component: SessionConfirmationEmail, subject: sessionConfirmationSubject },
  "session-waitlisted": { component: SessionWaitlistedEmail, subject: sessionWaitlistedSubject },
  "session-offer": { component: SessionOfferEmail, subject: sessionOfferSubject },
  "session-reminder": { component: SessionReminderEmail, subject: sessionReminderSubject },
  "session-updated": { component: SessionUpdatedEmail, subject: sessionUpdatedSubject },
  "session-cancelled": { component: SessionCancelledEmail, subject: sessionCancelledSubject },
  "session-follow-up": { component: SessionFollowUpEmail, subject: sessionFollowUpSubject },
  "csm-hour-follow-up": { component: CsmHourFollowUpEmail, subject: csmHourFollowUpSubject },
  "csm-hour-confirmation": { component: CsmHourConfirmationEmail, subject: csmHourConfirmationSubject },
  "csm-hour-reminder": { component: CsmHourReminderEmail, subject: csmHourReminderSubject },
  "csm-hour-rescheduled": { component: CsmHourRescheduledEmail, subject: csmHourRescheduledSubject },
  "csm-hour-cancelled": { component: CsmHourCancelledEmail, subject: csmHourCancelledSubject },
  "csm-hour-offer": { component: CsmHourOfferEmail, subject: csmHourOfferSubject },
  "session-invitation": { component: SessionInvitationEmail, subject: sessionInvitationSubject },
  "csm-weekly-digest": { component: CsmWeeklyDigestEmail, subject: csmWeeklyDigestSubject },
};

export const TEMPLATE_NAMES = Object.keys(templates) as [TemplateName, ...TemplateName[]];

export function isTemplateName(value: string): value is TemplateName {
  return Object.hasOwn(templates, value);
}

export function renderEmail<N extends TemplateName>(name: N, props: TemplateProps<N>) {
  return renderTemplate<TemplateProps<N>>(templates[name], props);
}

async function renderTemplate<P extends object>(template: Template<P>, props: P) {
  const element = createElement(template.component, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: template.subject(props), html, text };
}

/**
 * The newsletter is not in `templates` on purpose: its HTML carries placeholders that only the
 * newsletter delivery fills in per recipient (decision 0027), so the generic email.send job, which
 * takes any template name, must not be able to send it.
 */
export function renderNewsletterEmail(props: NewsletterEmailProps) {
  return renderTemplate({ component: NewsletterEmail, subject: newsletterSubject }, props);
}
