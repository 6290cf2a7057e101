import { Heading, Text } from "@react-email/components";
import { ActionLink, Layout, styles } from "./components/layout.tsx";

export type InviteEmailProps = {
  inviterName: string;
  /** null for a staff invite: the reader joins the Lyceum team, not a customer account. */
  accountName?: string | null;
  roleLabel: string;
  url: string;
  expiresInDays: number;
};

export function subject({ inviterName, accountName }: InviteEmailProps) {
  return accountName ? `${inviterName} invited you to ${accountName} on Lyceum` : `${inviterName} invited you to join the Lyceum team`;
}

export default function InviteEmail(props: InviteEmailProps) {
  const { inviterName, accountName, roleLabel, url, expiresInDays } = props;
  const place = accountName ? `${accountName} on Lyceum` : "the Lyceum team";
  return (
    <Layout preview={subject(props)}>
      <Heading style={styles.heading}>You are invited to {place}</Heading>
      <Text style={styles.paragraph}>
        {inviterName} invited you to join {place} as {roleLabel}. Accept the invitation to set up your sign-in.
      </Text>
      <ActionLink url={url} label="Accept invitation" />
      <Text style={styles.muted}>
        This invitation expires in {expiresInDays} {expiresInDays === 1 ? "day" : "days"}.
      </Text>
    </Layout>
  );
}

InviteEmail.PreviewProps = {
  inviterName: "Grace Hopper",
  accountName: "Acme Corp",
  roleLabel: "Member",
  url: "http://localhost:3000/invites/preview",
  expiresInDays: 7,
} satisfies InviteEmailProps;
