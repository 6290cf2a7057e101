import { Heading, Text } from "@react-email/components";
import { ActionLink, Layout, styles } from "./components/layout.tsx";

export type VerifyEmailProps = {
  /** null when no customer account claims the reader's email domain: nothing to verify into. */
  url: string | null;
  accountName?: string | null;
};

export function subject({ url, accountName }: VerifyEmailProps) {
  if (!url) return "We could not find your team on Lyceum";
  return accountName ? `Confirm your email to join ${accountName} on Lyceum` : "Confirm your email for Lyceum";
}

export default function VerifyEmail(props: VerifyEmailProps) {
  const { url, accountName } = props;
  if (!url) {
    return (
      <Layout preview={subject(props)}>
        <Heading style={styles.heading}>We could not find your team</Heading>
        <Text style={styles.paragraph}>
          Someone signed up to Lyceum with this address, but no customer account uses your email domain yet.
        </Text>
        <Text style={styles.paragraph}>Ask your account admin to send you an invitation; it will bring you straight in.</Text>
      </Layout>
    );
  }
  return (
    <Layout preview={subject(props)}>
      <Heading style={styles.heading}>Confirm your email</Heading>
      <Text style={styles.paragraph}>
        {accountName
          ? `Confirm this address to join ${accountName} on Lyceum.`
          : "Confirm this address to finish setting up your Lyceum sign-in."}
      </Text>
      <ActionLink url={url} label="Confirm email" />
    </Layout>
  );
}

VerifyEmail.PreviewProps = {
  url: "http://localhost:3000/verify?token=preview",
  accountName: "Acme Corp",
} satisfies VerifyEmailProps;
