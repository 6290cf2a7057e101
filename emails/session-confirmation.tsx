import { Heading, Text } from "@react-email/components";
import { CalendarLinks, PREVIEW_SESSION, SessionDetails, type SessionSummary } from "./components/session-details.tsx";
import { ActionLink, Layout, styles } from "./components/layout.tsx";

export type SessionConfirmationEmailProps = {
  recipientName: string;
  session: SessionSummary;
  /** Personal: it records the join before forwarding to the meeting. */
  joinUrl: string;
  sessionUrl: string;
  googleCalendarUrl: string;
  outlookCalendarUrl: string;
};

export function subject({ session }: SessionConfirmationEmailProps) {
  return `Confirmed: ${session.title} · ${session.when}`;
}

export default function SessionConfirmationEmail(props: SessionConfirmationEmailProps) {
  const { recipientName, session, joinUrl, sessionUrl, googleCalendarUrl, outlookCalendarUrl } = props;
  return (
    <Layout preview={subject(props)}>
      <Heading style={styles.heading}>You have a seat</Heading>
      <Text style={styles.paragraph}>Hi {recipientName}, your registration is confirmed. See you there.</Text>
      <SessionDetails session={session} />
      <ActionLink url={joinUrl} label="Join the session" />
      <Text style={styles.muted}>This join link is yours alone: please do not forward it.</Text>
      <CalendarLinks google={googleCalendarUrl} outlook={outlookCalendarUrl} />
      <Text style={styles.muted}>
        The attached invite (invite.ics) adds it to any calendar. Can no longer make it? Cancel from the session page so someone else can
        take your seat: {sessionUrl}
      </Text>
    </Layout>
  );
}

SessionConfirmationEmail.PreviewProps = {
  recipientName: "Ada",
  session: PREVIEW_SESSION,
  joinUrl: "http://localhost:3000/join/preview",
  sessionUrl: "http://localhost:3000/portal/sessions/preview",
  googleCalendarUrl: "https://calendar.google.com/calendar/render?action=TEMPLATE",
  outlookCalendarUrl: "https://outlook.live.com/calendar/0/deeplink/compose",
} satisfies SessionConfirmationEmailProps;
