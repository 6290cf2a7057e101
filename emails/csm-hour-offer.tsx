import { Heading, Section, Text } from "@react-email/components";
import { formatDuration } from "./components/session-details.tsx";
import { ActionLink, Layout, styles } from "./components/layout.tsx";

export type CsmHourOfferEmailProps = {
  recipientName: string;
  /** The held start in the recipient's zone with the zone named, e.g. "Mar 10, 2026, 4:00 PM CET". */
  when: string;
  durationMinutes: number;
  csmName: string | null;
  /** What they said the hour is for when they joined the queue. */
  purpose: string;
  claimUrl: string;
  /** When the held time moves on, in the recipient's zone with the zone named. */
  expiresAt: string;
};

export function subject({ when }: CsmHourOfferEmailProps) {
  return `A CSM hour is free for you: ${when}`;
}

export default function CsmHourOfferEmail(props: CsmHourOfferEmailProps) {
  const { recipientName, when, durationMinutes, csmName, purpose, claimUrl, expiresAt } = props;
  return (
    <Layout preview={subject(props)}>
      <Heading style={styles.heading}>Time with a CSM freed up</Heading>
      <Text style={styles.paragraph}>
        Hi {recipientName}, you are at the head of the queue for an hour with a CSM, and a time just became free. We are holding it for you
        alone until {expiresAt}.
      </Text>
      <Section style={{ backgroundColor: "#f4f4f5", borderRadius: "6px", margin: "0 0 20px", padding: "12px 16px" }}>
        <Text style={{ ...styles.paragraph, fontWeight: 600, margin: "0 0 4px" }}>
          {when} ({formatDuration(durationMinutes)})
        </Text>
        {csmName ? <Text style={{ ...styles.paragraph, margin: "0 0 4px" }}>With {csmName}</Text> : null}
        <Text style={{ ...styles.paragraph, margin: 0 }}>About: {purpose}</Text>
      </Section>
      <ActionLink url={claimUrl} label="Claim this hour" />
      <Text style={styles.muted}>
        Claiming books the hour and uses one of your account&apos;s CSM hours. Cannot make it? Open the same link and decline, so the next
        person gets the time sooner. If you do nothing, the offer lapses at {expiresAt} and you leave the queue; you can join again from the
        booking page.
      </Text>
    </Layout>
  );
}

CsmHourOfferEmail.PreviewProps = {
  recipientName: "Ada",
  when: "Mar 10, 2026, 4:00 PM GMT+1",
  durationMinutes: 60,
  csmName: "Casey Morgan",
  purpose: "Plan the rollout to two more teams before our renewal",
  claimUrl: "http://localhost:3000/queue/offers/preview",
  expiresAt: "Mar 9, 2026, 9:00 PM GMT+1",
} satisfies CsmHourOfferEmailProps;
