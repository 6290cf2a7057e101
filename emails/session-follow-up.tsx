import { Heading, Link, Text } from "@react-email/components";
import { ActionLink, Layout, styles } from "./components/layout.tsx";

export type SessionFollowUpEmailProps = {
  recipientName: string;
  title: string;
  /** "attended": thanks and feedback; "no-show": the replay and where to catch it next. */
  variant: "attended" | "no-show";
  replayUrl: string | null;
  feedbackUrl: string;
  /** The next occurrence in the series, or the next session on a shared topic. */
  nextSession: { title: string; when: string; url: string } | null;
  catalogueUrl: string;
};

export function subject({ title, variant }: SessionFollowUpEmailProps) {
  return variant === "attended" ? `Thanks for joining ${title}` : `Sorry we missed you at ${title}`;
}

export default function SessionFollowUpEmail(props: SessionFollowUpEmailProps) {
  const { recipientName, title, variant, replayUrl, feedbackUrl, nextSession, catalogueUrl } = props;
  if (variant === "attended") {
    return (
      <Layout preview={subject(props)}>
        <Heading style={styles.heading}>Thanks for joining</Heading>
        <Text style={styles.paragraph}>
          Hi {recipientName}, thank you for attending {title}.{" "}
          {replayUrl ? "The replay is ready if you want to watch any part again." : "We will share the replay here once it is ready."}
        </Text>
        {replayUrl ? (
          <Text style={styles.paragraph}>
            Replay:{" "}
            <Link href={replayUrl} style={styles.link}>
              {replayUrl}
            </Link>
          </Text>
        ) : null}
        <Text style={styles.paragraph}>How was it? Two clicks tell the hosts what to keep and what to change.</Text>
        <ActionLink url={feedbackUrl} label="Give feedback" />
      </Layout>
    );
  }
  return (
    <Layout preview={subject(props)}>
      <Heading style={styles.heading}>Sorry we missed you</Heading>
      <Text style={styles.paragraph}>
        Hi {recipientName}, you were registered for {title} but could not make it.{" "}
        {replayUrl ? "The replay is ready, so you can catch up at your own pace." : "We will share the replay once it is ready."}
      </Text>
      {replayUrl ? <ActionLink url={replayUrl} label="Watch the replay" /> : null}
      {nextSession ? (
        <Text style={styles.paragraph}>
          Prefer it live? The next one is {nextSession.title} on {nextSession.when}:{" "}
          <Link href={nextSession.url} style={styles.link}>
            {nextSession.url}
          </Link>
        </Text>
      ) : (
        <Text style={styles.paragraph}>
          Prefer it live?{" "}
          <Link href={catalogueUrl} style={styles.link}>
            See upcoming sessions
          </Link>
          .
        </Text>
      )}
    </Layout>
  );
}

SessionFollowUpEmail.PreviewProps = {
  recipientName: "Ada",
  title: "Dashboards deep dive",
  variant: "no-show",
  replayUrl: "http://localhost:3000/library/dashboards-deep-dive",
  feedbackUrl: "http://localhost:3000/feedback/preview",
  nextSession: {
    title: "Dashboards deep dive",
    when: "Mar 17, 2026, 4:00 PM GMT+1",
    url: "http://localhost:3000/portal/sessions/preview-next",
  },
  catalogueUrl: "http://localhost:3000/portal/sessions",
} satisfies SessionFollowUpEmailProps;
