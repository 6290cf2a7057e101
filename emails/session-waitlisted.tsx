import { Heading, Text } from "@react-email/components";
import { PREVIEW_SESSION, SessionDetails, type SessionSummary } from "./components/session-details.tsx";
import { ActionLink, Layout, styles } from "./components/layout.tsx";

export type SessionWaitlistedEmailProps = {
  recipientName: string;
  session: SessionSummary;
  sessionUrl: string;
};

export function subject({ session }: SessionWaitlistedEmailProps) {
  return `You are on the waitlist: ${session.title}`;
}

export default function SessionWaitlistedEmail(props: SessionWaitlistedEmailProps) {
  const { recipientName, session, sessionUrl } = props;
  return (
    <Layout preview={subject(props)}>
      <Heading style={styles.heading}>You are on the waitlist</Heading>
      <Text style={styles.paragraph}>
        Hi {recipientName}, this session is full, so we put you on its waitlist. If a seat frees up, we will email you a link to claim it;
        the offer is held for you for a limited time.
      </Text>
      <SessionDetails session={session} />
      <ActionLink url={sessionUrl} label="View the session" />
      <Text style={styles.muted}>No longer interested? Leave the waitlist from the session page.</Text>
    </Layout>
  );
}

SessionWaitlistedEmail.PreviewProps = {
  recipientName: "Ada",
  session: PREVIEW_SESSION,
  sessionUrl: "http://localhost:3000/portal/sessions/preview",
} satisfies SessionWaitlistedEmailProps;
