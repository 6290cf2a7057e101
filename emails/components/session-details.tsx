import { Link, Section, Text } from "@react-email/components";
import { styles } from "./layout.tsx";

/** What every session email says about the session, with times already in the reader's zone. */
export type SessionSummary = {
  title: string;
  /** Start in the recipient's zone with the zone named, e.g. "Mar 10, 2026, 4:00 PM CET". */
  when: string;
  durationMinutes: number;
  hostNames: string[];
};

export function formatDuration(minutes: number) {
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const hourText = `${hours} ${hours === 1 ? "hour" : "hours"}`;
  return rest ? `${hourText} ${rest} minutes` : hourText;
}

export function SessionDetails({ session }: { session: SessionSummary }) {
  return (
    <Section style={{ backgroundColor: "#f4f4f5", borderRadius: "6px", margin: "0 0 20px", padding: "12px 16px" }}>
      <Text style={{ ...styles.paragraph, fontWeight: 600, margin: "0 0 4px" }}>{session.title}</Text>
      <Text style={{ ...styles.paragraph, margin: "0 0 4px" }}>
        When: {session.when} ({formatDuration(session.durationMinutes)})
      </Text>
      {session.hostNames.length > 0 ? (
        <Text style={{ ...styles.paragraph, margin: 0 }}>
          {session.hostNames.length === 1 ? "Host" : "Hosts"}: {session.hostNames.join(", ")}
        </Text>
      ) : null}
    </Section>
  );
}

/** Add-to-calendar links for readers whose mail client ignores the attached invite. */
export function CalendarLinks({ google, outlook }: { google: string; outlook: string }) {
  return (
    <Text style={styles.muted}>
      Add to your calendar:{" "}
      <Link href={google} style={styles.link}>
        Google Calendar
      </Link>{" "}
      ·{" "}
      <Link href={outlook} style={styles.link}>
        Outlook
      </Link>
    </Text>
  );
}

export const PREVIEW_SESSION: SessionSummary = {
  title: "Dashboards deep dive",
  when: "Mar 10, 2026, 4:00 PM GMT+1",
  durationMinutes: 60,
  hostNames: ["Grace Hopper"],
};
