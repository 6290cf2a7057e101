import { describe, expect, test } from "vitest";
import CsmHourFollowUpEmail, { type CsmHourFollowUpEmailProps } from "./csm-hour-follow-up.tsx";
import { renderEmail } from "./index.ts";

const base: CsmHourFollowUpEmailProps = {
  recipientName: "Mateo",
  csmName: "Sam Okafor",
  variant: "completed",
  when: "Mar 10, 2026, 10:00 AM CDT",
  message: null,
  items: [
    {
      title: "Dashboards that answer a question",
      kindLabel: "Video",
      summary: "Build a dashboard around one question.",
      url: "http://localhost:3000/portal/library/dashboards",
    },
    { title: "Permissions at a glance", kindLabel: "One-pager", summary: "", url: "http://localhost:3000/portal/library/permissions" },
  ],
  bookUrl: "http://localhost:3000/portal/book",
};

describe("the CSM hour follow-up email", () => {
  test("renders its preview props to HTML and plain text", async () => {
    const email = await renderEmail("csm-hour-follow-up", CsmHourFollowUpEmail.PreviewProps);
    expect(email.subject).toBe("Following up on your hour with Sam Okafor");
    expect(email.html).toContain("Lyceum");
    expect(email.text).not.toMatch(/<[a-z]/i);
  });

  test("links every recommended item by its absolute URL, and the way to book again", async () => {
    const email = await renderEmail("csm-hour-follow-up", base);
    for (const item of base.items) {
      expect(email.html).toContain(`href="${item.url}"`);
      expect(email.text).toContain(item.url);
      expect(email.text).toContain(item.title);
    }
    expect(email.text).toContain("(Video)");
    expect(email.text).toContain("Build a dashboard around one question.");
    expect(email.html).toContain('href="http://localhost:3000/portal/book"');
    expect(email.text).toContain("thank you for your hour with Sam Okafor on Mar 10, 2026, 10:00 AM CDT");
    expect(email.text).toContain("a few things Sam Okafor recommends");
    expect(email.text).not.toContain("A note from");
  });

  test("carries the CSM's message as paragraphs, escaped", async () => {
    const email = await renderEmail("csm-hour-follow-up", {
      ...base,
      items: [],
      message: "First, the <dashboards> guide.\n\nThen the permissions one.",
    });
    expect(email.text).toContain("A note from Sam Okafor:");
    expect(email.text).toContain("First, the <dashboards> guide.");
    expect(email.text).toContain("Then the permissions one.");
    expect(email.html).toContain("First, the &lt;dashboards&gt; guide.");
    expect(email.text).not.toContain("recommends for what you want to do");
  });

  test("a no-show is told it was missed, not thanked", async () => {
    const email = await renderEmail("csm-hour-follow-up", { ...base, variant: "no-show", items: base.items.slice(0, 1) });
    expect(email.subject).toBe("Sorry we missed each other: a few resources from Sam Okafor");
    expect(email.text).toContain("Sam Okafor waited for you at your hour on Mar 10, 2026, 10:00 AM CDT");
    expect(email.text).toContain("Here is something Sam Okafor recommends");
    expect(email.text).not.toContain("thank you for your hour");
  });
});
