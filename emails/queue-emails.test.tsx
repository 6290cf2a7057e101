import { describe, expect, test } from "vitest";
import CsmHourOfferEmail from "./csm-hour-offer.tsx";
import { renderEmail, type CsmHourOfferEmailProps } from "./index.ts";

describe("the waiting queue's offer email", () => {
  test("renders its preview props to HTML and plain text", async () => {
    const email = await renderEmail("csm-hour-offer", CsmHourOfferEmail.PreviewProps);
    expect(email.subject).toBe("A CSM hour is free for you: Mar 10, 2026, 4:00 PM GMT+1");
    expect(email.html).toContain("Lyceum");
    expect(email.text).not.toMatch(/<[a-z]/i);
  });

  test("carries the claim link, the held time, its expiry and the purpose, and names the CSM only when known", async () => {
    const props: CsmHourOfferEmailProps = {
      recipientName: "Ada",
      when: "Nov 23, 2026, 3:30 PM GMT+5:30",
      durationMinutes: 90,
      csmName: "Casey Morgan",
      purpose: "Plan the rollout to two more teams",
      claimUrl: "http://localhost:3000/queue/offers/tok123",
      expiresAt: "Nov 21, 2026, 5:30 AM GMT+5:30",
    };
    const email = await renderEmail("csm-hour-offer", props);
    const anonymous = await renderEmail("csm-hour-offer", { ...props, csmName: null });

    expect(email.html).toContain('href="http://localhost:3000/queue/offers/tok123"');
    expect(email.text).toContain("http://localhost:3000/queue/offers/tok123");
    expect(email.text).toContain("Nov 23, 2026, 3:30 PM GMT+5:30 (1 hour 30 minutes)");
    expect(email.text).toContain("until Nov 21, 2026, 5:30 AM GMT+5:30");
    expect(email.text).toContain("About: Plan the rollout to two more teams");
    expect(email.text).toContain("With Casey Morgan");
    expect(email.text).toMatch(/decline/);
    expect(anonymous.text).not.toContain("With ");
  });
});
