import { Form, Link, useFetcher } from "@remix-run/react";
import type { FormEvent, ReactNode } from "react";
import type { Reply } from "~/components/accounts/reply-notice.tsx";
import { Button, buttonClass } from "~/components/ui/button.tsx";
import { FormErrors, SelectField, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { Badge, Notice } from "~/components/ui/page.tsx";
import type { NewsletterBlock } from "~/modules/newsletters/blocks.ts";

export type Option = { value: string; label: string };
export type NewsletterOptions = { topics: Option[]; segments: Option[]; sessions: Option[]; items: Option[] };
export type DetailsDefaults = { subject: string; preheader: string; topicId: string; segmentId: string };
export type EditorBlock = { index: number; block: NewsletterBlock; label: string; summary: string; warning: string | null };

type Typed = Record<string, unknown> | undefined;

function errorsFor(reply: Reply, intent: string, field: string, index?: number) {
  if (reply?.intent !== intent) return null;
  if (index !== undefined && String((reply.result.initialValue as Typed)?.index ?? "") !== String(index)) return null;
  return reply.result.error?.[field] ?? null;
}

function formErrorsFor(reply: Reply, intent: string, index?: number) {
  return errorsFor(reply, intent, "", index);
}

function typedOr(reply: Reply, intent: string, name: string, fallback: string) {
  const typed = reply?.intent === intent && !reply.done ? (reply.result.initialValue as Typed) : undefined;
  return typed ? String(typed[name] ?? "") : fallback;
}

function Options({ options }: { options: Option[] }) {
  return options.map((option) => (
    <option key={option.value} value={option.value}>
      {option.label}
    </option>
  ));
}

/** Subject, preheader, topic and audience: the new page and the editor share it (intent "details"). */
export function NewsletterDetailsForm({
  reply,
  defaults,
  options,
  submitLabel,
  cancelTo,
  reach,
}: {
  reply: Reply;
  defaults: DetailsDefaults;
  options: NewsletterOptions;
  submitLabel: string;
  cancelTo?: string;
  /** How many the saved topic and audience reach now; the line follows the selects with JavaScript. */
  reach?: number | null;
}) {
  const value = (name: keyof DetailsDefaults) => typedOr(reply, "details", name, defaults[name]);
  const done = reply?.intent === "details" ? reply.done : null;
  const counter = useFetcher<{ count: number }>();
  const recount = (event: FormEvent<HTMLFormElement>) => {
    const target = event.target as HTMLElement;
    if (!(target instanceof HTMLSelectElement) || !["topicId", "segmentId"].includes(target.name)) return;
    const form = new FormData(event.currentTarget);
    const topicId = String(form.get("topicId") ?? "");
    if (!topicId) return;
    counter.load(`/console/segments/count?${new URLSearchParams({ topicId, segmentId: String(form.get("segmentId") ?? "") })}`);
  };
  const liveCount = counter.data && "count" in counter.data ? counter.data.count : undefined;
  const count = liveCount ?? reach ?? null;
  return (
    <Form method="post" className="space-y-5" noValidate onChange={recount}>
      <input type="hidden" name="intent" value="details" />
      {done ? <Notice tone="success">{done}</Notice> : null}
      <FormErrors errors={formErrorsFor(reply, "details")} />
      <TextField
        label="Subject"
        name="subject"
        required
        maxLength={150}
        defaultValue={value("subject")}
        errors={errorsFor(reply, "details", "subject")}
      />
      <TextField
        label="Preheader"
        name="preheader"
        maxLength={200}
        defaultValue={value("preheader")}
        hint="The line inbox lists show after the subject."
        errors={errorsFor(reply, "details", "preheader")}
      />
      <SelectField
        label="Topic"
        name="topicId"
        required
        defaultValue={value("topicId")}
        errors={errorsFor(reply, "details", "topicId")}
        hint="Readers subscribe to topics; the email's unsubscribe link leaves this topic only."
      >
        <option value="">Choose a topic…</option>
        <Options options={options.topics} />
      </SelectField>
      <SelectField
        label="Audience"
        name="segmentId"
        defaultValue={value("segmentId")}
        hint="A saved segment is evaluated when the newsletter is sent."
        errors={errorsFor(reply, "details", "segmentId")}
      >
        <option value="">Everyone subscribed to the topic</option>
        <Options options={options.segments} />
      </SelectField>
      <p className="text-sm text-slate-600" aria-live="polite" data-testid="newsletter-reach">
        {counter.state === "loading"
          ? "Counting…"
          : count === null
            ? null
            : `${count.toLocaleString("en-US")} ${count === 1 ? "person" : "people"} would receive it if sent now (subscribed to the topic, not opted out or suppressed).`}
      </p>
      <div className="flex gap-3">
        <Button>{submitLabel}</Button>
        {cancelTo ? (
          <Link to={cancelTo} className={buttonClass("secondary")}>
            Cancel
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

/** The fields of one block type, for adding a block or editing one. */
function BlockFields({
  type,
  block,
  options,
  reply,
  intent,
  index,
  idPrefix,
}: {
  type: NewsletterBlock["type"];
  block?: NewsletterBlock;
  options: NewsletterOptions;
  reply: Reply;
  intent: string;
  index?: number;
  idPrefix: string;
}) {
  const errors = (field: string) => errorsFor(reply, intent, field, index);
  const own = reply?.intent === intent && (index === undefined || String((reply.result.initialValue as Typed)?.index) === String(index));
  const value = (name: string, fallback: string) => (own ? typedOr(reply, intent, name, fallback) : fallback);
  switch (type) {
    case "text":
      return (
        <TextAreaField
          id={`${idPrefix}-markdown`}
          label="Text (markdown)"
          name="markdown"
          rows={6}
          maxLength={20_000}
          defaultValue={value("markdown", block?.type === "text" ? block.markdown : "")}
          hint="Headings, lists, bold and links. Links are tracked."
          errors={errors("markdown")}
        />
      );
    case "session": {
      const current = block?.type === "session" ? block.sessionId : "";
      const known = options.sessions.some((option) => option.value === current);
      return (
        <SelectField
          id={`${idPrefix}-session`}
          label="Session"
          name="sessionId"
          defaultValue={value("sessionId", current)}
          errors={errors("sessionId")}
          hint="Upcoming published sessions. Each reader sees its time in their own zone."
        >
          <option value="">Choose a session…</option>
          {current && !known ? <option value={current}>The session chosen before (no longer upcoming)</option> : null}
          <Options options={options.sessions} />
        </SelectField>
      );
    }
    case "content": {
      const current = block?.type === "content" ? block.contentId : "";
      const known = options.items.some((option) => option.value === current);
      return (
        <SelectField
          id={`${idPrefix}-content`}
          label="Library item"
          name="contentId"
          defaultValue={value("contentId", current)}
          errors={errors("contentId")}
          hint="Published videos, one-pagers and e-books."
        >
          <option value="">Choose a library item…</option>
          {current && !known ? <option value={current}>The item chosen before (no longer published)</option> : null}
          <Options options={options.items} />
        </SelectField>
      );
    }
    case "cta":
      return (
        <div className="grid gap-4 md:grid-cols-2">
          <TextField
            id={`${idPrefix}-label`}
            label="Button words"
            name="label"
            maxLength={80}
            defaultValue={value("label", block?.type === "cta" ? block.label : "")}
            errors={errors("label")}
          />
          <TextField
            id={`${idPrefix}-url`}
            label="Link"
            name="url"
            type="url"
            maxLength={2000}
            placeholder="https://"
            defaultValue={value("url", block?.type === "cta" ? block.url : "")}
            errors={errors("url")}
          />
        </div>
      );
  }
}

function BlockButton({
  block,
  intent,
  label,
  disabled,
  variant = "ghost",
  children,
}: {
  block: EditorBlock;
  intent: string;
  label: string;
  disabled?: boolean;
  variant?: "ghost" | "danger";
  children: ReactNode;
}) {
  return (
    <Form method="post">
      <input type="hidden" name="index" value={block.index} />
      <input type="hidden" name="type" value={block.block.type} />
      <Button
        variant={variant}
        name="intent"
        value={intent}
        disabled={disabled}
        aria-label={label}
        className="px-2.5 py-1.5 disabled:opacity-40"
      >
        {children}
      </Button>
    </Form>
  );
}

function BlockRow({ block, last, options, reply }: { block: EditorBlock; last: boolean; options: NewsletterOptions; reply: Reply }) {
  const number = block.index + 1;
  const name = `block ${number}, ${block.label}`;
  const saved = reply?.intent === "save-block" && reply.done && String((reply.result.initialValue as Typed)?.index) === String(block.index);
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-start gap-3">
        <span
          aria-hidden="true"
          className="flex size-7 shrink-0 items-center justify-center rounded-full bg-slate-100 text-sm font-semibold text-slate-700"
        >
          {number}
        </span>
        <div className="min-w-0 grow">
          <p className="font-medium text-slate-900">
            <span className="sr-only">Block {number}: </span>
            <Badge tone={block.block.type === "text" ? "slate" : "brand"}>{block.label}</Badge>{" "}
            <span className="text-sm font-normal text-slate-600">{block.summary}</span>
          </p>
          {block.warning ? <p className="mt-1 text-xs font-medium text-amber-800">{block.warning}</p> : null}
        </div>
        <div className="flex shrink-0 gap-1">
          <BlockButton block={block} intent="move-up" disabled={block.index === 0} label={`Move ${name} up`}>
            <span aria-hidden="true">↑</span> Up
          </BlockButton>
          <BlockButton block={block} intent="move-down" disabled={last} label={`Move ${name} down`}>
            <span aria-hidden="true">↓</span> Down
          </BlockButton>
          <BlockButton block={block} intent="remove-block" variant="danger" label={`Remove ${name}`}>
            Remove
          </BlockButton>
        </div>
      </div>
      <Form method="post" className="mt-3 space-y-3 sm:pl-10" noValidate>
        <input type="hidden" name="index" value={block.index} />
        <input type="hidden" name="type" value={block.block.type} />
        {saved ? <Notice tone="success">{reply.done}</Notice> : null}
        <FormErrors errors={formErrorsFor(reply, "save-block", block.index)} />
        <BlockFields
          type={block.block.type}
          block={block.block}
          options={options}
          reply={reply}
          intent="save-block"
          index={block.index}
          idPrefix={`block-${block.index}`}
        />
        <Button variant="secondary" name="intent" value="save-block" aria-label={`Save ${name}`}>
          Save block
        </Button>
      </Form>
    </li>
  );
}

const ADDABLE: { type: NewsletterBlock["type"]; title: string }[] = [
  { type: "text", title: "Add text" },
  { type: "session", title: "Add a featured session" },
  { type: "content", title: "Add a featured library item" },
  { type: "cta", title: "Add a button" },
];

/** The blocks in order, each with its own small forms, and one form per block type to add one. */
export function NewsletterBlocksEditor({ blocks, options, reply }: { blocks: EditorBlock[]; options: NewsletterOptions; reply: Reply }) {
  const added = reply?.intent === "add-block" ? (reply.done ?? null) : null;
  const addedType = reply?.intent === "add-block" ? String((reply.result.initialValue as Typed)?.type ?? "") : "";
  return (
    <div className="space-y-6">
      {added ? <Notice tone="success">{added}</Notice> : null}
      {blocks.length ? (
        <ol aria-label="Blocks in order" className="space-y-3">
          {blocks.map((block, index) => (
            <BlockRow
              key={`${block.index}-${block.block.type}`}
              block={block}
              last={index === blocks.length - 1}
              options={options}
              reply={reply}
            />
          ))}
        </ol>
      ) : (
        <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">
          No blocks yet. Add text, a session, a library item or a button below; they appear in the email in this order.
        </p>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        {ADDABLE.map(({ type, title }) => (
          <Form key={type} method="post" className="space-y-3 rounded-lg border border-dashed border-slate-300 p-4" noValidate>
            <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
            <input type="hidden" name="intent" value="add-block" />
            <input type="hidden" name="type" value={type} />
            {addedType === type ? <FormErrors errors={formErrorsFor(reply, "add-block")} /> : null}
            <BlockFields
              type={type}
              options={options}
              reply={addedType === type ? reply : null}
              intent="add-block"
              idPrefix={`add-${type}`}
            />
            <Button variant="secondary">{title}</Button>
          </Form>
        ))}
      </div>
    </div>
  );
}

/** The one button that sends the current newsletter to the signed-in person only. */
export function SendTestForm({ pressKey, reply, action }: { pressKey: string; reply: Reply; action?: string }) {
  const mine = reply?.intent === "send-test" ? reply : null;
  return (
    <Form method="post" action={action} className="space-y-3">
      <input type="hidden" name="pressKey" value={pressKey} />
      {mine?.done ? <Notice tone="success">{mine.done}</Notice> : null}
      <FormErrors errors={mine ? Object.values(mine.result.error ?? {}).flatMap((messages) => messages ?? []) : null} />
      <p className="text-sm text-slate-600">
        Sends this newsletter to your own address, personalised as you, with “[Test]” before the subject. Nobody else receives it.
      </p>
      <Button variant="secondary" name="intent" value="send-test">
        Send a test to yourself
      </Button>
    </Form>
  );
}
