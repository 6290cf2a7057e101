import { describe, expect, test } from "vitest";
import {
  exampleCsv,
  mapHeaders,
  normalizeHeader,
  parseArrCents,
  parseContactRole,
  parseCurrency,
  parseDomains,
  parseImportCsv,
  parseRenewalDate,
  parseTier,
  parseTimeZone,
  previewCells,
  validateAccountRow,
  validateContactRow,
} from "./import.ts";
import { MAX_IMPORT_ROWS } from "./import.schema.ts";

const valueOf = <T>(parsed: { ok: true; value: T } | { ok: false; error: string }) => (parsed.ok ? parsed.value : `error: ${parsed.error}`);

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

describe("cell parsers", () => {
  test.each([
    ["48000", 4_800_000],
    ["$48,000.00", 4_800_000],
    ["48000.50", 4_800_050],
    ["48000.5", 4_800_050],
    ["USD 1,234,567.89", 123_456_789],
    ["48 000 €", 4_800_000],
    ["0", 0],
  ])("ARR %s → %i cents", (text, cents) => {
    expect(valueOf(parseArrCents(text))).toBe(cents);
  });

  test.each(["-5", "$-48,000", "48.000,00", "12.345", "48k", "1,00", "abc", "21474837"])("ARR %s is refused", (text) => {
    expect(parseArrCents(text).ok).toBe(false);
  });

  test("ARR up to what an Int column holds", () => {
    expect(valueOf(parseArrCents("21,474,836.47"))).toBe(2_147_483_647);
    expect(valueOf(parseArrCents("21,474,836.48"))).toMatch(/too large/);
  });

  test.each([
    ["HIGH", "HIGH"],
    ["High touch", "HIGH"],
    ["low-touch", "LOW"],
    ["Tech Touch", "TECH"],
    ["tech_touch", "TECH"],
  ])("tier %s → %s", (text, tier) => {
    expect(valueOf(parseTier(text))).toBe(tier);
  });

  test("unknown tier is refused with the accepted values", () => {
    expect(valueOf(parseTier("enterprise"))).toMatch(/High touch, Low touch or Tech touch/);
  });

  test("roles accept admin and refuse staff roles", () => {
    expect(valueOf(parseContactRole("admin"))).toBe("ACCOUNT_ADMIN");
    expect(valueOf(parseContactRole("Account Admin"))).toBe("ACCOUNT_ADMIN");
    expect(valueOf(parseContactRole("member"))).toBe("MEMBER");
    expect(parseContactRole("CSM").ok).toBe(false);
  });

  test("domains split on ; , and spaces, lower-cased, deduplicated, URLs reduced to the host", () => {
    expect(valueOf(parseDomains("Acme.com; acme.io,acme.co.uk  ACME.com"))).toEqual(["acme.com", "acme.io", "acme.co.uk"]);
    expect(valueOf(parseDomains("https://www.Northwind.example/about"))).toEqual(["northwind.example"]);
    expect(valueOf(parseDomains("bücher.de"))).toEqual(["xn--bcher-kva.de"]);
  });

  test.each(["localhost", "acme", "-acme.com", "acme-.com", "192.168.1.1", "ana@acme.com", "acme..com", "acme.c"])(
    "domain %s is refused",
    (text) => {
      expect(parseDomains(text).ok).toBe(false);
    },
  );

  test("renewal dates: calendar dates and ISO timestamps, keeping the written date", () => {
    expect(valueOf(parseRenewalDate("2026-09-30"))).toBe("2026-09-30");
    expect(valueOf(parseRenewalDate("2026-09-30T23:30:00-07:00"))).toBe("2026-09-30");
    expect(valueOf(parseRenewalDate("2028-02-29"))).toBe("2028-02-29");
  });

  test.each(["2026-02-30", "2027-02-29", "09/30/2026", "30.09.2026", "2026-9-30", "2026-09-30Tnonsense"])(
    "renewal date %s is refused",
    (text) => {
      expect(parseRenewalDate(text).ok).toBe(false);
    },
  );

  test("time zones are checked with Intl and made canonical", () => {
    expect(valueOf(parseTimeZone("america/new_york"))).toBe("America/New_York");
    expect(valueOf(parseTimeZone("UTC"))).toBe("UTC");
    expect(parseTimeZone("Mars/Olympus_Mons").ok).toBe(false);
  });

  test("currencies are ISO 4217 codes", () => {
    expect(valueOf(parseCurrency("eur"))).toBe("EUR");
    expect(parseCurrency("EURO").ok).toBe(false);
    expect(parseCurrency("XYZ").ok).toBe(false);
  });
});

describe("row validation", () => {
  test("an account row with every column", () => {
    const check = validateAccountRow({
      external_id: "001A",
      name: "Acme",
      domains: "acme.com;acme.io",
      plan: "Scale",
      arr: "$48,000.00",
      currency: "usd",
      tier: "high touch",
      renewal_date: "2026-09-30",
      owner_csm_email: "Casey@Lyceum.example",
      time_zone: "Europe/Paris",
    });
    expect(check).toEqual({
      errors: [],
      value: {
        externalId: "001A",
        name: "Acme",
        domains: ["acme.com", "acme.io"],
        plan: "Scale",
        arrCents: 4_800_000,
        currency: "USD",
        tier: "HIGH",
        renewalDate: "2026-09-30",
        ownerCsmEmail: "casey@lyceum.example",
        timeZone: "Europe/Paris",
      },
    });
  });

  test("blank optional cells stay undefined so they change nothing", () => {
    const check = validateAccountRow({ external_id: "001A", name: "Acme", arr: "", tier: " " });
    expect(check.value).toEqual({ externalId: "001A", name: "Acme", domains: [] });
  });

  test("every problem of a row is reported together", () => {
    const check = validateAccountRow({ external_id: "", name: "Acme", arr: "-1", tier: "gold", owner_csm_email: "nope" });
    expect(check.value).toBeNull();
    expect(check.errors).toEqual([
      "external_id is missing",
      'ARR "-1" is negative; it must be 0 or more',
      'Tier "gold" is not one of High touch, Low touch or Tech touch',
      'owner_csm_email "nope" is not a valid email address',
    ]);
  });

  test("contacts: first and last name make the name; email is lower-cased; role defaults later", () => {
    const check = validateContactRow({ email: " Ana@Acme.COM ", first_name: "Ana", last_name: "López", account_external_id: "001A" });
    expect(check).toEqual({ errors: [], value: { email: "ana@acme.com", name: "Ana López", accountExternalId: "001A" } });
    expect(validateContactRow({ email: "x", account_external_id: "" }).errors).toEqual([
      'Email "x" is not a valid email address',
      "Name is missing",
      "account_external_id is missing",
    ]);
  });
});

describe("parseImportCsv", () => {
  test("numbers rows as the spreadsheet does, skipping blank lines", () => {
    const parsed = parseImportCsv("ACCOUNTS", "Record ID,Company name\r\n001,Acme\r\n\r\n002,Globex\r\n");
    expect(parsed.ok && parsed.rows.map((row) => [row.row, row.value?.name])).toEqual([
      [2, "Acme"],
      [4, "Globex"],
    ]);
  });

  test("handles quoted cells, semicolon files and a BOM", () => {
    const parsed = parseImportCsv("ACCOUNTS", '\uFEFFexternal_id;name;arr\n001;"Acme; Inc";"48,000"\n002;Globex;1200\n');
    expect(parsed.ok && parsed.rows.map((row) => row.value?.name)).toEqual(["Acme; Inc", "Globex"]);
  });

  test("the same external id, domain or email twice is an error on the later rows", () => {
    const accounts = parseImportCsv(
      "ACCOUNTS",
      "external_id,name,domains\n001,Acme,acme.com\n002,Globex,globex.com\n001,Acme again,\n003,Initech,ACME.com\n",
    );
    expect(accounts.ok && accounts.rows.map((row) => row.errors)).toEqual([
      [],
      [],
      ["external_id 001 also appears on row 2"],
      ["Domain acme.com also appears on row 2"],
    ]);
    const contacts = parseImportCsv("CONTACTS", "email,name,account_external_id\nana@acme.com,Ana,001\nANA@acme.com,Ana B,001\n");
    expect(contacts.ok && contacts.rows[1]).toMatchObject({ row: 3, value: null, errors: ["Email ana@acme.com also appears on row 2"] });
  });

  test("refuses empty files, missing columns and too many rows with a message", () => {
    expect(parseImportCsv("ACCOUNTS", "")).toEqual({ ok: false, message: expect.stringMatching(/empty/) });
    expect(parseImportCsv("ACCOUNTS", "external_id,name\n")).toEqual({ ok: false, message: expect.stringMatching(/no rows/) });
    expect(parseImportCsv("CONTACTS", "Email,Company\nana@acme.com,Acme\n")).toEqual({
      ok: false,
      message: "The file is missing the required columns: account_external_id, name (or first_name and last_name).",
    });
    const big = ["external_id,name", ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, index) => `${index},Company ${index}`)].join("\n");
    expect(parseImportCsv("ACCOUNTS", big)).toEqual({ ok: false, message: expect.stringMatching(/10,001 rows/) });
  });

  test("refuses text that was not UTF-8", () => {
    const latin1 = new TextDecoder("utf-8").decode(Uint8Array.from([...Buffer.from("external_id,name\n1,Soci"), 0xe9, 0x74, 0xe9, 0x0a]));
    expect(parseImportCsv("ACCOUNTS", latin1)).toEqual({ ok: false, message: expect.stringMatching(/UTF-8/) });
  });

  test("refuses broken quoting", () => {
    expect(parseImportCsv("ACCOUNTS", 'external_id,name\n001,"Acme\n')).toEqual({
      ok: false,
      message: expect.stringMatching(/not valid CSV/),
    });
  });

  test("the example files are valid", () => {
    const accounts = parseImportCsv("ACCOUNTS", exampleCsv("ACCOUNTS"));
    const contacts = parseImportCsv("CONTACTS", exampleCsv("CONTACTS"));
    expect(accounts.ok && accounts.rows.every((row) => row.errors.length === 0)).toBe(true);
    expect(contacts.ok && contacts.rows.every((row) => row.errors.length === 0)).toBe(true);
  });

  test("preview cells show what will be stored, or what the file says for a bad row", () => {
    const parsed = parseImportCsv("ACCOUNTS", 'external_id,name,arr,currency,tier\n001,Acme,"$48,000",EUR,high touch\n002,Globex,lots,,\n');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(previewCells("ACCOUNTS", parsed.rows[0]!)).toEqual(["001", "Acme", "", "", "€48,000.00", "High touch", "", "", ""]);
    expect(previewCells("ACCOUNTS", parsed.rows[1]!)).toEqual(["002", "Globex", "", "", "lots", "", "", "", ""]);
  });
});
