import { Heading, Text } from "@react-email/components";
import { CsmHourDetails, PREVIEW_CSM_HOUR, type CsmHourSummary } from "./components/csm-hour-details.tsx";
import { ActionLink, Layout, styles } from "./components/layout.tsx";

export type CsmHourReminderEmailProps = {
  recipientName: string;
  audience: "customer" | "csm";
  hour: CsmHourSummary;
  lead: "24h" | "1h";
  /** The customer's page for the booking (sign-in needed: the emailed link's secret is not kept); null for the CSM. */
  manageUrl: string | null;
};

const LEAD_TEXT = { "24h": "tomorrow", "1h": "in 1 hour" } as const;

export function subject({ hour, lead, audience }: CsmHourReminderEmailProps) {
  return audience === "customer"
    ? `Starting ${LEAD_TEXT[lead]}: ${hour.title} · ${hour.when}`
    : `Starting ${LEAD_TEXT[lead]}: your hour with ${hour.withWhom}`;
}

export default function CsmHourReminderEmail(props: CsmHourReminderEmailProps) {
  const { recipientName, audience, hour, lead, manageUrl } = props;
  return (
    <Layout preview={subject(props)}>
      <Heading style={styles.heading}>
        Your hour with {audience === "customer" ? "your CSM" : "a customer"} starts {LEAD_TEXT[lead]}
      </Heading>
      <Text style={styles.paragraph}>
        Hi {recipientName},{" "}
        {audience === "customer"
          ? "a reminder of your hour with a customer success manager."
          : "a reminder of the hour a customer booked with you. Their words are below."}
      </Text>
      <CsmHourDetails hour={hour} />
      {manageUrl ? (
        <>
          <ActionLink url={manageUrl} label="See or change your booking" />
          <Text style={styles.muted}>
            Cannot make it after all? Sign in to reschedule or cancel, or use the link in your confirmation email, which works without
            signing in.
          </Text>
        </>
      ) : null}
    </Layout>
  );
}

CsmHourReminderEmail.PreviewProps = {
  recipientName: "Ada",
  audience: "customer",
  hour: PREVIEW_CSM_HOUR,
  lead: "24h",
  manageUrl: "http://localhost:3000/portal/bookings/preview",
} satisfies CsmHourReminderEmailProps;
