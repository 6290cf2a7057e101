import { describe, expect, test } from "vitest";
import CsmWeeklyDigestEmail from "./csm-weekly-digest.tsx";
import { renderEmail } from "./index.ts";

const preview = CsmWeeklyDigestEmail.PreviewProps;

describe("signals email templates", () => {
  test("the weekly digest lists each section with absolute links to the accounts", async () => {
    const email = await renderEmail("csm-weekly-digest", preview);

    expect(email.subject).toBe("Your accounts this week (Nov 16 – Nov 23, 2026) · 1 newly at risk");
    expect(email.html).toContain('href="http://localhost:3000/console/accounts/northwind"');
    expect(email.html).toContain('href="http://localhost:3000/console/signals"');
    expect(email.text).toContain("Score fell 22 points since 24 Oct");
    expect(email.text).toContain("Green → Red");
    expect(email.text).toContain("3 CSM hours were booked by 2 of your accounts.");
    expect(email.text).not.toMatch(/<[a-z]/i);
  });

  test("a quiet week says so in every section", async () => {
    const email = await renderEmail("csm-weekly-digest", {
      ...preview,
      healthChanges: [],
      newlyAtRisk: [],
      readyToExpand: [],
      renewals: [],
      hoursBooked: { count: 0, accounts: 0 },
    });
    expect(email.subject).toBe("Your accounts this week (Nov 16 – Nov 23, 2026)");
    expect(email.text).toContain("No account became at risk.");
    expect(email.text).toContain("No CSM hours were booked by your accounts.");
  });

  test("the session invitation links to the session page and promises no seat", async () => {
    const email = await renderEmail("session-invitation", {
      recipientName: "Ada",
      invitedBy: "Casey Morgan",
      session: { title: "Rollout clinic", when: "Dec 1, 2026, 4:00 PM GMT+1", durationMinutes: 45, hostNames: ["Grace"] },
      sessionUrl: "http://localhost:3000/portal/sessions/s1",
    });
    expect(email.subject).toBe("You're invited: Rollout clinic · Dec 1, 2026, 4:00 PM GMT+1");
    expect(email.html).toContain('href="http://localhost:3000/portal/sessions/s1"');
    expect(email.text).toContain("Casey Morgan thought this session would help your team");
    expect(email.text).toContain("does not hold a seat");
  });
});
