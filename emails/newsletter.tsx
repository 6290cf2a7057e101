import { Body, Button, Container, Head, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import { PLACEHOLDERS, trackedHref } from "~/modules/newsletters/placeholders.ts";
import { markdownForEmail } from "~/modules/newsletters/email-markdown.ts";
import type { SessionState } from "~/modules/newsletters/featured.ts";
import { formatDuration } from "./components/session-details.tsx";
import { styles } from "./components/layout.tsx";

// Rendered once per time zone with PLACEHOLDERS left in (decision 0027): nothing here may depend on
// the recipient beyond what a placeholder stands for. Every link goes through the click tracker.

export type NewsletterEmailBlock =
  | { type: "text"; markdown: string }
  | {
      type: "session";
      title: string;
      /** "Webinar" or "Expert session". */
      kindLabel: string;
      /** The start in the zone being rendered, with the zone named: "Tue 1 Dec, 16:00 CET (Europe/Paris)". */
      when: string;
      durationMinutes: number;
      hostNames: string[];
      state: SessionState;
      /** The session's portal page, where the reader registers. */
      url: string;
    }
  | { type: "content"; kindLabel: string; actionLabel: string; title: string; summary: string; url: string }
  | { type: "cta"; label: string; url: string };

export type NewsletterEmailProps = {
  subject: string;
  preheader: string;
  topicName: string;
  companyName: string;
  /** For the click tracker's links. */
  appUrl: string;
  blocks: NewsletterEmailBlock[];
};

export function subject({ subject }: NewsletterEmailProps) {
  return subject;
}

const card = { backgroundColor: "#f4f4f5", borderRadius: "6px", margin: "0 0 20px", padding: "16px" };
const eyebrow = { ...styles.muted, fontWeight: 600, letterSpacing: "0.04em", margin: "0 0 4px", textTransform: "uppercase" as const };
const title = { ...styles.paragraph, fontSize: "17px", fontWeight: 600, margin: "0 0 6px" };

function ActionButton({ href, label }: { href: string; label: string }) {
  return (
    <Section style={{ margin: "12px 0 4px" }}>
      <Button href={href} style={styles.button}>
        {label}
      </Button>
    </Section>
  );
}

function SessionBlock({ block, appUrl }: { block: Extract<NewsletterEmailBlock, { type: "session" }>; appUrl: string }) {
  const hosts = block.hostNames.length ? `${block.hostNames.length === 1 ? "Host" : "Hosts"}: ${block.hostNames.join(", ")}` : null;
  return (
    <Section style={card}>
      <Text style={eyebrow}>{block.kindLabel}</Text>
      <Text style={{ ...title, textDecoration: block.state === "cancelled" ? "line-through" : undefined }}>{block.title}</Text>
      <Text style={{ ...styles.paragraph, margin: "0 0 4px" }}>{`${block.when} · ${formatDuration(block.durationMinutes)}`}</Text>
      {hosts ? <Text style={{ ...styles.paragraph, margin: "0 0 4px" }}>{hosts}</Text> : null}
      {block.state === "upcoming" ? (
        <ActionButton href={trackedHref(appUrl, block.url)} label="Register" />
      ) : (
        <Text style={{ ...styles.paragraph, fontWeight: 600, margin: "8px 0 0" }}>
          {block.state === "cancelled" ? "This session was cancelled." : "This session has already taken place."}
        </Text>
      )}
    </Section>
  );
}

export default function NewsletterEmail(props: NewsletterEmailProps) {
  const { preheader, topicName, companyName, appUrl, blocks } = props;
  return (
    <Html lang="en">
      <Head />
      {preheader ? <Preview>{preheader}</Preview> : null}
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>{companyName}</Text>
          <Text style={{ ...styles.paragraph, margin: "24px 0 16px" }}>{`Hi ${PLACEHOLDERS.firstName},`}</Text>
          {blocks.map((block, index) => {
            switch (block.type) {
              case "text":
                return <div key={index} dangerouslySetInnerHTML={{ __html: markdownForEmail(block.markdown, appUrl) }} />;
              case "session":
                return <SessionBlock key={index} block={block} appUrl={appUrl} />;
              case "content":
                return (
                  <Section key={index} style={card}>
                    <Text style={eyebrow}>{block.kindLabel}</Text>
                    <Text style={title}>{block.title}</Text>
                    {block.summary ? <Text style={{ ...styles.paragraph, margin: "0 0 4px" }}>{block.summary}</Text> : null}
                    <ActionButton href={trackedHref(appUrl, block.url)} label={block.actionLabel} />
                  </Section>
                );
              case "cta":
                return (
                  <Section key={index} style={{ margin: "8px 0 24px", textAlign: "center" }}>
                    <Button href={trackedHref(appUrl, block.url)} style={styles.button}>
                      {block.label}
                    </Button>
                  </Section>
                );
            }
          })}
          <Hr style={styles.hr} />
          <Text style={styles.muted}>{`You receive ${topicName} from ${companyName}.`}</Text>
          <Text style={styles.muted}>
            <Link href={PLACEHOLDERS.unsubscribeUrl} style={styles.link}>
              {`Unsubscribe from ${topicName}`}
            </Link>{" "}
            ·{" "}
            <Link href={PLACEHOLDERS.preferencesUrl} style={styles.link}>
              Choose which emails you get
            </Link>
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

NewsletterEmail.PreviewProps = {
  subject: "What's new this month",
  preheader: "A deep dive on dashboards, and a one-pager to keep",
  topicName: "Product updates",
  companyName: "Lyceum",
  appUrl: "http://localhost:3000",
  blocks: [
    { type: "text", markdown: "This month: **dashboards**. Read the [release notes](https://example.com/notes)." },
    {
      type: "session",
      title: "Dashboards deep dive",
      kindLabel: "Webinar",
      when: "Tue 1 Dec, 16:00 CET (Europe/Paris)",
      durationMinutes: 60,
      hostNames: ["Casey Morgan"],
      state: "upcoming",
      url: "http://localhost:3000/portal/sessions/preview",
    },
    {
      type: "content",
      kindLabel: "One-pager",
      actionLabel: "Read",
      title: "Dashboard cheat sheet",
      summary: "Every chart type on one page.",
      url: "http://localhost:3000/portal/library/dashboard-cheat-sheet",
    },
    { type: "cta", label: "Book an hour with a CSM", url: "http://localhost:3000/portal/book" },
  ],
} satisfies NewsletterEmailProps;
