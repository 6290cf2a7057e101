import { Link, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { LIVE_REFRESH_MS } from "~/modules/sessions/live.schema.ts";

/**
 * Reloads the page's data every few seconds while the tab is visible, so new questions, votes and
 * polls appear without a reload; a hidden tab stops asking. Skips a beat while a form is submitting.
 */
export function useLiveRefresh(enabled = true, intervalMs = LIVE_REFRESH_MS) {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const idle = revalidator.state === "idle" && navigation.state === "idle";
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setInterval> | undefined;
    const start = () => {
      if (timer === undefined) timer = setInterval(() => revalidator.revalidate(), intervalMs);
    };
    const stop = () => {
      clearInterval(timer);
      timer = undefined;
    };
    const onVisibility = () => {
      if (document.hidden) return stop();
      revalidator.revalidate();
      start();
    };
    if (!document.hidden && idle) start();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      stop();
      document.removeEventListener("visibilitychange", onVisibility);
    };
    // `revalidator` changes identity on every state change; `idle` is what restarts the timer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, intervalMs, idle]);
}

/** The refresh note: the page updates itself; without JavaScript the link does it. */
export function LiveRefresh({ enabled = true }: { enabled?: boolean }) {
  useLiveRefresh(enabled);
  return (
    <p className="text-sm text-slate-600">
      {enabled ? "This page updates itself every few seconds. " : null}
      <Link to="." reloadDocument className="font-medium text-brand-700 underline underline-offset-4">
        Refresh
      </Link>
    </p>
  );
}
