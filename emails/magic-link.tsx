import { Heading, Text } from "@react-email/components";
import { ActionLink, Layout, styles } from "./components/layout.tsx";

export type MagicLinkEmailProps = { name?: string | null; url: string; expiresInMinutes: number };

export function subject(_props: MagicLinkEmailProps) {
  return "Your Lyceum sign-in link";
}

export default function MagicLinkEmail({ name, url, expiresInMinutes }: MagicLinkEmailProps) {
  return (
    <Layout preview="Sign in to Lyceum with one click">
      <Heading style={styles.heading}>{name ? `Hi ${name}, sign in to Lyceum` : "Sign in to Lyceum"}</Heading>
      <Text style={styles.paragraph}>Use the button below to sign in. The link works once and expires in {expiresInMinutes} minutes.</Text>
      <ActionLink url={url} label="Sign in" />
      <Text style={styles.muted}>If you did not ask to sign in, nobody can use this link without access to your inbox.</Text>
    </Layout>
  );
}

MagicLinkEmail.PreviewProps = {
  name: "Ada",
  url: "http://localhost:3000/auth/magic?token=preview",
  expiresInMinutes: 15,
} satisfies MagicLinkEmailProps;
