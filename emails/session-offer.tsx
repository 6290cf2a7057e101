import { Heading, Link, Text } from "@react-email/components";
import { PREVIEW_SESSION, SessionDetails, type SessionSummary } from "./components/session-details.tsx";
import { ActionLink, Layout, styles } from "./components/layout.tsx";

export type SessionOfferEmailProps = {
  recipientName: string;
  session: SessionSummary;
  claimUrl: string;
  declineUrl: string;
  /** When the held seat moves on, in the recipient's zone with the zone named. */
  expiresAt: string;
};

export function subject({ session }: SessionOfferEmailProps) {
  return `A seat opened up: ${session.title} · ${session.when}`;
}

export default function SessionOfferEmail(props: SessionOfferEmailProps) {
  const { recipientName, session, claimUrl, declineUrl, expiresAt } = props;
  return (
    <Layout preview={subject(props)}>
      <Heading style={styles.heading}>A seat is waiting for you</Heading>
      <Text style={styles.paragraph}>
        Hi {recipientName}, a seat freed up and you are next on the waitlist. We are holding it for you until {expiresAt}; after that it
        goes to the next person.
      </Text>
      <SessionDetails session={session} />
      <ActionLink url={claimUrl} label="Claim your seat" />
      <Text style={styles.muted}>
        Cannot make it?{" "}
        <Link href={declineUrl} style={styles.link}>
          Decline the seat
        </Link>{" "}
        so the next person gets it sooner: {declineUrl}
      </Text>
    </Layout>
  );
}

SessionOfferEmail.PreviewProps = {
  recipientName: "Ada",
  session: PREVIEW_SESSION,
  claimUrl: "http://localhost:3000/offers/preview",
  declineUrl: "http://localhost:3000/offers/preview?decline=1",
  expiresAt: "Mar 9, 2026, 4:00 PM GMT+1",
} satisfies SessionOfferEmailProps;
