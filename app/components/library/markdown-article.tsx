// Markdown output has no classes of its own, so a reading page styles its elements from the wrapper.
const ARTICLE_CLASS = [
  "max-w-3xl space-y-4 text-base leading-7 text-slate-800",
  "[&_h2]:mt-8 [&_h2]:text-xl [&_h2]:font-semibold [&_h2]:text-slate-900",
  "[&_h3]:mt-6 [&_h3]:text-lg [&_h3]:font-semibold [&_h3]:text-slate-900 [&_h4]:mt-4 [&_h4]:font-semibold",
  "[&_ul]:list-disc [&_ul]:pl-6 [&_ol]:list-decimal [&_ol]:pl-6 [&_li]:mt-1",
  "[&_a]:font-medium [&_a]:text-brand-700 [&_a]:underline [&_a]:underline-offset-4",
  "[&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:text-sm",
  "[&_pre]:overflow-x-auto [&_pre]:rounded-lg [&_pre]:bg-slate-50 [&_pre]:p-3 [&_pre_code]:bg-transparent [&_pre_code]:px-0",
  "[&_blockquote]:border-l-4 [&_blockquote]:border-brand-100 [&_blockquote]:pl-4 [&_blockquote]:text-slate-600",
  "[&_table]:w-full [&_table]:border-collapse [&_table]:text-sm [&_th]:border-b [&_th]:border-slate-300 [&_th]:px-2 [&_th]:py-1.5 [&_th]:text-left",
  "[&_td]:border-b [&_td]:border-slate-100 [&_td]:px-2 [&_td]:py-1.5 [&_img]:max-w-full [&_img]:rounded-lg [&_hr]:border-slate-200",
  "print:max-w-none print:text-sm print:leading-6",
].join(" ");

/** `html` must come from renderMarkdown, which sanitises it: nothing else may be passed here. */
export function MarkdownArticle({ html, empty = "Nothing has been written here yet." }: { html: string; empty?: string }) {
  if (!html.trim()) return <p className="text-sm text-slate-600">{empty}</p>;
  return <div className={ARTICLE_CLASS} dangerouslySetInnerHTML={{ __html: html }} />;
}
