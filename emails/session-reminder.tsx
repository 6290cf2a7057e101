import { Heading, Text } from "@react-email/components";
import { PREVIEW_SESSION, SessionDetails, type SessionSummary } from "./components/session-details.tsx";
import { ActionLink, Layout, styles } from "./components/layout.tsx";

export type SessionReminderEmailProps = {
  recipientName: string;
  session: SessionSummary;
  lead: "24h" | "1h";
  joinUrl: string;
  sessionUrl: string;
};

const LEAD_TEXT = { "24h": "tomorrow", "1h": "in 1 hour" } as const;

export function subject({ session, lead }: SessionReminderEmailProps) {
  return `Starting ${LEAD_TEXT[lead]}: ${session.title} · ${session.when}`;
}

export default function SessionReminderEmail(props: SessionReminderEmailProps) {
  const { recipientName, session, lead, joinUrl, sessionUrl } = props;
  return (
    <Layout preview={subject(props)}>
      <Heading style={styles.heading}>Your session starts {LEAD_TEXT[lead]}</Heading>
      <Text style={styles.paragraph}>Hi {recipientName}, a reminder that you are registered for this session.</Text>
      <SessionDetails session={session} />
      <ActionLink url={joinUrl} label="Join the session" />
      <Text style={styles.muted}>
        Cannot make it after all? Cancel from the session page so someone else can take your seat: {sessionUrl}
      </Text>
    </Layout>
  );
}

SessionReminderEmail.PreviewProps = {
  recipientName: "Ada",
  session: PREVIEW_SESSION,
  lead: "1h",
  joinUrl: "http://localhost:3000/join/preview",
  sessionUrl: "http://localhost:3000/portal/sessions/preview",
} satisfies SessionReminderEmailProps;
