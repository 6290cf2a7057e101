import { Heading, Link, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { ActionLink, Layout, styles } from "./components/layout.tsx";

// Monday morning, for one CSM: what changed on their accounts over the last seven days. Every account
// name links to its page (absolute URLs, built by the sender from APP_URL).

export type DigestAccountLine = { name: string; url: string; detail: string };

export type CsmWeeklyDigestEmailProps = {
  csmName: string;
  /** "Nov 16 – Nov 23, 2026". */
  weekLabel: string;
  accountCount: number;
  healthChanges: DigestAccountLine[];
  newlyAtRisk: DigestAccountLine[];
  readyToExpand: DigestAccountLine[];
  renewals: DigestAccountLine[];
  /** CSM hours their accounts booked in the week. */
  hoursBooked: { count: number; accounts: number };
  signalsUrl: string;
};

export function subject({ newlyAtRisk, weekLabel }: CsmWeeklyDigestEmailProps) {
  const risk = newlyAtRisk.length ? ` · ${newlyAtRisk.length} newly at risk` : "";
  return `Your accounts this week (${weekLabel})${risk}`;
}

function Lines({ title, empty, lines }: { title: string; empty: string; lines: DigestAccountLine[] }): ReactNode {
  return (
    <Section style={{ margin: "0 0 20px" }}>
      <Text style={{ ...styles.paragraph, fontWeight: 600, margin: "0 0 6px" }}>
        {title} ({lines.length})
      </Text>
      {lines.length === 0 ? <Text style={styles.muted}>{empty}</Text> : null}
      {lines.map((line) => (
        <Text key={line.url + line.detail} style={{ ...styles.paragraph, margin: "0 0 6px" }}>
          <Link href={line.url} style={{ ...styles.link, fontWeight: 600 }}>
            {line.name}
          </Link>
          : {line.detail}
        </Text>
      ))}
    </Section>
  );
}

export default function CsmWeeklyDigestEmail(props: CsmWeeklyDigestEmailProps) {
  const { csmName, weekLabel, accountCount, healthChanges, newlyAtRisk, readyToExpand, renewals, hoursBooked, signalsUrl } = props;
  const hours =
    hoursBooked.count === 0
      ? "No CSM hours were booked by your accounts."
      : `${hoursBooked.count} CSM ${hoursBooked.count === 1 ? "hour was" : "hours were"} booked by ${hoursBooked.accounts} of your accounts.`;
  return (
    <Layout preview={subject(props)}>
      <Heading style={styles.heading}>Your accounts this week</Heading>
      <Text style={styles.paragraph}>
        Hi {csmName}, here is what changed on your {accountCount} {accountCount === 1 ? "account" : "accounts"} from {weekLabel}.
      </Text>
      <Lines title="Newly at risk" empty="No account became at risk." lines={newlyAtRisk} />
      <Lines title="Health changes" empty="No account changed health." lines={healthChanges} />
      <Lines title="Ready to expand" empty="No account shows expansion signals yet." lines={readyToExpand} />
      <Lines title="Renewing in the next 30 days" empty="No renewals in the next 30 days." lines={renewals} />
      <Text style={styles.paragraph}>{hours}</Text>
      <ActionLink url={signalsUrl} label="Open your signals" />
    </Layout>
  );
}

const account = (name: string, detail: string) => ({ name, detail, url: `http://localhost:3000/console/accounts/${name.toLowerCase()}` });

CsmWeeklyDigestEmail.PreviewProps = {
  csmName: "Casey",
  weekLabel: "Nov 16 – Nov 23, 2026",
  accountCount: 12,
  healthChanges: [account("Northwind", "Green → Red")],
  newlyAtRisk: [account("Northwind", "Score fell 22 points since 24 Oct; Renews in 37 days, $48,000 ARR")],
  readyToExpand: [account("Contoso", "Score 82, in the green band (60+); Attended 2 expert sessions in the last 90 days")],
  renewals: [account("Fabrikam", "Renews Dec 12, 2026, $120,000 ARR")],
  hoursBooked: { count: 3, accounts: 2 },
  signalsUrl: "http://localhost:3000/console/signals",
} satisfies CsmWeeklyDigestEmailProps;
