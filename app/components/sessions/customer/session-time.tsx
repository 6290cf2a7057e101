/** A session's start in the viewer's zone (zone named), the host's clock when it differs, and its length. */
export function SessionTime({
  startsAt,
  when,
  hostWhen,
  duration,
}: {
  startsAt: string;
  when: string;
  hostWhen?: string | null;
  duration: string;
}) {
  return (
    <span className="inline-flex flex-wrap items-baseline gap-x-2">
      <time dateTime={startsAt} className="font-medium text-slate-900">
        {when}
      </time>
      <span className="text-slate-600">· {duration}</span>
      {hostWhen ? <span className="text-slate-500">({hostWhen} for the host)</span> : null}
    </span>
  );
}
