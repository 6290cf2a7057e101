import { Heading, Link, Section, Text } from "@react-email/components";
import { ActionLink, Layout, styles } from "./components/layout.tsx";

export type CsmHourFollowUpItem = { title: string; kindLabel: string; summary: string; url: string };

export type CsmHourFollowUpEmailProps = {
  recipientName: string;
  csmName: string;
  /** "completed": thanks for the conversation; "no-show": sorry we missed each other. */
  variant: "completed" | "no-show";
  /** When the hour was, in the customer's zone. */
  when: string;
  /** The CSM's own words, plain text; paragraphs split on blank lines. */
  message: string | null;
  items: CsmHourFollowUpItem[];
  bookUrl: string;
};

export function subject({ csmName, variant }: CsmHourFollowUpEmailProps) {
  return variant === "completed"
    ? `Following up on your hour with ${csmName}`
    : `Sorry we missed each other: a few resources from ${csmName}`;
}

const itemStyle = { margin: "0 0 16px", paddingLeft: "12px", borderLeft: "3px solid #e0e7ff" };

export default function CsmHourFollowUpEmail(props: CsmHourFollowUpEmailProps) {
  const { recipientName, csmName, variant, when, message, items, bookUrl } = props;
  const paragraphs = (message ?? "")
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  return (
    <Layout preview={subject(props)}>
      <Heading style={styles.heading}>{variant === "completed" ? "Thanks for the conversation" : "Sorry we missed each other"}</Heading>
      <Text style={styles.paragraph}>
        Hi {recipientName},{" "}
        {variant === "completed"
          ? `thank you for your hour with ${csmName} on ${when}.`
          : `${csmName} waited for you at your hour on ${when}, but you could not make it.`}{" "}
        {items.length
          ? `Here ${items.length === 1 ? "is something" : "are a few things"} ${csmName} recommends for what you want to do.`
          : ""}
      </Text>
      {paragraphs.length ? (
        <Section style={{ margin: "0 0 16px" }}>
          <Text style={styles.muted}>A note from {csmName}:</Text>
          {paragraphs.map((paragraph, index) => (
            <Text key={index} style={{ ...styles.paragraph, whiteSpace: "pre-line" }}>
              {paragraph}
            </Text>
          ))}
        </Section>
      ) : null}
      {items.map((item) => (
        <Section key={item.url} style={itemStyle}>
          <Text style={{ ...styles.paragraph, margin: "0 0 4px" }}>
            <Link href={item.url} style={{ ...styles.link, fontWeight: 600 }}>
              {item.title}
            </Link>{" "}
            ({item.kindLabel})
          </Text>
          {item.summary ? <Text style={{ ...styles.muted, margin: "0 0 4px" }}>{item.summary}</Text> : null}
          <Text style={{ ...styles.muted, margin: 0 }}>{item.url}</Text>
        </Section>
      ))}
      <Text style={styles.paragraph}>
        {variant === "completed"
          ? "Want to go further? Book another hour when you are ready."
          : "Book another hour at a time that suits you."}
      </Text>
      <ActionLink url={bookUrl} label="Book an hour" />
    </Layout>
  );
}

CsmHourFollowUpEmail.PreviewProps = {
  recipientName: "Mateo",
  csmName: "Sam Okafor",
  variant: "completed",
  when: "Mar 10, 2026, 10:00 AM CDT",
  message:
    "Great talking through your rollout plan.\n\nStart with the dashboards guide, then the permissions one-pager before you add the two new teams.",
  items: [
    {
      title: "Dashboards that answer a question",
      kindLabel: "Video",
      summary: "Build a dashboard around the one question your team asks every Monday.",
      url: "http://localhost:3000/portal/library/dashboards-that-answer-a-question",
    },
    {
      title: "Roles and permissions at a glance",
      kindLabel: "One-pager",
      summary: "",
      url: "http://localhost:3000/portal/library/roles-and-permissions",
    },
  ],
  bookUrl: "http://localhost:3000/portal/book",
} satisfies CsmHourFollowUpEmailProps;
