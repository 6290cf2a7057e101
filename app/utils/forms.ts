import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";

type Reply = { intent: string; result: SubmissionResult<string[]>; done?: string } | undefined | null;

/** A conform form validated with the same zod schema as its action, showing the server's reply. */
export function useSchemaForm<Schema extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(
  id: string,
  schema: Schema,
  reply: Reply,
  intent = id,
) {
  const lastResult = reply?.intent === intent ? reply.result : undefined;
  return useForm<z.input<Schema>, z.output<Schema>>({
    id,
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}

export function doneMessage(reply: Reply, intent: string) {
  return reply?.intent === intent ? (reply.done ?? null) : null;
}

/** A multi-value field's submitted values (checkboxes), as conform hands them back after a refusal. */
export function initialList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return typeof value === "string" ? [value] : [];
}

/** A field's value as typed (after a refused submit), else the stored value, as the input's text. */
export function initialText(field: { initialValue?: unknown }, fallback: string | number | null | undefined) {
  return (field.initialValue as string | undefined) ?? (fallback === null || fallback === undefined ? "" : String(fallback));
}
