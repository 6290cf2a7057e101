import { Form, Link } from "@remix-run/react";
import { Button, buttonClass } from "~/components/ui/button.tsx";
import { Card } from "~/components/ui/page.tsx";
import type { ContentKind, ContentStatus } from "~/generated/prisma/enums.ts";

export type Confirmable = "publish" | "unpublish" | "delete";

type Item = {
  id: string;
  kind: ContentKind;
  kindLabel: string;
  status: ContentStatus;
  title: string;
  slug: string;
  chapterCount: number;
  file: { filename: string; size: string; uploaded: string } | null;
  published: string | null;
  updated: string;
  sourcePath: string | null;
};

const QUESTIONS: Record<Confirmable, { title: string; body: string; button: string; variant: "primary" | "danger" | "secondary" }> = {
  publish: {
    title: "Publish this item?",
    body: "Customers in its audience will find it in the library and in search straight away.",
    button: "Yes, publish it",
    variant: "primary",
  },
  unpublish: {
    title: "Unpublish this item?",
    body: "It becomes a draft again: customers can no longer open it, and links to it answer “not found”. Progress already recorded is kept.",
    button: "Yes, unpublish it",
    variant: "secondary",
  },
  delete: {
    title: "Delete this item?",
    body: "The item, its chapters, its file and everyone's progress on it are removed, and it leaves any learning path it is in. This cannot be undone.",
    button: "Yes, delete it",
    variant: "danger",
  },
};

/** A plain-form confirmation step (works without JavaScript): the button posts, "Keep it" goes back. */
export function ConfirmAction({ intent, item }: { intent: Confirmable; item: Pick<Item, "id" | "title" | "status"> }) {
  const question = QUESTIONS[intent];
  const pointless = (intent === "publish" && item.status === "PUBLISHED") || (intent === "unpublish" && item.status === "DRAFT");
  if (pointless) return null;
  return (
    <Card title={question.title}>
      <p className="text-sm text-slate-700">
        <span className="font-medium text-slate-900">{item.title}</span>: {question.body}
      </p>
      <Form method="post" action={`/console/library/${item.id}`} className="mt-4 flex gap-3">
        <input type="hidden" name="intent" value={intent} />
        <Button variant={question.variant}>{question.button}</Button>
        <Link to={`/console/library/${item.id}`} className={buttonClass("secondary")}>
          Keep it as it is
        </Link>
      </Form>
    </Card>
  );
}

/** The side panel of the item page: where it lives and what it holds. */
export function ItemFacts({ item }: { item: Item }) {
  return (
    <Card title="About this item" className="self-start">
      <dl className="space-y-3 text-sm">
        <div>
          <dt className="text-slate-600">Customer address</dt>
          <dd className="break-all font-medium text-slate-900">/portal/library/{item.slug}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Published</dt>
          <dd className="font-medium text-slate-900">
            {item.status === "PUBLISHED"
              ? (item.published ?? "Yes")
              : item.published
                ? `Not now (first published ${item.published})`
                : "Not yet"}
          </dd>
        </div>
        {item.kind === "EBOOK" ? (
          <>
            <div>
              <dt className="text-slate-600">Chapters</dt>
              <dd className="font-medium text-slate-900">{item.chapterCount || "None (a PDF e-book)"}</dd>
            </div>
            <div>
              <dt className="text-slate-600">PDF</dt>
              <dd className="font-medium text-slate-900">
                {item.file ? (
                  <>
                    {item.file.filename}
                    <span className="block text-xs font-normal text-slate-500">
                      {item.file.size}, uploaded {item.file.uploaded}
                    </span>
                  </>
                ) : (
                  "None uploaded"
                )}
              </dd>
            </div>
          </>
        ) : null}
        {item.sourcePath ? (
          <div>
            <dt className="text-slate-600">Source file</dt>
            <dd className="break-all font-medium text-slate-900">content/{item.sourcePath}</dd>
          </div>
        ) : null}
      </dl>
    </Card>
  );
}
