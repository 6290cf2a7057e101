import { Heading, Text } from "@react-email/components";
import { PREVIEW_SESSION, SessionDetails, type SessionSummary } from "./components/session-details.tsx";
import { ActionLink, Layout, styles } from "./components/layout.tsx";

export type SessionCancelledEmailProps = {
  recipientName: string;
  session: SessionSummary;
  /** "session": the hosts cancelled it; "registration": the reader gave up their own seat. */
  reason: "session" | "registration";
  /** False for someone who only waited on the waitlist: no calendar entry to remove. */
  hasInvite: boolean;
  /** Where to find other sessions. */
  catalogueUrl: string;
};

export function subject({ session, reason }: SessionCancelledEmailProps) {
  return reason === "session" ? `Cancelled: ${session.title} · ${session.when}` : `Your registration is cancelled: ${session.title}`;
}

export default function SessionCancelledEmail(props: SessionCancelledEmailProps) {
  const { recipientName, session, reason, hasInvite, catalogueUrl } = props;
  return (
    <Layout preview={subject(props)}>
      <Heading style={styles.heading}>{reason === "session" ? "This session is cancelled" : "Your registration is cancelled"}</Heading>
      <Text style={styles.paragraph}>
        Hi {recipientName},{" "}
        {reason === "session"
          ? "we are sorry: the hosts had to cancel this session. It will not take place at the time below."
          : "as you asked, we cancelled your registration and freed your seat for someone else."}
      </Text>
      <SessionDetails session={session} />
      {hasInvite ? <Text style={styles.paragraph}>The attached invite (invite.ics) removes the event from your calendar.</Text> : null}
      <ActionLink url={catalogueUrl} label="Browse upcoming sessions" />
    </Layout>
  );
}

SessionCancelledEmail.PreviewProps = {
  recipientName: "Ada",
  session: PREVIEW_SESSION,
  reason: "session",
  hasInvite: true,
  catalogueUrl: "http://localhost:3000/portal/sessions",
} satisfies SessionCancelledEmailProps;
