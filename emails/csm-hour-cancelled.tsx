import { Heading, Text } from "@react-email/components";
import { CsmHourDetails, PREVIEW_CSM_HOUR, type CsmHourSummary } from "./components/csm-hour-details.tsx";
import { ActionLink, Layout, styles } from "./components/layout.tsx";

export type CsmHourCancelledEmailProps = {
  recipientName: string;
  audience: "customer" | "csm";
  hour: CsmHourSummary;
  /** "cancelled": the hour will not take place. "moved-away": it moved to another CSM, so it leaves this CSM's calendar. */
  variant: "cancelled" | "moved-away";
  /** Customer only: whether the hour went back on the balance; "not-drawn" when it never drew one. */
  refund: "refunded" | "not-refunded" | "not-drawn" | null;
  /** What the customer gave as the reason, if anything. */
  reason: string | null;
  /** Where the customer can book another hour; null for the CSM. */
  bookUrl: string | null;
};

export function subject({ audience, hour, variant }: CsmHourCancelledEmailProps) {
  if (variant === "moved-away") return `Moved to another CSM: ${hour.withWhom} · ${hour.when}`;
  return audience === "customer" ? `Cancelled: ${hour.title} · ${hour.when}` : `Cancelled: ${hour.withWhom} · ${hour.when}`;
}

const REFUND_TEXT = {
  refunded: "You cancelled in time, so the hour is back on your account's balance.",
  "not-refunded": "It was cancelled after the refund cut-off, so the hour stays drawn from your account's balance.",
  "not-drawn": "This hour did not draw on any balance, so there is nothing to give back.",
} as const;

export default function CsmHourCancelledEmail(props: CsmHourCancelledEmailProps) {
  const { recipientName, audience, hour, variant, refund, reason, bookUrl } = props;
  const intro =
    variant === "moved-away"
      ? "the customer moved this hour to a time when you were not free, so another CSM takes it. It is off your calendar."
      : audience === "customer"
        ? "as you asked, your hour with a customer success manager is cancelled."
        : "the customer cancelled this hour. The time is free again.";
  return (
    <Layout preview={subject(props)}>
      <Heading style={styles.heading}>{variant === "moved-away" ? "An hour moved to another CSM" : "This hour is cancelled"}</Heading>
      <Text style={styles.paragraph}>
        Hi {recipientName}, {intro}
      </Text>
      <CsmHourDetails hour={hour} struck />
      {reason ? <Text style={styles.paragraph}>Reason given: {reason}</Text> : null}
      {refund ? <Text style={styles.paragraph}>{REFUND_TEXT[refund]}</Text> : null}
      <Text style={styles.muted}>The attached invite (invite.ics) removes the event from your calendar.</Text>
      {bookUrl ? <ActionLink url={bookUrl} label="Book another hour" /> : null}
    </Layout>
  );
}

CsmHourCancelledEmail.PreviewProps = {
  recipientName: "Ada",
  audience: "customer",
  hour: PREVIEW_CSM_HOUR,
  variant: "cancelled",
  refund: "refunded",
  reason: "We moved our rollout to next quarter.",
  bookUrl: "http://localhost:3000/portal/book",
} satisfies CsmHourCancelledEmailProps;
