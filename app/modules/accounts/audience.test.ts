import { describe, expect, test } from "vitest";
import { audienceIncludes, audienceWhere } from "./audience.ts";

describe("audience", () => {
  test("an empty list is everybody, staff included; a list admits only its tiers", () => {
    expect(audienceIncludes("", null)).toBe(true);
    expect(audienceIncludes("", "TECH")).toBe(true);
    expect(audienceIncludes("LOW, TECH", "TECH")).toBe(true);
    expect(audienceIncludes("LOW,TECH", "HIGH")).toBe(false);
    expect(audienceIncludes("LOW,TECH", null)).toBe(false);
  });

  test("the where fragment says the same for a tier, and only open items for no tier", () => {
    expect(audienceWhere("LOW")).toEqual({ OR: [{ audienceTiers: "" }, { audienceTiers: { contains: "LOW" } }] });
    expect(audienceWhere(null)).toEqual({ audienceTiers: "" });
  });
});
