import type { ReactNode } from "react";
import { Badge } from "~/components/ui/page.tsx";
import { SessionDescription } from "./customer/session-description.tsx";
import type { HostSheet } from "./types.ts";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2 sm:grid-cols-3">
      <dt className="text-sm font-medium text-slate-500">{label}</dt>
      <dd className="text-sm text-slate-800 sm:col-span-2">{children}</dd>
    </div>
  );
}

export function SessionDetails({ session }: { session: HostSheet["session"] }) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <dl className="divide-y divide-slate-100">
        <Row label="Starts (your time)">{session.when}</Row>
        <Row label="Scheduled as">
          {session.scheduledAs} <span className="text-slate-500">({session.timeZone.replace(/_/g, " ")})</span>
        </Row>
        <Row label="Duration">{session.duration}</Row>
        {session.series ? (
          <Row label="Series">
            Occurrence {session.series.position} of {session.series.occurrences}, every{" "}
            {session.series.intervalWeeks === 1 ? "week" : `${session.series.intervalWeeks} weeks`}
          </Row>
        ) : null}
        <Row label="Hosts">{session.hosts.map((host) => host.name).join(", ") || "None"}</Row>
        <Row label="Audience">{session.audience}</Row>
        <Row label="Seats taken">
          {session.seats}
          {session.perAccountCap ? <span className="text-slate-500"> · at most {session.perAccountCap} per account</span> : null}
        </Row>
        <Row label="Feedback asked">{session.feedbackKindLabel}</Row>
        <Row label="Meeting link">
          <a
            href={session.meetingUrl}
            className="break-all text-brand-700 underline underline-offset-4"
            rel="noopener noreferrer"
            target="_blank"
          >
            {session.meetingUrl}
          </a>
        </Row>
        {session.replayUrl ? (
          <Row label="Replay">
            <a href={session.replayUrl} className="break-all text-brand-700 underline underline-offset-4">
              {session.replayUrl}
            </a>
          </Row>
        ) : null}
        {session.topics.length ? (
          <Row label="Topics">
            <span className="flex flex-wrap gap-1.5">
              {session.topics.map((topic) => (
                <Badge key={topic}>{topic}</Badge>
              ))}
            </span>
          </Row>
        ) : null}
        {session.published ? <Row label="Published">{session.published}</Row> : null}
        {session.cancelled ? <Row label="Cancelled">{session.cancelled}</Row> : null}
        {session.sequence > 0 ? <Row label="Calendar revision">{session.sequence}</Row> : null}
      </dl>
      <div className="lg:border-l lg:border-slate-100 lg:pl-6">
        <SessionDescription html={session.descriptionHtml} />
      </div>
    </div>
  );
}
