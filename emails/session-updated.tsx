import { Heading, Text } from "@react-email/components";
import { CalendarLinks, PREVIEW_SESSION, SessionDetails, type SessionSummary } from "./components/session-details.tsx";
import { ActionLink, Layout, styles } from "./components/layout.tsx";

export type SessionUpdatedEmailProps = {
  recipientName: string;
  session: SessionSummary;
  change: "rescheduled" | "updated";
  joinUrl: string;
  sessionUrl: string;
  googleCalendarUrl: string;
  outlookCalendarUrl: string;
};

export function subject({ session, change }: SessionUpdatedEmailProps) {
  return change === "rescheduled" ? `Rescheduled: ${session.title} · now ${session.when}` : `Updated: ${session.title} · ${session.when}`;
}

export default function SessionUpdatedEmail(props: SessionUpdatedEmailProps) {
  const { recipientName, session, change, joinUrl, sessionUrl, googleCalendarUrl, outlookCalendarUrl } = props;
  return (
    <Layout preview={subject(props)}>
      <Heading style={styles.heading}>{change === "rescheduled" ? "Your session has a new time" : "Your session was updated"}</Heading>
      <Text style={styles.paragraph}>
        Hi {recipientName},{" "}
        {change === "rescheduled"
          ? "the hosts moved this session. Your seat is kept at the new time below."
          : "the hosts changed some details of this session. Your seat is unchanged."}
      </Text>
      <SessionDetails session={session} />
      <ActionLink url={joinUrl} label="Join the session" />
      <CalendarLinks google={googleCalendarUrl} outlook={outlookCalendarUrl} />
      <Text style={styles.muted}>
        The attached invite (invite.ics) updates the event already in your calendar. Cannot make it now? Cancel from the session page:{" "}
        {sessionUrl}
      </Text>
    </Layout>
  );
}

SessionUpdatedEmail.PreviewProps = {
  recipientName: "Ada",
  session: PREVIEW_SESSION,
  change: "rescheduled",
  joinUrl: "http://localhost:3000/join/preview",
  sessionUrl: "http://localhost:3000/portal/sessions/preview",
  googleCalendarUrl: "https://calendar.google.com/calendar/render?action=TEMPLATE",
  outlookCalendarUrl: "https://outlook.live.com/calendar/0/deeplink/compose",
} satisfies SessionUpdatedEmailProps;
