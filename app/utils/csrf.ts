const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

// Routes authenticated by a bearer key or a signature, never by the session cookie: a forged
// cross-site request carries no credential there, so there is nothing to defend. An /api/ route that
// does read the session cookie (api.progress) calls sameOriginRefusal itself. One-click unsubscribe is
// POSTed by mail providers' servers with no Origin (RFC 8058); its signed token is the credential.
const COOKIELESS_PREFIXES = ["/api/", "/webhooks/", "/email/unsubscribe/"];

export type OriginCheckInput = {
  method: string;
  path: string;
  origin: string | null;
  secFetchSite: string | null;
  /** Origins this app is served from, e.g. "https://lyceum.example.com". */
  allowedOrigins: string[];
};

/**
 * CSRF defence for every mutation: browsers send `Origin` (and `Sec-Fetch-Site`) with every
 * cross-origin POST and cannot be made to lie about them, so a mutation is accepted only when it
 * comes from one of our own pages. SameSite=Lax cookies are the second line.
 * Returns a reason to refuse, or null to accept.
 */
export function csrfRefusal(input: OriginCheckInput): string | null {
  if (COOKIELESS_PREFIXES.some((prefix) => input.path.startsWith(prefix))) return null;
  return sameOriginRefusal(input);
}

/**
 * The same check with no exempt paths: for a route under /api/ that is authenticated by the session
 * cookie after all (the player's progress beacons), which must therefore check for itself.
 */
export function sameOriginRefusal(input: Omit<OriginCheckInput, "path">): string | null {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return null;
  if (input.secFetchSite === "cross-site") return "cross-site request";
  if (!input.origin || input.origin === "null") return "missing Origin header";
  if (!input.allowedOrigins.includes(input.origin)) return `origin ${input.origin} is not allowed`;
  return null;
}
