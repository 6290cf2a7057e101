import { Heading, Text } from "@react-email/components";
import { CsmHourDetails, PREVIEW_CSM_HOUR, type CsmHourSummary } from "./components/csm-hour-details.tsx";
import { ActionLink, Layout, styles } from "./components/layout.tsx";
import { CalendarLinks } from "./components/session-details.tsx";

export type CsmHourConfirmationEmailProps = {
  recipientName: string;
  /** The customer who booked, or the CSM the hour is with. */
  audience: "customer" | "csm";
  hour: CsmHourSummary;
  /** The customer's reschedule-or-cancel link, which works without signing in; null for the CSM. */
  manageUrl: string | null;
  /** Until when cancelling gives the hour back, already worded for the customer; null when nothing is drawn. */
  refundNote: string | null;
  googleCalendarUrl: string;
  outlookCalendarUrl: string;
};

export function subject({ audience, hour }: CsmHourConfirmationEmailProps) {
  return audience === "customer" ? `Booked: ${hour.title} · ${hour.when}` : `New booking: ${hour.withWhom} · ${hour.when}`;
}

export default function CsmHourConfirmationEmail(props: CsmHourConfirmationEmailProps) {
  const { recipientName, audience, hour, manageUrl, refundNote, googleCalendarUrl, outlookCalendarUrl } = props;
  return (
    <Layout preview={subject(props)}>
      <Heading style={styles.heading}>{audience === "customer" ? "Your hour is booked" : "An hour was booked with you"}</Heading>
      <Text style={styles.paragraph}>
        Hi {recipientName},{" "}
        {audience === "customer"
          ? "your hour with a customer success manager is confirmed. Bring your questions and anything you would like them to look at."
          : "a customer booked an hour with you. What they wrote is below, so you can prepare."}
      </Text>
      <CsmHourDetails hour={hour} />
      {manageUrl ? <ActionLink url={manageUrl} label="Reschedule or cancel" /> : null}
      {refundNote ? <Text style={styles.muted}>{refundNote}</Text> : null}
      <CalendarLinks google={googleCalendarUrl} outlook={outlookCalendarUrl} />
      <Text style={styles.muted}>The attached invite (invite.ics) adds it to any calendar.</Text>
    </Layout>
  );
}

CsmHourConfirmationEmail.PreviewProps = {
  recipientName: "Ada",
  audience: "customer",
  hour: PREVIEW_CSM_HOUR,
  manageUrl: "http://localhost:3000/bookings/preview",
  refundNote: "Cancel by Mar 9, 2026, 4:00 PM GMT+1 and the hour goes back on your balance.",
  googleCalendarUrl: "https://calendar.google.com/calendar/render?action=TEMPLATE",
  outlookCalendarUrl: "https://outlook.live.com/calendar/0/deeplink/compose",
} satisfies CsmHourConfirmationEmailProps;
