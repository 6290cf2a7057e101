import { Form, Link } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { SelectField, TextField } from "~/components/ui/field.tsx";
import { KIND_LABELS, SESSION_KINDS, type CatalogueQuery } from "~/modules/sessions/catalogue.schema.ts";

/** A plain GET form, so filtering works before (or without) JavaScript. */
export function CatalogueFilters({ query, topics, timeZone }: { query: CatalogueQuery; topics: string[]; timeZone: string }) {
  return (
    <Form method="get" role="search" aria-label="Filter sessions" className="mb-6 grid items-end gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <SelectField label="Topic" name="topic" defaultValue={query.topic ?? ""}>
        <option value="">All topics</option>
        {topics.map((topic) => (
          <option key={topic} value={topic}>
            {topic}
          </option>
        ))}
      </SelectField>
      <SelectField label="Kind" name="kind" defaultValue={query.kind ?? ""}>
        <option value="">Webinars and expert sessions</option>
        {SESSION_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {KIND_LABELS[kind]}
          </option>
        ))}
      </SelectField>
      <TextField label="From" name="from" type="date" defaultValue={query.from ?? ""} hint={`Days in your zone, ${timeZone}`} />
      <TextField label="To" name="to" type="date" defaultValue={query.to ?? ""} min={query.from} />
      <div className="flex gap-3 sm:col-span-2 lg:col-span-4">
        <Button variant="secondary">Apply filters</Button>
        <Link to="/portal/sessions" className="self-center text-sm font-medium text-brand-700 underline underline-offset-4">
          Clear filters
        </Link>
      </div>
    </Form>
  );
}
