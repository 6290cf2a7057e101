import { describe, expect, it } from "vitest";
import { PLACEHOLDERS } from "~/modules/newsletters/placeholders.ts";
import { markdownForEmail } from "~/modules/newsletters/email-markdown.ts";
import { isTemplateName, renderNewsletterEmail } from "./index.ts";
import NewsletterEmail, { type NewsletterEmailProps } from "./newsletter.tsx";

const APP = "https://lyceum.example";
const props: NewsletterEmailProps = { ...NewsletterEmail.PreviewProps, appUrl: APP };
const click = (url: string) => `${APP}/email/click/${PLACEHOLDERS.recipientToken}?to=${encodeURIComponent(url)}`;

describe("newsletter template", () => {
  it("renders the blocks in order with every body link tracked and the placeholders left in", async () => {
    const { subject, html, text } = await renderNewsletterEmail(props);
    expect(subject).toBe("What's new this month");
    expect(html).toContain("A deep dive on dashboards, and a one-pager to keep");
    const order = ["This month", "Dashboards deep dive", "Dashboard cheat sheet", "Book an hour with a CSM", "You receive Product updates"];
    const positions = order.map((words) => text.indexOf(words));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(html).toContain(`href="${click("https://example.com/notes")}"`);
    expect(html).toContain(`href="${click("http://localhost:3000/portal/sessions/preview")}"`);
    expect(html).toContain(`href="${click("http://localhost:3000/portal/book")}"`);
    expect(html).toContain(`href="${PLACEHOLDERS.unsubscribeUrl}"`);
    expect(html).toContain(`href="${PLACEHOLDERS.preferencesUrl}"`);
    expect(text).toContain(`Hi ${PLACEHOLDERS.firstName},`);
    expect(text).toContain("Tue 1 Dec, 16:00 CET (Europe/Paris) · 1 hour");
    expect(html).toMatch(/>Register</);
    expect(html).toMatch(/>Read</);
  });

  it("is not a template the generic email.send job can name: its placeholders are only filled by the newsletter delivery", () => {
    expect(isTemplateName("newsletter")).toBe(false);
  });

  it("shows a cancelled session as cancelled, with no Register button", async () => {
    const blocks = props.blocks.map((block) => (block.type === "session" ? { ...block, state: "cancelled" as const } : block));
    const { html, text } = await renderNewsletterEmail({ ...props, blocks });
    expect(text).toContain("This session was cancelled.");
    expect(html).not.toMatch(/>Register</);
  });

  it("keeps staff markdown inert: no script, no unsafe link, styles only where the sanitiser put tags", () => {
    const html = markdownForEmail(
      '[x](https://a.example "<p>") <script>alert(1)</script> [bad](javascript:alert(1)) <img src=x onerror=alert(1)>',
      APP,
    );
    expect(html).not.toContain("<script");
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("onerror");
    expect(html).not.toMatch(/title="<p style=/);
    expect(html).toContain(`href="${click("https://a.example")}"`);
  });
});
