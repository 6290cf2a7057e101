import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server.ts";

describe("parseEnv", () => {
  it("gives every variable a working default", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      APP_URL: "http://localhost:3000",
      DATABASE_URL: "file:./data/lyceum.db",
      WORKER_ENABLED: true,
    });
    expect(env.RESEND_API_KEY).toBeUndefined();
  });

  it("treats empty values as unset and coerces numbers and booleans", () => {
    expect(parseEnv({ PORT: "8080", RESEND_API_KEY: "", WORKER_ENABLED: "false", APP_URL: "https://x.example/" })).toMatchObject({
      PORT: 8080,
      WORKER_ENABLED: false,
      APP_URL: "https://x.example",
    });
  });

  it("without APP_URL, links and the origin check follow PORT", () => {
    expect(parseEnv({ PORT: "3999" }).APP_URL).toBe("http://localhost:3999");
    expect(parseEnv({ PORT: "3999", APP_URL: "https://cs.example.com/" }).APP_URL).toBe("https://cs.example.com");
  });

  it("names every bad variable in one clear message", () => {
    expect(() =>
      parseEnv({ PORT: "eighty", APP_URL: "not a url", DEFAULT_TIME_ZONE: "Mars/Olympus", RESEND_API_KEY: "sk_123" }),
    ).toThrowError(/PORT[\s\S]*APP_URL: APP_URL must be an absolute URL[\s\S]*RESEND_API_KEY[\s\S]*DEFAULT_TIME_ZONE/);
  });

  it("takes Mux as all five values or none, and names the missing ones", () => {
    const mux = {
      MUX_TOKEN_ID: "id",
      MUX_TOKEN_SECRET: "secret",
      MUX_WEBHOOK_SECRET: "whsec",
      MUX_SIGNING_KEY_ID: "key",
      MUX_SIGNING_KEY_PRIVATE: "cGVt",
    };
    expect(parseEnv(mux)).toMatchObject(mux);
    expect(parseEnv({}).MUX_TOKEN_ID).toBeUndefined();
    expect(() => parseEnv({ MUX_TOKEN_ID: "id", MUX_TOKEN_SECRET: "secret" })).toThrowError(
      /MUX_WEBHOOK_SECRET: MUX_WEBHOOK_SECRET is required[\s\S]*MUX_SIGNING_KEY_ID[\s\S]*MUX_SIGNING_KEY_PRIVATE/,
    );
  });
});
