import { describe, expect, it } from "vitest";
import { baseURL } from "./browser.ts";

// The server itself, over HTTP: headers, CSRF and health, as any client sees them.
describe("the HTTP server", () => {
  it("answers /livez without asking the database", async () => {
    const response = await fetch(`${baseURL()}/livez`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toBe("ok\n");
  });

  it("answers /healthz with the database's state", async () => {
    const response = await fetch(`${baseURL()}/healthz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      status: string;
      database: { journalMode: string; foreignKeys: boolean; migrationsApplied: number };
    };
    expect(body.status).toBe("ok");
    expect(body.database).toMatchObject({ journalMode: "wal", foreignKeys: true });
    expect(body.database.migrationsApplied).toBeGreaterThan(0);
  });

  it("sets security headers with a per-response script nonce", async () => {
    const first = await fetch(`${baseURL()}/login`);
    const second = await fetch(`${baseURL()}/login`);
    const csp = first.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeTruthy();
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
    expect(await first.text()).toContain(`nonce="${nonce}"`);
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(first.headers.get("x-powered-by")).toBeNull();
    // Served over plain http here, so no HSTS (browsers ignore it there anyway).
    expect(first.headers.get("strict-transport-security")).toBeNull();
  });

  it("refuses a cross-site POST before it reaches the action", async () => {
    const body = new URLSearchParams({ intent: "magic-link", email: "admin@lyceum.example" });
    const forged = await fetch(`${baseURL()}/login`, { method: "POST", body, headers: { Origin: "https://evil.example" } });
    expect(forged.status).toBe(403);
    const missing = await fetch(`${baseURL()}/login`, { method: "POST", body });
    expect(missing.status).toBe(403);
  });

  it("answers a bad form with 400, never 500", async () => {
    const response = await fetch(`${baseURL()}/login`, {
      method: "POST",
      headers: { Origin: baseURL(), "Content-Type": "application/x-www-form-urlencoded" },
      body: "intent=password&email=%%%",
      redirect: "manual",
    });
    expect(response.status).toBe(400);
  });

  it("serves the build's files (the favicon, hashed assets) with their cache lifetimes, and pages through Remix", async () => {
    const favicon = await fetch(`${baseURL()}/favicon.svg`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get("content-type")).toContain("image/svg+xml");
    expect(favicon.headers.get("cache-control")).toBe("public, max-age=3600");
    const login = await (await fetch(`${baseURL()}/login`)).text();
    const asset = /\/assets\/[\w.-]+\.js/.exec(login)?.[0];
    expect(asset).toBeTruthy();
    const script = await fetch(`${baseURL()}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await fetch(`${baseURL()}/favicon.svg.missing`)).status).toBe(404);
  });

  it("sends unknown pages a 404 and anonymous visitors to sign in", async () => {
    expect((await fetch(`${baseURL()}/no-such-page`)).status).toBe(404);
    const console = await fetch(`${baseURL()}/console`, { redirect: "manual" });
    expect(console.status).toBe(302);
    expect(console.headers.get("location")).toBe("/login?redirectTo=%2Fconsole");
  });
});
