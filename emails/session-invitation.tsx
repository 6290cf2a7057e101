import { Heading, Text } from "@react-email/components";
import { PREVIEW_SESSION, SessionDetails, type SessionSummary } from "./components/session-details.tsx";
import { ActionLink, Layout, styles } from "./components/layout.tsx";

// An invitation, not a registration: it holds no seat and no join link. The reader registers on the
// session page, where seat caps and the account's expert-seat allowance apply as usual.

export type SessionInvitationEmailProps = {
  recipientName: string;
  /** The staff member who sent the invitation, e.g. their CSM. */
  invitedBy: string;
  session: SessionSummary;
  /** The session's page in the portal, where they register. */
  sessionUrl: string;
};

export function subject({ session }: SessionInvitationEmailProps) {
  return `You're invited: ${session.title} · ${session.when}`;
}

export default function SessionInvitationEmail(props: SessionInvitationEmailProps) {
  const { recipientName, invitedBy, session, sessionUrl } = props;
  return (
    <Layout preview={subject(props)}>
      <Heading style={styles.heading}>You&apos;re invited to an expert session</Heading>
      <Text style={styles.paragraph}>
        Hi {recipientName}, {invitedBy} thought this session would help your team. Expert sessions are small: bring your own situation and
        the question you want answered, and the hosts will work through it with you.
      </Text>
      <SessionDetails session={session} />
      <ActionLink url={sessionUrl} label="See the session and register" />
      <Text style={styles.muted}>Seats are limited and go to those who register first. This invitation does not hold a seat.</Text>
    </Layout>
  );
}

SessionInvitationEmail.PreviewProps = {
  recipientName: "Ada",
  invitedBy: "Casey Morgan",
  session: PREVIEW_SESSION,
  sessionUrl: "http://localhost:3000/portal/sessions/preview",
} satisfies SessionInvitationEmailProps;
