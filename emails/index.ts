import { render } from "@react-email/render";
import { createElement, type ReactElement } from "react";
import InviteEmail, { subject as inviteSubject, type InviteEmailProps } from "./invite.tsx";
import MagicLinkEmail, { subject as magicLinkSubject, type MagicLinkEmailProps } from "./magic-link.tsx";
import VerifyEmail, { subject as verifyEmailSubject, type VerifyEmailProps } from "./verify-email.tsx";

export type { InviteEmailProps, MagicLinkEmailProps, VerifyEmailProps };

type TemplatePropsMap = {
  "magic-link": MagicLinkEmailProps;
  invite: InviteEmailProps;
  "verify-email": VerifyEmailProps;
};
export type TemplateName = keyof TemplatePropsMap;
export type TemplateProps<N extends TemplateName> = TemplatePropsMap[N];

type Template<P> = { component: (props: P) => ReactElement; subject: (props: P) => string };

export const templates: { [N in TemplateName]: Template<TemplatePropsMap[N]> } = {
  "magic-link": { component: MagicLinkEmail, subject: magicLinkSubject },
  invite: { component: InviteEmail, subject: inviteSubject },
  "verify-email": { component: VerifyEmail, subject: verifyEmailSubject },
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
