// RFC 4180 CSV for the app's exports (a session's sheets, the queue's capacity): CRLF between records, a
// field quoted when it holds a comma, a quote, a line break or edge spaces, and quotes doubled inside.
// People type what ends up in cells (registrants' answers, names), so a text cell that a spreadsheet
// would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe: the cell then shows as
// text instead of executing (OWASP "CSV injection").

export type CsvCell = string | number | boolean | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = value instanceof Date ? value.toISOString() : FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Header first, then rows; every record ends with CRLF so files concatenate cleanly. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
}

/** A CSV download: the byte-order mark makes spreadsheet programs read the file as UTF-8, so names keep their accents. */
export function csvResponse(filename: string, csv: string): Response {
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]+/g, "-")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
