import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { csvField, csvResponse, toCsv } from "./csv.ts";

describe("csvField", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line one\nline two", '"line one\nline two"'],
    ["carriage\r\nreturn", '"carriage\r\nreturn"'],
    [" padded ", '" padded "'],
    ["", ""],
    [null, ""],
    [undefined, ""],
    [42, "42"],
    [-3, "-3"],
    [Number.NaN, ""],
    [true, "true"],
    [new Date("2026-03-08T14:00:00Z"), "2026-03-08T14:00:00.000Z"],
  ])("%j → %s", (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it("defuses text a spreadsheet would run as a formula", () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-2")).toBe("'-2");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
  });
});

describe("toCsv", () => {
  it("writes CRLF records that a standard parser reads back cell for cell", () => {
    const rows = [
      ["Ada, Countess", 'She said "go"', "two\nlines"],
      ["Bob", "", null],
    ];
    const text = toCsv(["Name", "Quote", "Notes"], rows);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.split("\r\n")[0]).toBe("Name,Quote,Notes");
    const parsed = Papa.parse<string[]>(text.trimEnd(), { newline: "\r\n" });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toEqual([
      ["Name", "Quote", "Notes"],
      ["Ada, Countess", 'She said "go"', "two\nlines"],
      ["Bob", "", ""],
    ]);
  });

  it("writes just the header when there are no rows", () => {
    expect(toCsv(["A", "B"], [])).toBe("A,B\r\n");
  });
});

describe("csvResponse", () => {
  it("sends UTF-8 CSV with a byte-order mark, as an attachment with a safe file name", async () => {
    const response = csvResponse('Acme "Q4"/report.csv', toCsv(["Name"], [["Zoë"]]));
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="Acme-Q4-report.csv"');
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(new Uint8Array(await response.clone().arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    // Decoding as UTF-8 drops the mark again, as a spreadsheet does.
    expect(await response.text()).toBe("Name\r\nZoë\r\n");
  });
});
