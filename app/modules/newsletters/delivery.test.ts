import { describe, expect, test } from "vitest";
import { batchIdempotencyKey, cappedWait, MAX_RATE_LIMIT_WAIT_MS, personaliseCopy, TokenBucket } from "./delivery.ts";
import { PLACEHOLDERS } from "./placeholders.ts";

describe("TokenBucket", () => {
  test("spaces requests by 1/rate with no burst, and a late request earns no burst afterwards", () => {
    let now = 0;
    const bucket = new TokenBucket(5, () => now, 0);
    expect(bucket.intervalMs).toBe(200);
    expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBe(200);
    expect(bucket.reserve()).toBe(400);
    now = 1_000; // idle for a while: the next request goes now, the one after waits a full interval
    expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBe(200);
  });

  test("a request that leaves late pushes the next slot: two departures are never closer than an interval", () => {
    let now = 0;
    const bucket = new TokenBucket(5, () => now, 0);
    expect(bucket.reserve()).toBe(0);
    bucket.departed();
    expect(bucket.reserve()).toBe(200); // slot at 200…
    now = 230; // …but the event loop only got to it at 230
    bucket.departed();
    now = 400;
    expect(bucket.reserve()).toBe(30); // not 400 (the slot after 200) but 230 + 200
  });

  test("a request slower than the fastest round trip delays the request one window after it by the difference", () => {
    let now = 0;
    const bucket = new TokenBucket(5, () => now, 0);
    const departures = [];
    for (let index = 0; index < 5; index++) {
      now += bucket.reserve();
      const departure = bucket.departed();
      now += index === 0 ? 45 : 10; // the first round trip is slow (a cold connection)
      bucket.answered(departure);
      departures.push(departure.at);
    }
    expect(departures).toEqual([0, 200, 400, 600, 800]);
    now = 900;
    expect(bucket.reserve()).toBe(1_035 - 900); // 1,000 by spacing, + 35 ms for request 0's slow trip
    bucket.departed();
    now = 1_200;
    expect(bucket.reserve()).toBe(35); // request 1 was as fast as the best: spacing alone (1,035 + 200)
  });

  test("holdFor pushes every later request past the provider's wait", () => {
    let now = 0;
    const bucket = new TokenBucket(2, () => now, 0);
    expect(bucket.reserve()).toBe(0);
    bucket.holdFor(3_000);
    expect(bucket.reserve()).toBe(3_000);
    expect(bucket.reserve()).toBe(3_500);
    now = 10_000;
    bucket.holdFor(100);
    expect(bucket.reserve()).toBe(100);
  });

  test("leaves the headroom unused by default: 5/s with 2 % headroom is one request per 204 ms", () => {
    expect(new TokenBucket(5).intervalMs).toBeCloseTo(204.08, 2);
  });

  test("refuses a rate of 0", () => {
    expect(() => new TokenBucket(0)).toThrow(/above 0/);
  });
});

describe("personaliseCopy", () => {
  const rendered = {
    subject: `News for ${PLACEHOLDERS.firstName}`,
    html: `<p>Hello ${PLACEHOLDERS.name} (${PLACEHOLDERS.email})</p><a href="${PLACEHOLDERS.unsubscribeUrl}">Unsubscribe</a><a href="https://app.test/email/click/${PLACEHOLDERS.recipientToken}?to=x">x</a>`,
    text: `Hello ${PLACEHOLDERS.name}\nPreferences: ${PLACEHOLDERS.preferencesUrl}`,
  };
  const links = {
    unsubscribeUrl: "https://app.test/email/unsubscribe/u.1",
    preferencesUrl: "https://app.test/email/preferences/p.1",
    recipientToken: "click.r1.sig",
  };

  test("fills every placeholder, escaping the name in HTML only", () => {
    const copy = personaliseCopy(rendered, { id: "r1", email: "ada@acme.test", name: "Ada <b>Lovelace</b> & co", timeZone: "UTC" }, links);
    expect(copy.subject).toBe("News for Ada");
    expect(copy.html).toBe(
      '<p>Hello Ada &lt;b&gt;Lovelace&lt;/b&gt; &amp; co (ada@acme.test)</p><a href="https://app.test/email/unsubscribe/u.1">Unsubscribe</a><a href="https://app.test/email/click/click.r1.sig?to=x">x</a>',
    );
    expect(copy.text).toBe("Hello Ada <b>Lovelace</b> & co\nPreferences: https://app.test/email/preferences/p.1");
    expect(copy.html).not.toContain("%%lyceum");
  });

  test("a recipient without a name is greeted by address", () => {
    const copy = personaliseCopy(rendered, { id: "r2", email: "bo@acme.test", name: "  ", timeZone: "UTC" }, links);
    expect(copy.subject).toBe("News for bo@acme.test");
  });
});

test("batch keys are stable per batch and a 429 wait is capped", () => {
  expect(batchIdempotencyKey("n1", "b1")).toBe("newsletter:n1:batch:b1");
  expect(cappedWait(2_000)).toBe(2_000);
  expect(cappedWait(10 * 60_000)).toBe(MAX_RATE_LIMIT_WAIT_MS);
  expect(cappedWait(-5)).toBe(0);
});
