import { Link } from "@remix-run/react";
import { buttonClass } from "~/components/ui/button.tsx";
import { Card, EmptyState, PageHeader } from "~/components/ui/page.tsx";
import type { ContentPage } from "~/modules/library/content-page.server.ts";
import { ContentKindBadge, TopicList } from "./badges.tsx";
import { MarkdownArticle } from "./markdown-article.tsx";
import { PrintButton } from "./print-button.tsx";
import type { VideoPlayback } from "~/modules/library/video.ts";
import { useMediaProgress } from "./use-media-progress.ts";
import { VideoPlayer } from "./video-player.tsx";

/** The player, reporting what is watched (customers only) so the next visit resumes where this one stopped. */
function TrackedVideo({
  contentId,
  title,
  playback,
  startAt,
  tracked,
}: {
  contentId: string;
  title: string;
  playback: VideoPlayback;
  startAt: number;
  tracked: boolean;
}) {
  const attach = useMediaProgress({ contentId, enabled: tracked });
  return <VideoPlayer playback={playback} title={title} onMediaElement={attach} startAt={startAt} />;
}

const linkClass = "font-medium text-brand-700 underline underline-offset-4";

type Ebook = NonNullable<ContentPage["ebook"]>;

function Facts({ page }: { page: ContentPage }) {
  const { item } = page;
  return (
    <span className="flex flex-wrap items-center gap-2">
      <ContentKindBadge kind={item.kind} label={item.kindLabel} />
      {item.minutes ? <span>{item.minutes}</span> : null}
      {item.published ? <span>· Added {item.published}</span> : null}
    </span>
  );
}

function TableOfContents({ ebook }: { ebook: Ebook }) {
  if (!ebook.chapters.length) return null;
  return (
    <nav aria-label="Contents" className="print:hidden">
      <h2 className="mb-2 text-sm font-semibold text-slate-900">Contents</h2>
      <ol className="space-y-1 text-sm">
        {ebook.chapters.map((chapter) => (
          <li key={chapter.href} className="flex gap-2">
            <span className="w-5 shrink-0 text-right text-slate-500 tabular-nums">{chapter.number}.</span>
            <Link
              to={chapter.href}
              aria-current={chapter.current ? "page" : undefined}
              className={
                chapter.current
                  ? "font-semibold text-slate-900"
                  : "text-brand-700 underline-offset-4 hover:underline aria-[current=page]:font-semibold"
              }
            >
              {chapter.title}
            </Link>
          </li>
        ))}
      </ol>
    </nav>
  );
}

function PdfDownload({ file }: { file: NonNullable<Ebook["file"]> }) {
  return (
    <p className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
      <a href={file.href} className={buttonClass("secondary")} download>
        Download the PDF
      </a>
      <span>
        {file.filename} · {file.size}
      </span>
    </p>
  );
}

function EbookBody({ page, ebook }: { page: ContentPage; ebook: Ebook }) {
  const current = ebook.current;
  if (current) {
    return (
      <article aria-labelledby="chapter-title" className="space-y-6">
        <header>
          <p className="text-sm text-slate-500">
            Chapter {current.number} of {ebook.chapters.length}
          </p>
          <h2 id="chapter-title" className="text-xl font-semibold text-slate-900">
            {current.title}
          </h2>
        </header>
        <MarkdownArticle html={current.html} empty="This chapter has no text yet." />
        <nav aria-label="Chapters" className="flex flex-wrap justify-between gap-3 border-t border-slate-100 pt-4 text-sm print:hidden">
          {current.prev ? (
            <Link to={current.prev.href} rel="prev" className={linkClass}>
              ← Previous: {current.prev.title}
            </Link>
          ) : (
            <Link to={page.basePath} className={linkClass}>
              ← Contents
            </Link>
          )}
          {current.next ? (
            <Link to={current.next.href} rel="next" className={linkClass}>
              Next: {current.next.title} →
            </Link>
          ) : (
            <Link to={page.basePath} className={linkClass}>
              Back to the contents
            </Link>
          )}
        </nav>
      </article>
    );
  }
  const first = ebook.chapters[0];
  return (
    <div className="space-y-6">
      {page.item.summary ? <p className="max-w-3xl text-base leading-7 text-slate-700">{page.item.summary}</p> : null}
      {first ? (
        <p>
          <Link to={first.href} className={buttonClass()}>
            Start reading: {first.title}
          </Link>
        </p>
      ) : null}
      {ebook.file ? <PdfDownload file={ebook.file} /> : null}
      {!first && !ebook.file ? <EmptyState title="This book has no chapters or PDF yet" /> : null}
    </div>
  );
}

/** One item as a customer sees it, by kind. The console's preview renders the same. */
export function ContentView({ page }: { page: ContentPage }) {
  const { item } = page;
  return (
    <>
      <PageHeader
        title={item.title}
        description={<Facts page={page} />}
        actions={item.kind === "ONE_PAGER" ? <PrintButton label="Print this page" /> : undefined}
      />
      {item.kind === "ONE_PAGER" ? (
        <div className="space-y-4">
          {item.summary ? <p className="max-w-3xl text-base leading-7 text-slate-700">{item.summary}</p> : null}
          <Card className="print:border-0 print:shadow-none">
            <MarkdownArticle html={item.html} />
          </Card>
        </div>
      ) : null}
      {page.ebook ? (
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_16rem]">
          <Card className="print:border-0 print:shadow-none">
            <EbookBody page={page} ebook={page.ebook} />
          </Card>
          <aside aria-label="About this book" className="space-y-6 print:hidden">
            <Card>
              <TableOfContents ebook={page.ebook} />
              {page.ebook.file && page.ebook.current ? (
                <p className="mt-4 border-t border-slate-100 pt-4 text-sm">
                  <a href={page.ebook.file.href} className={linkClass} download>
                    Download the PDF ({page.ebook.file.size})
                  </a>
                </p>
              ) : null}
            </Card>
          </aside>
        </div>
      ) : null}
      {page.video ? (
        <div className="space-y-6">
          {page.video.playback ? (
            <TrackedVideo
              contentId={item.id}
              title={item.title}
              playback={page.video.playback}
              startAt={page.video.startAt}
              tracked={!page.preview}
            />
          ) : (
            <div role="status" className="flex aspect-video items-center justify-center rounded-lg bg-slate-900 text-sm text-slate-200">
              This video is being prepared. Please come back a little later.
            </div>
          )}
          {item.summary ? <p className="max-w-3xl text-base leading-7 text-slate-700">{item.summary}</p> : null}
          {item.html ? (
            <Card title="Notes">
              <MarkdownArticle html={item.html} />
            </Card>
          ) : null}
        </div>
      ) : null}
      {item.topics.length ? (
        <div className="mt-6 flex flex-wrap items-center gap-2 text-sm text-slate-600 print:hidden">
          <span>Topics:</span>
          <TopicList topics={item.topics} />
        </div>
      ) : null}
      <p className="mt-8 hidden text-xs text-slate-500 print:block">Printed from {page.printUrl}</p>
    </>
  );
}
