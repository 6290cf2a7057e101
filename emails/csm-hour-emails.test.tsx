import { describe, expect, test } from "vitest";
import { PREVIEW_CSM_HOUR } from "./components/csm-hour-details.tsx";
import { renderEmail, templates, type TemplateName } from "./index.ts";

// The booking's own emails, each carrying the hour's details and its calendar event.
const CSM_HOUR_TEMPLATES = [
  "csm-hour-cancelled",
  "csm-hour-confirmation",
  "csm-hour-reminder",
  "csm-hour-rescheduled",
] as const satisfies TemplateName[];
const MANAGE_URL = "http://localhost:3000/bookings/tok_manage";
const links = {
  googleCalendarUrl: "https://calendar.google.com/calendar/render?action=TEMPLATE",
  outlookCalendarUrl: "https://outlook.live.com/calendar/0/deeplink/compose",
};

describe("CSM hour email templates", () => {
  test.each(CSM_HOUR_TEMPLATES)("%s renders its preview props to HTML and plain text", async (name) => {
    const { PreviewProps } = templates[name].component as unknown as { PreviewProps: never };
    const email = await renderEmail(name, PreviewProps);
    expect(email.subject).toContain(PREVIEW_CSM_HOUR.when);
    expect(email.html).toContain("Lyceum");
    expect(email.text).toContain(PREVIEW_CSM_HOUR.purpose);
    expect(email.text).not.toMatch(/<[a-z]/i);
  });

  test("the customer's confirmation carries the manage link and the refund deadline; the CSM's names who booked and has no link", async () => {
    const customer = await renderEmail("csm-hour-confirmation", {
      recipientName: "Ada",
      audience: "customer",
      hour: PREVIEW_CSM_HOUR,
      manageUrl: MANAGE_URL,
      refundNote: "Cancel by Mar 9, 2026, 4:00 PM GMT+1 and the hour goes back on your balance; after that it stays drawn.",
      ...links,
    });
    const csm = await renderEmail("csm-hour-confirmation", {
      recipientName: "Casey",
      audience: "csm",
      hour: { ...PREVIEW_CSM_HOUR, withWhom: "Ada Lovelace (Northwind)", when: "Mar 10, 2026, 10:00 AM EST" },
      manageUrl: null,
      refundNote: null,
      ...links,
    });

    expect(customer.subject).toBe("Booked: One hour with a CSM · Mar 10, 2026, 4:00 PM GMT+1");
    expect(customer.html).toContain(`href="${MANAGE_URL}"`);
    expect(customer.text).toContain("Reschedule or cancel");
    expect(customer.text).toContain("Cancel by Mar 9, 2026, 4:00 PM GMT+1");
    expect(customer.text).toContain("With: Casey Morgan");
    expect(csm.subject).toBe("New booking: Ada Lovelace (Northwind) · Mar 10, 2026, 10:00 AM EST");
    expect(csm.text).toContain("With: Ada Lovelace (Northwind)");
    expect(csm.html).not.toContain("/bookings/");
    expect(csm.text).not.toContain("Reschedule or cancel");
  });

  test("the cancellation tells the customer whether the hour came back", async () => {
    const props = {
      recipientName: "Ada",
      audience: "customer" as const,
      hour: PREVIEW_CSM_HOUR,
      variant: "cancelled" as const,
      reason: null,
      bookUrl: "http://localhost:3000/portal/book",
    };
    const refunded = await renderEmail("csm-hour-cancelled", { ...props, refund: "refunded" });
    const late = await renderEmail("csm-hour-cancelled", { ...props, refund: "not-refunded", reason: "Something came up" });
    const movedAway = await renderEmail("csm-hour-cancelled", {
      ...props,
      audience: "csm",
      variant: "moved-away",
      refund: null,
      bookUrl: null,
    });

    expect(refunded.text).toContain("the hour is back on your account's balance");
    expect(late.text).toContain("the hour stays drawn");
    expect(late.text).toContain("Reason given: Something came up");
    expect(refunded.text).toContain("invite.ics");
    expect(movedAway.subject).toMatch(/^Moved to another CSM/);
    expect(movedAway.text).toContain("another CSM takes it");
    expect(movedAway.html).not.toContain("/portal/book");
  });

  test("the reschedule names the old time; an hour moved to a new CSM reads as theirs", async () => {
    const props = { recipientName: "Ada", hour: PREVIEW_CSM_HOUR, previousWhen: "Mar 9, 2026, 2:00 PM GMT+1", ...links };
    const moved = await renderEmail("csm-hour-rescheduled", { ...props, audience: "customer", variant: "moved", manageUrl: MANAGE_URL });
    const assigned = await renderEmail("csm-hour-rescheduled", { ...props, audience: "csm", variant: "assigned", manageUrl: null });

    expect(moved.subject).toBe("Rescheduled: One hour with a CSM · now Mar 10, 2026, 4:00 PM GMT+1");
    expect(moved.text).toContain("from Mar 9, 2026, 2:00 PM GMT+1");
    expect(moved.html).toContain(`href="${MANAGE_URL}"`);
    expect(assigned.subject).toMatch(/^New booking:/);
    expect(assigned.text).toContain("it is now with you");
  });
});
