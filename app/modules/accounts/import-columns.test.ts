import { describe, expect, test } from "vitest";
import { mapHeaders, normalizeHeader } from "./import-columns.ts";

describe("header mapping", () => {
  test.each([
    ["Record ID", "external_id"],
    ["Account ID", "external_id"],
    ["external_id", "external_id"],
    ["Company name", "name"],
    ["ACCOUNT NAME", "name"],
    ["\uFEFFname", "name"],
    ["Company Domain Name", "domains"],
    ["Annual Recurring Revenue", "arr"],
    ["ARR (USD)", "arr"],
    ["Renewal Date", "renewal_date"],
    ["CSM Email", "owner_csm_email"],
    ["Time-Zone", "time_zone"],
  ])("accounts: %s → %s", (header, field) => {
    const others = ["external_id", "name"].filter((required) => required !== field);
    const mapping = mapHeaders("ACCOUNTS", [header, ...others]);
    expect(mapping.ok && mapping.columns).toMatchObject({ [field]: 0 });
  });

  test("normalizes case, punctuation and a BOM", () => {
    expect(normalizeHeader("\uFEFF  Company_Name ")).toBe("company name");
    expect(normalizeHeader("E-mail")).toBe("e mail");
  });

  test("keeps the first of two columns for one field and lists unknown columns", () => {
    const mapping = mapHeaders("ACCOUNTS", ["Record ID", "Company name", "Account name", "Industry"]);
    expect(mapping).toEqual({ ok: true, columns: { external_id: 0, name: 1 }, ignored: ["Account name", "Industry"] });
  });

  test("names the missing required columns", () => {
    expect(mapHeaders("ACCOUNTS", ["Plan", "ARR"])).toEqual({ ok: false, missing: ["external_id", "name"] });
    expect(mapHeaders("CONTACTS", ["Email", "Last name"])).toEqual({
      ok: false,
      missing: ["account_external_id", "name (or first_name and last_name)"],
    });
    expect(mapHeaders("CONTACTS", ["Email", "First Name", "Last Name", "Account ID"]).ok).toBe(true);
  });
});
