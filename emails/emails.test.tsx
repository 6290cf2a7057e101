import { describe, expect, test } from "vitest";
import { renderEmail } from "./index.ts";

describe("email templates", () => {
  test("magic link carries the link, the expiry and its subject", async () => {
    const url = "http://localhost:3000/auth/magic?token=tok_magic";
    const email = await renderEmail("magic-link", { name: "Ada", url, expiresInMinutes: 15 });

    expect(email.subject).toBe("Your Lyceum sign-in link");
    expect(email.html).toContain(`href="${url}"`);
    expect(email.html).toContain("Lyceum");
    expect(email.text).toContain(url);
    expect(email.text).toContain("15 minutes");
    expect(email.text).not.toContain("<");
  });

  test("invite names the account, or the team for a staff invite", async () => {
    const url = "http://localhost:3000/invites/inv_123";
    const customer = await renderEmail("invite", {
      inviterName: "Grace",
      accountName: "Acme Corp",
      roleLabel: "Admin",
      url,
      expiresInDays: 7,
    });
    const staff = await renderEmail("invite", { inviterName: "Grace", accountName: null, roleLabel: "Staff", url, expiresInDays: 1 });

    expect(customer.subject).toBe("Grace invited you to Acme Corp on Lyceum");
    expect(customer.html).toContain(`href="${url}"`);
    expect(customer.text).toContain(url);
    expect(customer.text).toContain("Admin");
    expect(staff.subject).toBe("Grace invited you to join the Lyceum team");
    expect(staff.text).toContain("the Lyceum team");
    expect(staff.text).toContain("1 day.");
  });

  test("verify email links to confirmation, or asks for an invite when no account matches", async () => {
    const url = "http://localhost:3000/verify?token=tok_verify";
    const found = await renderEmail("verify-email", { url, accountName: "Acme Corp" });
    const orphan = await renderEmail("verify-email", { url: null, accountName: null });

    expect(found.subject).toBe("Confirm your email to join Acme Corp on Lyceum");
    expect(found.html).toContain(`href="${url}"`);
    expect(found.text).toContain(url);
    expect(orphan.subject).toBe("We could not find your team on Lyceum");
    expect(orphan.html).not.toContain("href=");
    expect(orphan.text).toContain("no customer account uses your email domain");
    expect(orphan.text).toContain("invitation");
  });
});
