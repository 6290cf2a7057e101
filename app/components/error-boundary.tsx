import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const TITLES: Record<number, string> = {
  400: "That request could not be understood",
  403: "You do not have access",
  404: "Not found",
  409: "That conflicts with a change already made",
  410: "This link is no longer valid",
  429: "Too many attempts",
};

/** One boundary for expected refusals (thrown Responses) and unexpected errors alike. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const detail =
    isRouteErrorResponse(error) && typeof error.data === "string" && error.data
      ? error.data
      : status === 404
        ? "We could not find what you were looking for."
        : status === 500
          ? "Something went wrong on our side. It has been logged; please try again."
          : null;
  return (
    <section role="alert" aria-labelledby="error-title" className="rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
      <p className="text-sm font-semibold text-brand-600">Error {status}</p>
      <h1 id="error-title" className="mt-2 text-2xl font-semibold text-slate-900">
        {TITLES[status] ?? "Something went wrong"}
      </h1>
      {detail ? <p className="mt-3 text-slate-600">{detail}</p> : null}
      <p className="mt-6">
        <Link to="/" className="font-medium text-brand-700 underline underline-offset-4">
          Go to your home page
        </Link>
      </p>
    </section>
  );
}
