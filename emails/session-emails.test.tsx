import { describe, expect, test } from "vitest";
import { renderEmail, templates, type TemplateName } from "./index.ts";

const SESSION_TEMPLATES = Object.keys(templates).filter((name): name is TemplateName => name.startsWith("session-"));

describe("session email templates", () => {
  test.each(SESSION_TEMPLATES)("%s renders its preview props to HTML and plain text", async (name) => {
    const { PreviewProps } = templates[name].component as unknown as { PreviewProps: never };
    const email = await renderEmail(name, PreviewProps);

    expect(email.subject).toContain("Dashboards");
    expect(email.html).toContain("Lyceum");
    expect(email.text).not.toMatch(/<[a-z]/i);
  });

  test("the follow-up asks attendees for feedback and points no-shows to the next session", async () => {
    const base = {
      recipientName: "Ada",
      title: "Dashboards deep dive",
      replayUrl: null,
      feedbackUrl: "http://localhost:3000/feedback/abc",
      nextSession: {
        title: "Dashboards deep dive",
        when: "Mar 17, 2026, 4:00 PM GMT+1",
        url: "http://localhost:3000/portal/sessions/next",
      },
      catalogueUrl: "http://localhost:3000/portal/sessions",
    };
    const attended = await renderEmail("session-follow-up", { ...base, variant: "attended" });
    const noShow = await renderEmail("session-follow-up", { ...base, variant: "no-show" });
    const noShowNoNext = await renderEmail("session-follow-up", { ...base, variant: "no-show", nextSession: null });

    expect(attended.html).toContain('href="http://localhost:3000/feedback/abc"');
    expect(attended.text).not.toContain("/portal/sessions/next");
    expect(noShow.text).toContain("http://localhost:3000/portal/sessions/next");
    expect(noShow.text).toContain("Mar 17, 2026, 4:00 PM GMT+1");
    expect(noShow.text).not.toContain("/feedback/");
    expect(noShowNoNext.html).toContain('href="http://localhost:3000/portal/sessions"');
  });

  test("the cancellation mentions the invite only when there is one", async () => {
    const props = {
      recipientName: "Ada",
      session: { title: "Dashboards deep dive", when: "Mar 10, 2026, 4:00 PM GMT+1", durationMinutes: 90, hostNames: ["Grace", "Alan"] },
      reason: "session" as const,
      catalogueUrl: "http://localhost:3000/portal/sessions",
    };
    const withInvite = await renderEmail("session-cancelled", { ...props, hasInvite: true });
    const waitlisted = await renderEmail("session-cancelled", { ...props, hasInvite: false });

    expect(withInvite.text).toContain("invite.ics");
    expect(withInvite.text).toContain("1 hour 30 minutes");
    expect(withInvite.text).toContain("Hosts: Grace, Alan");
    expect(waitlisted.text).not.toContain("invite.ics");
  });
});
