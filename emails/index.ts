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
import CsmHourOfferEmail, { subject as csmHourOfferSubject, type CsmHourOfferEmailProps } from "./csm-hour-offer.tsx";

export type { InviteEmailProps, MagicLinkEmailProps, VerifyEmailProps };
export type {
  SessionConfirmationEmailProps,
  SessionWaitlistedEmailProps,
  SessionOfferEmailProps,
  SessionReminderEmailProps,
  SessionUpdatedEmailProps,
  SessionCancelledEmailProps,
  SessionFollowUpEmailProps,
  CsmHourOfferEmailProps,
};

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
  "csm-hour-offer": CsmHourOfferEmailProps;
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
  "csm-hour-offer": { component: CsmHourOfferEmail, subject: csmHourOfferSubject },
};

export const TEMPLATE_NAMES = Object.keys(templates) as [TemplateName, ...TemplateName[]];

export function isTemplateName(value: string): value is TemplateName {
  return Object.hasOwn(templates, value);
}

export async function renderEmail<N extends TemplateName>(name: N, props: TemplateProps<N>) {
  const template: Template<TemplateProps<N>> = templates[name];
  const element = createElement(template.component, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: template.subject(props), html, text };
}
