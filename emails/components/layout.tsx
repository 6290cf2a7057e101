import { Body, Button, Container, Head, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";

const fontFamily = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export const styles = {
  body: { backgroundColor: "#f4f4f5", fontFamily, margin: 0, padding: "24px 0" },
  container: { backgroundColor: "#ffffff", borderRadius: "8px", margin: "0 auto", maxWidth: "560px", padding: "32px" },
  brand: { color: "#4338ca", fontSize: "20px", fontWeight: 700, letterSpacing: "0.02em", margin: 0 },
  heading: { color: "#18181b", fontSize: "22px", fontWeight: 600, lineHeight: "30px", margin: "24px 0 12px" },
  paragraph: { color: "#3f3f46", fontSize: "15px", lineHeight: "24px", margin: "0 0 16px" },
  button: {
    backgroundColor: "#4338ca",
    borderRadius: "6px",
    color: "#ffffff",
    display: "inline-block",
    fontSize: "15px",
    fontWeight: 600,
    padding: "12px 22px",
    textDecoration: "none",
  },
  muted: { color: "#71717a", fontSize: "13px", lineHeight: "20px", margin: "0 0 8px" },
  link: { color: "#4338ca", wordBreak: "break-all" },
  hr: { borderColor: "#e4e4e7", margin: "28px 0 20px" },
} satisfies Record<string, CSSProperties>;

export function Layout({ preview, children }: { preview: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>Lyceum</Text>
          {children}
          <Hr style={styles.hr} />
          <Text style={styles.muted}>Sent by Lyceum. If you were not expecting this email, you can safely ignore it.</Text>
        </Container>
      </Body>
    </Html>
  );
}

/** The call to action, plus the bare URL for mail clients that block buttons. */
export function ActionLink({ url, label }: { url: string; label: string }) {
  return (
    <>
      <Section style={{ margin: "24px 0" }}>
        <Button href={url} style={styles.button}>
          {label}
        </Button>
      </Section>
      <Text style={styles.muted}>Or paste this link into your browser:</Text>
      <Text style={styles.muted}>
        <Link href={url} style={styles.link}>
          {url}
        </Link>
      </Text>
    </>
  );
}
