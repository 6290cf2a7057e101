import { describe, expect, test } from "vitest";
import { exampleCsv, previewCells } from "./import-columns.ts";
import { parseImportCsv, validateAccountRow, validateContactRow } from "./import.ts";
import { MAX_IMPORT_ROWS } from "./import.schema.ts";

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
