import { timeInputValue, type TimeRange } from "~/modules/queue/availability-form.ts";

export type TypedRow = { start?: unknown; end?: unknown } | null | undefined;

const timeClass =
  "w-[7.25rem] rounded-lg border-0 bg-white px-2 py-1.5 text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-600 disabled:bg-slate-50 disabled:text-slate-400 aria-[invalid=true]:ring-red-500 sm:text-sm";

/** What each row's inputs start with: what was typed after a refused submit, else what is stored. */
export function rowValues(
  count: number,
  stored: readonly TimeRange[],
  typed: readonly TypedRow[] | null,
): { start: string; end: string }[] {
  return Array.from({ length: count }, (_, index) => {
    if (typed) {
      const row = typed[index];
      return { start: typeof row?.start === "string" ? row.start : "", end: typeof row?.end === "string" ? row.end : "" };
    }
    const range = stored[index];
    return range ? { start: range.start, end: timeInputValue(range.end) } : { start: "", end: "" };
  });
}

/**
 * Start/end pairs of `<input type="time">`, named `${name}[i].start` / `.end` for conform. Every input
 * has its own full label ("Tuesday, range 2, from") so it reads well out of context.
 */
export function RangeRows({
  idPrefix,
  name,
  labelPrefix,
  rows,
  invalidRows,
  describedBy,
  disabled,
}: {
  idPrefix: string;
  name: string;
  labelPrefix: string;
  rows: { start: string; end: string }[];
  invalidRows: number[];
  describedBy?: string;
  disabled?: boolean;
}) {
  return (
    <>
      {rows.map((row, index) => {
        const id = `${idPrefix}-${index}`;
        const invalid = invalidRows.includes(index) ? true : undefined;
        return (
          <div key={index} className="flex items-center gap-1.5 text-sm text-slate-700">
            <label htmlFor={`${id}-start`}>
              <span className="sr-only">
                {labelPrefix}, range {index + 1},{" "}
              </span>
              from
            </label>
            <input
              id={`${id}-start`}
              type="time"
              name={`${name}[${index}].start`}
              defaultValue={row.start}
              className={timeClass}
              aria-invalid={invalid}
              aria-describedby={invalid ? describedBy : undefined}
              disabled={disabled}
            />
            <label htmlFor={`${id}-end`}>
              <span className="sr-only">
                {labelPrefix}, range {index + 1},{" "}
              </span>
              to
            </label>
            <input
              id={`${id}-end`}
              type="time"
              name={`${name}[${index}].end`}
              defaultValue={row.end}
              className={timeClass}
              aria-invalid={invalid}
              aria-describedby={invalid ? describedBy : undefined}
              disabled={disabled}
            />
          </div>
        );
      })}
    </>
  );
}

/** Errors conform keeps under `prefix` and below it ("tue", "tue.ranges[1]"), with the rows they mark. */
export function errorsUnder(allErrors: Record<string, string[]>, prefix: string) {
  const messages: string[] = [];
  const rows = new Set<number>();
  for (const [key, errors] of Object.entries(allErrors)) {
    if (key !== prefix && !key.startsWith(`${prefix}.`) && !key.startsWith(`${prefix}[`)) continue;
    messages.push(...errors);
    const row = /\[(\d+)\]/.exec(key.slice(prefix.length));
    if (row) rows.add(Number(row[1]));
  }
  return { messages: [...new Set(messages)], rows: [...rows] };
}
