// A newsletter is rendered once per time zone (react-email is too slow to run per recipient at send
// speed) with these markers left in; each recipient's copy is then made by plain substitution.

export const PLACEHOLDERS = {
  name: "%%lyceum.name%%",
  firstName: "%%lyceum.first_name%%",
  email: "%%lyceum.email%%",
  /** https link: unsubscribe from this newsletter's topic (a page with one button; the POST is one click). */
  unsubscribeUrl: "%%lyceum.unsubscribe_url%%",
  /** https link: the preference centre, all topics and the global opt-out. */
  preferencesUrl: "%%lyceum.preferences_url%%",
  /** Signed recipient id for click tracking links (see trackedHref). */
  recipientToken: "%%lyceum.recipient_token%%",
} as const;

export type PlaceholderValues = Record<keyof typeof PLACEHOLDERS, string>;

/** Every link in a newsletter goes through the click tracker, which records the click and redirects. */
export function trackedHref(appUrl: string, url: string): string {
  return `${appUrl}/email/click/${PLACEHOLDERS.recipientToken}?to=${encodeURIComponent(url)}`;
}

/** Replaces every marker with the recipient's value. Values are inserted as given: escape for HTML first. */
export function personalise(template: string, values: PlaceholderValues): string {
  let out = template;
  for (const key of Object.keys(PLACEHOLDERS) as (keyof typeof PLACEHOLDERS)[]) {
    out = out.split(PLACEHOLDERS[key]).join(values[key]);
  }
  return out;
}

const TEST_PREFIX = "test-";

/** The recipient id in previews and test sends: no row has it, so the click tracker redirects without counting. */
export function testRecipientId(newsletterId: string): string {
  return `${TEST_PREFIX}${newsletterId}`;
}

/** The newsletter a preview's or test's recipient id stands for, or null for a real recipient id. */
export function newsletterOfTestRecipient(recipientId: string): string | null {
  return recipientId.startsWith(TEST_PREFIX) ? recipientId.slice(TEST_PREFIX.length) : null;
}
