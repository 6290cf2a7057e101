import { Heading, Text } from "@react-email/components";
import { CsmHourDetails, PREVIEW_CSM_HOUR, type CsmHourSummary } from "./components/csm-hour-details.tsx";
import { ActionLink, Layout, styles } from "./components/layout.tsx";
import { CalendarLinks } from "./components/session-details.tsx";

export type CsmHourRescheduledEmailProps = {
  recipientName: string;
  audience: "customer" | "csm";
  /** The hour at its new time. */
  hour: CsmHourSummary;
  /** The old start, in the reader's zone. */
  previousWhen: string;
  /** "moved": the reader's own hour has a new time. "assigned": a CSM receives an hour that moved to them from another CSM. */
  variant: "moved" | "assigned";
  manageUrl: string | null;
  googleCalendarUrl: string;
  outlookCalendarUrl: string;
};

export function subject({ audience, hour, variant }: CsmHourRescheduledEmailProps) {
  if (variant === "assigned") return `New booking: ${hour.withWhom} · ${hour.when}`;
  return audience === "customer" ? `Rescheduled: ${hour.title} · now ${hour.when}` : `Rescheduled: ${hour.withWhom} · now ${hour.when}`;
}

export default function CsmHourRescheduledEmail(props: CsmHourRescheduledEmailProps) {
  const { recipientName, audience, hour, previousWhen, variant, manageUrl, googleCalendarUrl, outlookCalendarUrl } = props;
  const intro =
    variant === "assigned"
      ? `a customer moved their hour from ${previousWhen} to a time when you are free, so it is now with you.`
      : audience === "customer"
        ? `your hour with a customer success manager has moved from ${previousWhen} to the time below.`
        : `the customer moved their hour with you from ${previousWhen} to the time below.`;
  return (
    <Layout preview={subject(props)}>
      <Heading style={styles.heading}>{variant === "assigned" ? "An hour was moved to you" : "Your hour has a new time"}</Heading>
      <Text style={styles.paragraph}>
        Hi {recipientName}, {intro}
      </Text>
      <CsmHourDetails hour={hour} />
      {manageUrl ? <ActionLink url={manageUrl} label="Reschedule or cancel" /> : null}
      <CalendarLinks google={googleCalendarUrl} outlook={outlookCalendarUrl} />
      <Text style={styles.muted}>
        {variant === "assigned"
          ? "The attached invite (invite.ics) adds it to your calendar."
          : "The attached invite (invite.ics) moves the event already in your calendar."}
      </Text>
    </Layout>
  );
}

CsmHourRescheduledEmail.PreviewProps = {
  recipientName: "Ada",
  audience: "customer",
  hour: PREVIEW_CSM_HOUR,
  previousWhen: "Mar 9, 2026, 2:00 PM GMT+1",
  variant: "moved",
  manageUrl: "http://localhost:3000/bookings/preview",
  googleCalendarUrl: "https://calendar.google.com/calendar/render?action=TEMPLATE",
  outlookCalendarUrl: "https://outlook.live.com/calendar/0/deeplink/compose",
} satisfies CsmHourRescheduledEmailProps;
