// Markdown output has no classes of its own, so its elements are styled from the wrapper.
const MARKDOWN_CLASS = [
  "space-y-3 text-sm leading-6 text-slate-800",
  "[&_h1]:text-lg [&_h1]:font-semibold [&_h2]:text-base [&_h2]:font-semibold [&_h3]:font-semibold",
  "[&_ul]:list-disc [&_ul]:pl-5 [&_ol]:list-decimal [&_ol]:pl-5 [&_li]:mt-1",
  "[&_a]:font-medium [&_a]:text-brand-700 [&_a]:underline [&_a]:underline-offset-4",
  "[&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_pre]:overflow-x-auto [&_pre]:rounded-lg [&_pre]:bg-slate-50 [&_pre]:p-3",
  "[&_blockquote]:border-l-4 [&_blockquote]:border-slate-200 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600",
].join(" ");

/** `html` must come from renderMarkdown, which sanitises it: nothing else may be passed here. */
export function SessionDescription({ html }: { html: string }) {
  if (!html.trim()) return <p className="text-sm text-slate-600">The hosts have not written a description yet.</p>;
  return <div className={MARKDOWN_CLASS} dangerouslySetInnerHTML={{ __html: html }} />;
}
