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
