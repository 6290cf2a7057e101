// Links that work without signing in carry their credential in the path (a booking's manage token,
// a queue or seat offer, an invitation, a sign-up, a join or feedback code). The database keeps only
// their hashes; the request log must not keep them either.

const SECRET_PATHS = [
  /^(\/bookings\/)[^/]+/,
  /^(\/queue\/offers\/)[^/]+/,
  /^(\/offers\/)[^/]+/,
  /^(\/invite\/)[^/]+/,
  /^(\/signup\/)[^/]+/,
  /^(\/join\/)[^/]+/,
  /^(\/feedback\/)[^/]+/,
];

/** The request path as it may be logged: a credential segment becomes ":token". */
export function pathForLog(path: string): string {
  for (const pattern of SECRET_PATHS) {
    if (pattern.test(path)) return path.replace(pattern, "$1:token");
  }
  return path;
}

const SECRET_PARAMS = ["token", "code"];

/** A full URL as it may be logged: the path as pathForLog has it, and `token`/`code` query values hidden. */
export function urlForLog(url: string): string {
  try {
    const parsed = new URL(url);
    for (const name of SECRET_PARAMS) if (parsed.searchParams.has(name)) parsed.searchParams.set(name, ":token");
    return `${parsed.origin}${pathForLog(parsed.pathname)}${parsed.search}`;
  } catch {
    return pathForLog(url);
  }
}
