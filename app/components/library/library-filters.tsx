import { Form, Link } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { SelectField, TextField } from "~/components/ui/field.tsx";
import type { ContentKind, ContentStatus } from "~/generated/prisma/enums.ts";
import { CONTENT_KINDS, CONTENT_STATUSES, KIND_PLURALS, STATUS_LABELS } from "~/modules/library/content.schema.ts";

type Query = { q?: string; kind?: ContentKind; topic?: string; status?: ContentStatus };

/**
 * A plain GET form, so searching and filtering work before (or without) JavaScript. The console's
 * copy adds a status filter.
 */
export function LibraryFilters({
  query,
  topics,
  clearTo,
  searchLabel,
  withStatus = false,
}: {
  query: Query;
  topics: string[];
  clearTo: string;
  searchLabel: string;
  withStatus?: boolean;
}) {
  return (
    <Form
      method="get"
      role="search"
      aria-label="Search and filter the library"
      className={`mb-6 grid items-end gap-3 sm:grid-cols-2 ${withStatus ? "lg:grid-cols-5" : "lg:grid-cols-4"}`}
    >
      <div className="sm:col-span-2">
        <TextField label={searchLabel} name="q" type="search" defaultValue={query.q ?? ""} maxLength={200} />
      </div>
      <SelectField label="Kind" name="kind" defaultValue={query.kind ?? ""}>
        <option value="">Every kind</option>
        {CONTENT_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {KIND_PLURALS[kind]}
          </option>
        ))}
      </SelectField>
      <SelectField label="Topic" name="topic" defaultValue={query.topic ?? ""}>
        <option value="">All topics</option>
        {topics.map((topic) => (
          <option key={topic} value={topic}>
            {topic}
          </option>
        ))}
      </SelectField>
      {withStatus ? (
        <SelectField label="Status" name="status" defaultValue={query.status ?? ""}>
          <option value="">Drafts and published</option>
          {CONTENT_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </SelectField>
      ) : null}
      <div className={`flex gap-3 sm:col-span-2 ${withStatus ? "lg:col-span-5" : "lg:col-span-4"}`}>
        <Button variant="secondary">Search</Button>
        <Link to={clearTo} className="self-center text-sm font-medium text-brand-700 underline underline-offset-4">
          Clear
        </Link>
      </div>
    </Form>
  );
}
