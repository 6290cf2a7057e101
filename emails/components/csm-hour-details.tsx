import { Section, Text } from "@react-email/components";
import { styles } from "./layout.tsx";
import { formatDuration } from "./session-details.tsx";

/** What every email about a booked CSM hour says about it, with the time already in the reader's zone. */
export type CsmHourSummary = {
  title: string;
  /** Start in the reader's zone with the zone named, e.g. "Mar 10, 2026, 4:00 PM GMT+1". */
  when: string;
  durationMinutes: number;
  /** Who the reader meets: the CSM for the customer; the person and their account for the CSM. */
  withWhom: string;
  /** What the hour is for, in the customer's words. */
  purpose: string;
};

const PURPOSE_SHOWN = 600;

export function CsmHourDetails({ hour, struck = false }: { hour: CsmHourSummary; struck?: boolean }) {
  const purpose = hour.purpose.length > PURPOSE_SHOWN ? `${hour.purpose.slice(0, PURPOSE_SHOWN - 1)}…` : hour.purpose;
  return (
    <Section style={{ backgroundColor: "#f4f4f5", borderRadius: "6px", margin: "0 0 20px", padding: "12px 16px" }}>
      <Text style={{ ...styles.paragraph, fontWeight: 600, margin: "0 0 4px" }}>{hour.title}</Text>
      <Text style={{ ...styles.paragraph, margin: "0 0 4px", textDecoration: struck ? "line-through" : undefined }}>
        When: {hour.when} ({formatDuration(hour.durationMinutes)})
      </Text>
      <Text style={{ ...styles.paragraph, margin: "0 0 4px" }}>With: {hour.withWhom}</Text>
      {purpose ? <Text style={{ ...styles.paragraph, margin: 0 }}>What it is for: {purpose}</Text> : null}
    </Section>
  );
}

export const PREVIEW_CSM_HOUR: CsmHourSummary = {
  title: "One hour with a CSM",
  when: "Mar 10, 2026, 4:00 PM GMT+1",
  durationMinutes: 60,
  withWhom: "Casey Morgan",
  purpose: "Our goal is to roll out dashboards to two more teams before our renewal.",
};
