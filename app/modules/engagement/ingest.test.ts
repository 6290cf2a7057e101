import { describe, expect, it } from "vitest";
import { MAX_EVENTS_PER_BATCH, parseBatchBody, productDedupeKey, validateBatch } from "./ingest.ts";

const now = new Date("2026-03-01T12:00:00Z");
const base = { eventId: "e1", accountId: "acc", feature: "reports", occurredAt: "2026-03-01T11:00:00Z" };

describe("parseBatchBody", () => {
  it("takes an object with 1 to 1,000 events and refuses the rest as a whole", () => {
    expect(parseBatchBody(JSON.stringify({ events: [base] }))).toEqual({ events: [base] });
    expect(parseBatchBody("{")).toMatchObject({ status: 400 });
    expect(parseBatchBody("[]")).toMatchObject({ status: 400 });
    expect(parseBatchBody(JSON.stringify({ events: {} }))).toMatchObject({ status: 400 });
    expect(parseBatchBody(JSON.stringify({ events: [] }))).toMatchObject({ status: 400 });
    expect(parseBatchBody(JSON.stringify({ events: Array(MAX_EVENTS_PER_BATCH).fill(base) }))).toHaveProperty("events");
    expect(parseBatchBody(JSON.stringify({ events: Array(MAX_EVENTS_PER_BATCH + 1).fill(base) }))).toMatchObject({ status: 413 });
  });
});

describe("validateBatch", () => {
  it("normalises what it accepts: kind defaults, domains and emails lower-cased, an email's domain taken", () => {
    const { valid, rejected } = validateBatch(
      [
        { ...base, feature: " reports ", value: 2 },
        { ...base, accountId: undefined, accountDomain: "Ops@ACME.example", userEmail: "Pat@Acme.Example" },
      ],
      now,
    );
    expect(rejected).toEqual([]);
    expect(valid[0]!.event).toMatchObject({
      kind: "product.used",
      feature: "reports",
      value: 2,
      occurredAt: new Date("2026-03-01T11:00:00Z"),
    });
    expect(valid[1]!.event).toMatchObject({ accountDomain: "acme.example", userEmail: "pat@acme.example" });
  });

  it("bounds occurredAt: five minutes ahead at most, 400 days back at most, with a zone", () => {
    const at = (occurredAt: string) => validateBatch([{ ...base, occurredAt }], now);
    expect(at("2026-03-01T12:05:00Z").valid).toHaveLength(1);
    expect(at("2026-03-01T12:05:01Z").rejected[0]!.errors).toEqual(["occurredAt: is more than 5 minutes in the future"]);
    expect(at("2025-01-26T12:00:00Z").valid).toHaveLength(1);
    expect(at("2025-01-25T11:59:59Z").rejected[0]!.errors).toEqual(["occurredAt: is more than 400 days ago"]);
    expect(at("2026-03-01T13:00:00+02:00").valid).toHaveLength(1);
    expect(at("2026-03-01").rejected[0]!.errors[0]).toMatch(/ISO 8601/);
  });

  it("names each refused event by index and eventId with every problem it has", () => {
    const { valid, rejected } = validateBatch(
      [
        base,
        { eventId: "", feature: "", occurredAt: "x", kind: "page.viewed", value: "1" },
        42,
        { ...base, accountDomain: "acme.example" },
      ],
      now,
    );
    expect(valid.map((entry) => entry.index)).toEqual([0]);
    expect(rejected.map((entry) => [entry.index, entry.eventId])).toEqual([
      [1, ""],
      [2, null],
      [3, "e1"],
    ]);
    expect(rejected[0]!.errors.map((error) => error.split(":")[0])).toEqual(["eventId", "kind", "feature", "occurredAt", "value"]);
    expect(rejected[2]!.errors).toEqual(["account: give accountId or accountDomain, one of the two"]);
  });

  it("keys the idempotency on the client's eventId", () => {
    expect(productDedupeKey("abc")).toBe("product:abc");
  });
});
