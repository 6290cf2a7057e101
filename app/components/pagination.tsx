import { Link, useSearchParams } from "@remix-run/react";

/** Previous/next links that keep the other query parameters (filters) as they are. */
export function Pagination({ page, pageCount, total, noun }: { page: number; pageCount: number; total: number; noun: string }) {
  const [params] = useSearchParams();
  const hrefFor = (target: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(target));
    return `?${next}`;
  };
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm text-slate-600">
      <p>
        {total} {noun} · page {page} of {pageCount}
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link className="rounded-lg px-3 py-1.5 ring-1 ring-slate-300 hover:bg-slate-50" to={hrefFor(page - 1)}>
            Previous
          </Link>
        ) : null}
        {page < pageCount ? (
          <Link className="rounded-lg px-3 py-1.5 ring-1 ring-slate-300 hover:bg-slate-50" to={hrefFor(page + 1)}>
            Next
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
