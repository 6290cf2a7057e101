import type { Reply } from "~/components/accounts/reply-notice.tsx";
import { Badge, Card, Notice } from "~/components/ui/page.tsx";
import { SendTestForm, type EditorBlock } from "./newsletter-forms.tsx";

type Summary = { subject: string; preheader: string; topic: string; audience: string; statusLabel: string; recipientsTotal: number };

/** What a newsletter that has left DRAFT says, read-only: it went (or is going) out as it is. */
export function NewsletterSummary({
  newsletter,
  blocks,
  pressKey,
  reply,
}: {
  newsletter: Summary;
  blocks: EditorBlock[];
  pressKey: string;
  reply: Reply;
}) {
  return (
    <div className="grid gap-6 xl:grid-cols-5">
      <Card title="What it says" className="xl:col-span-3">
        <Notice tone="info">
          This newsletter is {newsletter.statusLabel.toLowerCase()}, so it can no longer be edited. Start a new newsletter to send something
          else.
        </Notice>
        <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="font-medium text-slate-700">Subject</dt>
          <dd>{newsletter.subject}</dd>
          <dt className="font-medium text-slate-700">Preheader</dt>
          <dd>{newsletter.preheader || "—"}</dd>
          <dt className="font-medium text-slate-700">Topic</dt>
          <dd>{newsletter.topic}</dd>
          <dt className="font-medium text-slate-700">Audience</dt>
          <dd>
            {newsletter.audience}
            {newsletter.recipientsTotal ? ` · ${newsletter.recipientsTotal.toLocaleString("en-US")} recipients` : ""}
          </dd>
        </dl>
        <ol aria-label="Blocks in order" className="mt-4 space-y-2">
          {blocks.map((block) => (
            <li key={block.index} className="rounded-lg border border-slate-200 p-3 text-sm">
              <Badge tone={block.block.type === "text" ? "slate" : "brand"}>{block.label}</Badge> {block.summary}
            </li>
          ))}
        </ol>
      </Card>
      <Card title="Test" className="xl:col-span-2">
        <SendTestForm pressKey={pressKey} reply={reply} />
      </Card>
    </div>
  );
}
