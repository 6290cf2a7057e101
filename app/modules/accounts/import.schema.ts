import { z } from "zod";

// Kept here rather than in import.ts so the browser bundle of the upload form skips the CSV parser.
export const MAX_IMPORT_ROWS = 10_000;
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export const IMPORT_KINDS = ["ACCOUNTS", "CONTACTS"] as const;
export const IMPORT_KIND_LABELS = { ACCOUNTS: "Accounts", CONTACTS: "Contacts" } as const satisfies Record<
  (typeof IMPORT_KINDS)[number],
  string
>;

export const ImportUploadSchema = z.object({
  kind: z.enum(IMPORT_KINDS, { error: "Choose what the file contains: accounts or contacts" }),
  // conform turns an empty file input (and a 0-byte file) into undefined.
  file: z
    .instanceof(File, { error: "Choose a CSV file that is not empty" })
    .refine((file) => file.size <= MAX_IMPORT_BYTES, { error: "The file is larger than 5 MB; split it into smaller files" })
    .refine((file) => /\.(csv|txt)$/i.test(file.name) || /csv|text\/plain/.test(file.type), {
      error: "Choose a .csv file, exported from your CRM or a spreadsheet",
    }),
});

export const ImportDecisionSchema = z.object({
  intent: z.enum(["confirm", "discard"], { error: "Choose confirm or discard" }),
});

type Status = "PREVIEW" | "QUEUED" | "RUNNING" | "DONE" | "FAILED" | "DISCARDED";
export const IMPORT_STATUS_BADGES: Record<Status, { label: string; tone: "slate" | "brand" | "green" | "amber" | "red" }> = {
  PREVIEW: { label: "Awaiting confirmation", tone: "amber" },
  QUEUED: { label: "Queued", tone: "brand" },
  RUNNING: { label: "Importing", tone: "brand" },
  DONE: { label: "Imported", tone: "green" },
  FAILED: { label: "Failed", tone: "red" },
  DISCARDED: { label: "Discarded", tone: "slate" },
};

/** A confirmed import that has not finished yet: its page polls until it has. */
export function isImportActive(status: Status) {
  return status === "QUEUED" || status === "RUNNING";
}

/** "1 row has problems", "3 rows have problems". */
export function rowsWithProblems(count: number) {
  return `${count} row${count === 1 ? " has" : "s have"} problems`;
}
