import { Form, Link, useFetcher, useNavigation } from "@remix-run/react";
import { useCallback, useEffect, useRef, type FormEvent } from "react";
import { Button, buttonClass } from "~/components/ui/button.tsx";
import { Check, Fieldset, FormErrors, SelectField, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { Card, Notice } from "~/components/ui/page.tsx";
import type { SegmentEditorOptions, SegmentEditorReply, SegmentPreview } from "~/modules/newsletters/segment-store.server.ts";
import {
  CONDITION_FIELDS,
  CONDITION_LABELS,
  HEALTH_OPTIONS,
  MAX_CONDITIONS,
  ROLE_OPTIONS,
  TIER_OPTIONS,
  type ConditionDraft,
  type SegmentDraft,
  type SegmentErrors,
} from "~/modules/newsletters/segments.ts";

type Props = {
  segmentId: string | null;
  name: string;
  description: string;
  draft: SegmentDraft;
  options: SegmentEditorOptions;
  reply: SegmentEditorReply | undefined;
  saved?: boolean;
};

const COUNT_DEBOUNCE_MS = 350;

/**
 * The segment editor, shared by the new and edit pages. Without JavaScript every button posts the
 * whole form (add, remove, preview, save); with it, a debounced fetcher to /console/segments/count
 * keeps the count and sample current as the conditions change.
 */
export function SegmentEditor({ segmentId, name, description, draft, options, reply, saved }: Props) {
  const current = reply?.draft ?? draft;
  const errors: SegmentErrors = reply?.errors ?? {};
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const formRef = useRef<HTMLFormElement>(null);
  const counter = useFetcher<SegmentPreview | { errors: SegmentErrors }>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const { load } = counter;

  const recount = useCallback(() => {
    const form = formRef.current;
    if (!form) return;
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) {
      if (typeof value === "string" && (key === "match" || key === "topicId" || key.startsWith("c."))) params.append(key, value);
    }
    params.set("match", params.get("match") ?? "all");
    load(`/console/segments/count?${params}`);
  }, [load]);

  const draftKey = JSON.stringify(current);
  useEffect(() => {
    recount();
  }, [draftKey, recount]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const onChange = (event: FormEvent<HTMLFormElement>) => {
    const target = event.target as HTMLInputElement;
    if (target.name === "name" || target.name === "description") return;
    clearTimeout(timer.current);
    timer.current = setTimeout(recount, COUNT_DEBOUNCE_MS);
  };

  const live = counter.data;
  const preview: SegmentPreview | null = live && "count" in live ? live : (reply?.preview ?? null);
  const unfinished = live && "errors" in live;
  const deleteRefused = reply?.intent === "delete" ? reply.formError : null;

  return (
    <div className="grid gap-6 xl:grid-cols-5">
      <Form method="post" ref={formRef} onChange={onChange} className="space-y-6 xl:col-span-3" noValidate>
        {/* Enter in a text field saves, rather than pressing the first "Remove" button. */}
        <button type="submit" name="intent" value="save" tabIndex={-1} aria-hidden="true" className="absolute -left-[9999px]">
          Save
        </button>
        {saved ? <Notice tone="success">Segment saved.</Notice> : null}
        {deleteRefused ? (
          <div role="alert" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
            {deleteRefused}
          </div>
        ) : (
          <FormErrors errors={reply?.formError ? [reply.formError] : null} />
        )}
        <Card title="Details">
          <div className="space-y-4">
            <TextField
              label="Name"
              name="name"
              required
              maxLength={80}
              defaultValue={reply?.name ?? name}
              errors={errors.name ? [errors.name] : null}
            />
            <TextAreaField
              label="Description"
              name="description"
              rows={2}
              maxLength={500}
              defaultValue={reply?.description ?? description}
              hint="Who this is for, so the next person picks the right segment."
              errors={errors.description ? [errors.description] : null}
            />
          </div>
        </Card>
        <Card title={`Conditions · ${current.conditions.length}`}>
          <div key={draftKey} className="space-y-5">
            <Fieldset legend="Match" hint="Rules are evaluated when a newsletter is sent, so the audience is always current.">
              <div className="flex gap-6">
                <Check type="radio" name="match" value="all" label="All conditions" checked={current.match === "all"} />
                <Check type="radio" name="match" value="any" label="Any condition" checked={current.match === "any"} />
              </div>
            </Fieldset>
            {current.conditions.length === 0 ? (
              <p className="text-sm text-slate-600">No conditions yet: the segment holds every customer contact.</p>
            ) : null}
            <ol className="space-y-4">
              {current.conditions.map((condition, index) => (
                <li key={index} className="rounded-lg border border-slate-200 p-4">
                  <ConditionFields condition={condition} index={index} options={options} errors={errors} />
                </li>
              ))}
            </ol>
            {errors.conditions ? <p className="text-sm text-red-700">{errors.conditions}</p> : null}
            {current.conditions.length < MAX_CONDITIONS ? (
              <div className="flex items-end gap-3">
                <div className="grow">
                  <SelectField label="New condition" name="add" defaultValue="tier">
                    {CONDITION_FIELDS.map((field) => (
                      <option key={field} value={field}>
                        {CONDITION_LABELS[field]}
                      </option>
                    ))}
                  </SelectField>
                </div>
                <Button variant="secondary" name="intent" value="add" disabled={busy}>
                  Add condition
                </Button>
              </div>
            ) : null}
          </div>
        </Card>
        <div className="flex flex-wrap gap-3">
          <Button name="intent" value="save" disabled={busy}>
            {segmentId ? "Save segment" : "Create segment"}
          </Button>
          <Button variant="secondary" name="intent" value="preview" disabled={busy}>
            Preview count
          </Button>
          <Link to="/console/segments" className={buttonClass("secondary")}>
            Back to segments
          </Link>
        </div>
        <Card title="Count for a topic">
          <SelectField
            label="Count people who would receive"
            name="topicId"
            defaultValue=""
            hint="With a topic, people who opted out, unsubscribed from it or whose address bounced are left out."
          >
            <option value="">Any topic (every matching contact)</option>
            {options.topics.map((topic) => (
              <option key={topic.id} value={topic.id}>
                {topic.name}
              </option>
            ))}
          </SelectField>
        </Card>
      </Form>
      <Card title="Audience" className="xl:col-span-2">
        <AudiencePreview preview={preview} unfinished={Boolean(unfinished)} loading={counter.state === "loading"} />
      </Card>
    </div>
  );
}

function AudiencePreview({ preview, unfinished, loading }: { preview: SegmentPreview | null; unfinished: boolean; loading: boolean }) {
  return (
    <div className="space-y-4" aria-busy={loading}>
      <p aria-live="polite" className="text-sm text-slate-700">
        {unfinished ? (
          "Finish the conditions to see the count."
        ) : preview ? (
          <>
            <span data-testid="segment-count" className="text-2xl font-semibold text-slate-900">
              {preview.count.toLocaleString("en-US")}
            </span>{" "}
            {preview.count === 1 ? "person matches" : "people match"} right now.
          </>
        ) : (
          "Press “Preview count” to see how many people match."
        )}
      </p>
      {preview && preview.sample.length > 0 && !unfinished ? (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Sample recipients</caption>
          <thead className="text-xs text-slate-500">
            <tr>
              <th scope="col" className="py-1 pr-2 font-medium">
                Person
              </th>
              <th scope="col" className="py-1 pr-2 font-medium">
                Account
              </th>
              <th scope="col" className="py-1 font-medium">
                Health
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {preview.sample.map((person) => (
              <tr key={person.id}>
                <td className="py-1.5 pr-2">
                  <span className="block text-slate-900">{person.name}</span>
                  <span className="block text-xs text-slate-500">{person.email}</span>
                </td>
                <td className="py-1.5 pr-2">
                  {person.account} <span className="text-xs text-slate-500">({person.tier.toLowerCase()})</span>
                </td>
                <td className="py-1.5">{person.health ? person.health.toLowerCase() : "not scored"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function ConditionFields({
  condition,
  index,
  options,
  errors,
}: {
  condition: ConditionDraft;
  index: number;
  options: SegmentEditorOptions;
  errors: SegmentErrors;
}) {
  const name = (part: string) => `c.${index}.${part}`;
  const error = (part: string) => (errors[name(part)] ? [errors[name(part)]!] : null);
  const label = CONDITION_LABELS[condition.field];
  const choices = (list: Array<{ value: string; label: string }>, legend: string) => (
    <Fieldset legend={legend} errors={error("values") ?? undefined}>
      <div className="flex flex-wrap gap-x-5 gap-y-2">
        {list.map((option) => (
          <Check
            key={option.value}
            name={name("values")}
            value={option.value}
            label={option.label}
            checked={condition.values.includes(option.value)}
          />
        ))}
      </div>
    </Fieldset>
  );
  const op = (list: Array<[string, string]>) => (
    <SelectField label={`${label}: how`} name={name("op")} id={name("op")} defaultValue={condition.op || list[0]![0]}>
      {list.map(([value, text]) => (
        <option key={value} value={value}>
          {text}
        </option>
      ))}
    </SelectField>
  );
  const days = (text: string) => (
    <TextField
      label={text}
      name={name("days")}
      id={name("days")}
      inputMode="numeric"
      defaultValue={condition.days}
      errors={error("days")}
      className="w-28"
    />
  );
  const bounds = (unit: string) => (
    <div className="grid grid-cols-2 gap-3">
      <TextField
        label={`Minimum${unit}`}
        name={name("min")}
        id={name("min")}
        inputMode="numeric"
        defaultValue={condition.min}
        errors={error("min")}
      />
      <TextField
        label={`Maximum${unit}`}
        name={name("max")}
        id={name("max")}
        inputMode="numeric"
        defaultValue={condition.max}
        errors={error("max")}
      />
    </div>
  );

  let body;
  switch (condition.field) {
    case "tier":
      body = (
        <>
          {op([
            ["in", "is"],
            ["not_in", "is not"],
          ])}
          {choices(TIER_OPTIONS, "Tiers")}
        </>
      );
      break;
    case "plan": {
      const plans = [...new Set([...options.plans, ...condition.values])];
      body = (
        <>
          {op([
            ["in", "is"],
            ["not_in", "is not"],
          ])}
          {choices(
            plans.map((plan) => ({ value: plan, label: plan })),
            "Plans",
          )}
        </>
      );
      break;
    }
    case "health":
      body = choices(HEALTH_OPTIONS, "Health");
      break;
    case "role":
      body = choices(ROLE_OPTIONS, "Roles");
      break;
    case "arr":
      body = bounds(" ARR (whole units of the account's currency)");
      break;
    case "engagement_score":
      body = bounds(" score (0–100)");
      break;
    case "renewal_within":
      body = days("Renews within (days from today)");
      break;
    case "booked_hour":
      body = (
        <>
          {op([
            ["did", "booked"],
            ["did_not", "did not book"],
          ])}
          {days("In the last (days)")}
        </>
      );
      break;
    case "attended":
      body = (
        <>
          {op([
            ["did", "attended"],
            ["did_not", "did not attend"],
          ])}
          <SelectField
            label="Sessions on the topic"
            name={name("topic")}
            id={name("topic")}
            defaultValue={condition.topic}
            errors={error("topic")}
          >
            <option value="">Any topic</option>
            {[...new Set([...options.sessionTopics, ...(condition.topic ? [condition.topic] : [])])].map((topic) => (
              <option key={topic} value={topic}>
                {topic}
              </option>
            ))}
          </SelectField>
          <SelectField label="Or one session" name={name("sessionId")} id={name("sessionId")} defaultValue={condition.sessionId}>
            <option value="">Any session</option>
            {options.sessions.map((session) => (
              <option key={session.id} value={session.id}>
                {session.title} ({session.startsAt.slice(0, 10)})
              </option>
            ))}
          </SelectField>
          {days("In the last (days)")}
        </>
      );
      break;
    case "subscribed":
      body = (
        <>
          {op([
            ["is", "is subscribed"],
            ["is_not", "is not subscribed"],
          ])}
          <SelectField
            label="Newsletter topic"
            name={name("topicId")}
            id={name("topicId")}
            defaultValue={condition.topicId}
            errors={error("topicId")}
          >
            <option value="">Choose a topic</option>
            {options.topics.map((topic) => (
              <option key={topic.id} value={topic.id}>
                {topic.name}
              </option>
            ))}
          </SelectField>
        </>
      );
      break;
  }

  return (
    <div className="space-y-3">
      <input type="hidden" name={name("field")} value={condition.field} />
      <div className="flex items-center justify-between gap-3">
        <h3 className="text-sm font-semibold text-slate-900">{label}</h3>
        <Button variant="secondary" name="intent" value={`remove:${index}`} aria-label={`Remove condition ${index + 1}: ${label}`}>
          Remove
        </Button>
      </div>
      {error("field") ? <p className="text-sm text-red-700">{error("field")}</p> : null}
      <div className="grid gap-3 sm:grid-cols-2">{body}</div>
    </div>
  );
}
