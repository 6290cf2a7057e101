import { describe, expect, it } from "vitest";
import { csrfRefusal, sameOriginRefusal } from "./csrf.ts";

const base = { path: "/settings", allowedOrigins: ["https://lyceum.example.com"], secFetchSite: null };

describe("csrfRefusal", () => {
  it("lets reads through whatever their origin", () => {
    expect(csrfRefusal({ ...base, method: "GET", origin: "https://evil.example" })).toBeNull();
    expect(csrfRefusal({ ...base, method: "HEAD", origin: null })).toBeNull();
  });

  it("accepts a mutation from our own origin", () => {
    expect(csrfRefusal({ ...base, method: "POST", origin: "https://lyceum.example.com", secFetchSite: "same-origin" })).toBeNull();
  });

  it("refuses mutations from another site, without an Origin, or marked cross-site", () => {
    expect(csrfRefusal({ ...base, method: "POST", origin: "https://evil.example" })).toMatch(/not allowed/);
    expect(csrfRefusal({ ...base, method: "DELETE", origin: null })).toMatch(/missing/);
    expect(csrfRefusal({ ...base, method: "POST", origin: "null" })).toMatch(/missing/);
    expect(csrfRefusal({ ...base, method: "POST", origin: "https://lyceum.example.com", secFetchSite: "cross-site" })).toMatch(
      /cross-site/,
    );
  });

  it("leaves bearer-key API and signed webhook routes to their own checks", () => {
    expect(csrfRefusal({ ...base, path: "/api/v1/events", method: "POST", origin: null })).toBeNull();
    expect(csrfRefusal({ ...base, path: "/webhooks/mux", method: "POST", origin: null })).toBeNull();
  });

  it("lets mail providers POST one-click unsubscribes with no Origin, but nothing else under /email/", () => {
    const post = { ...base, method: "POST", origin: null };
    expect(csrfRefusal({ ...post, path: "/email/unsubscribe/unsub.u1.t1.sig" })).toBeNull();
    expect(csrfRefusal({ ...post, secFetchSite: "cross-site", path: "/email/unsubscribe/unsub.u1.t1.sig" })).toBeNull();
    expect(csrfRefusal({ ...post, path: "/email/preferences/prefs.u1.sig" })).toMatch(/missing/);
    expect(csrfRefusal({ ...post, origin: "https://evil.example", path: "/email/preferences/prefs.u1.sig" })).toMatch(/not allowed/);
    expect(csrfRefusal({ ...post, origin: "https://lyceum.example.com", path: "/email/preferences/prefs.u1.sig" })).toBeNull();
  });

  it("checks cookie-authenticated API routes when they ask, with no exempt paths", () => {
    const api = { allowedOrigins: base.allowedOrigins, secFetchSite: null };
    expect(sameOriginRefusal({ ...api, method: "POST", origin: "https://lyceum.example.com" })).toBeNull();
    expect(sameOriginRefusal({ ...api, method: "POST", origin: null })).toMatch(/missing/);
    expect(sameOriginRefusal({ ...api, method: "POST", origin: "https://evil.example" })).toMatch(/not allowed/);
    expect(sameOriginRefusal({ ...api, method: "GET", origin: null })).toBeNull();
  });
});
