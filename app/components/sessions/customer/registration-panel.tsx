import { Link } from "@remix-run/react";
import { Form, useNavigation } from "@remix-run/react";
import { ReplyNotice, type Reply } from "~/components/accounts/reply-notice.tsx";
import { Button, buttonClass } from "~/components/ui/button.tsx";
import { Notice } from "~/components/ui/page.tsx";
import type { ViewerStatus } from "~/modules/sessions/catalogue.schema.ts";
import type { SessionPhase } from "~/modules/sessions/session-phase.ts";
import { RegisterForm, type RegistrationQuestion } from "./register-form.tsx";
import { ViewerStatusBadge } from "./status-badge.tsx";

type MyRegistration = {
  status: ViewerStatus;
  joinPath: string | null;
  joinUrl: string | null;
  waitlistPosition: number | null;
  offerExpires: string | null;
  calendar: { google: string; outlook: string; ics: string } | null;
};

const linkClass = "font-medium text-brand-700 underline underline-offset-4";

function JoinLink({ joinPath, joinUrl, phase }: { joinPath: string; joinUrl: string; phase: SessionPhase }) {
  if (phase === "soon" || phase === "live") {
    return (
      <div className="space-y-2 rounded-lg border border-brand-100 bg-brand-50 p-4">
        <p className="font-medium text-brand-900">{phase === "live" ? "The session is live." : "The session starts in a few minutes."}</p>
        <a href={joinPath} className={buttonClass("primary", "text-base")}>
          Join the session
        </a>
        <p className="text-xs text-brand-900">The link is yours alone: it opens the meeting and records that you attended.</p>
      </div>
    );
  }
  return (
    <div className="space-y-1 text-sm">
      <p className="font-medium text-slate-800">Your personal join link</p>
      <a href={joinPath} className={`${linkClass} break-all`}>
        {joinUrl}
      </a>
      <p className="text-slate-600">
        It opens the meeting and records your attendance. It also appears here from 15 minutes before the start.
      </p>
    </div>
  );
}

function CalendarLinks({ calendar }: { calendar: NonNullable<MyRegistration["calendar"]> }) {
  return (
    <div className="text-sm">
      <p className="font-medium text-slate-800">Add to calendar</p>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        <li>
          <a href={calendar.google} className={linkClass} target="_blank" rel="noreferrer noopener">
            Google Calendar
          </a>
        </li>
        <li>
          <a href={calendar.outlook} className={linkClass} target="_blank" rel="noreferrer noopener">
            Outlook
          </a>
        </li>
        <li>
          <a href={calendar.ics} className={linkClass} download>
            Download .ics (Apple Calendar and others)
          </a>
        </li>
      </ul>
    </div>
  );
}

function CancelForm({ label }: { label: string }) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === "cancel";
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="cancel" />
      <Button variant="danger" disabled={busy}>
        {busy ? "Cancelling…" : label}
      </Button>
    </Form>
  );
}

function Registered({ registration, phase }: { registration: MyRegistration; phase: SessionPhase }) {
  const open = phase === "upcoming" || phase === "soon";
  return (
    <div className="space-y-4">
      <p className="flex items-center gap-2 text-sm text-slate-700">
        Your status: <ViewerStatusBadge status={registration.status} />
      </p>
      {registration.status === "CONFIRMED" && registration.joinPath && registration.joinUrl && phase !== "ended" ? (
        <JoinLink joinPath={registration.joinPath} joinUrl={registration.joinUrl} phase={phase} />
      ) : null}
      {registration.status === "WAITLISTED" ? (
        <p className="text-sm text-slate-700">
          You are <strong>number {registration.waitlistPosition}</strong> in line. If a seat frees up before the start, we email you a link
          to claim it.
        </p>
      ) : null}
      {registration.status === "OFFERED" ? (
        <Notice tone="success">
          A seat has freed up and is held for you{registration.offerExpires ? ` until ${registration.offerExpires}` : ""}. Claim it with the
          link in the email we sent you.
        </Notice>
      ) : null}
      {registration.status === "CONFIRMED" ? (
        <p className="text-sm">
          <Link to="live" relative="path" className="font-medium text-brand-700 underline underline-offset-4">
            Questions and polls
          </Link>{" "}
          <span className="text-slate-600">· ask before or during the session, and upvote what others asked.</span>
        </p>
      ) : null}
      {registration.calendar ? <CalendarLinks calendar={registration.calendar} /> : null}
      {open ? <CancelForm label={registration.status === "CONFIRMED" ? "Cancel my registration" : "Leave the waitlist"} /> : null}
    </div>
  );
}

/** Everything about the viewer's place in this session, whatever state the session is in. */
export function RegistrationPanel({
  phase,
  full,
  registration,
  canRegister,
  questions,
  answerMaxLength,
  reply,
}: {
  phase: SessionPhase;
  full: boolean;
  registration: MyRegistration | null;
  canRegister: boolean;
  questions: RegistrationQuestion[];
  answerMaxLength: number;
  reply: Reply;
}) {
  return (
    <div className="space-y-4">
      <ReplyNotice reply={reply} intents={["cancel"]} />
      {reply?.intent === "register" && reply.done ? <Notice tone="success">{reply.done}</Notice> : null}
      {phase === "cancelled" ? (
        <Notice tone="warning">
          This session was cancelled by the team. Nothing more to do: if you were registered, we have emailed you.
        </Notice>
      ) : null}
      {phase === "ended" ? <Notice>This session has ended. When a recording is published, it will be linked from this page.</Notice> : null}
      {phase !== "cancelled" && registration ? <Registered registration={registration} phase={phase} /> : null}
      {canRegister ? <RegisterForm questions={questions} answerMaxLength={answerMaxLength} full={full} reply={reply} /> : null}
      {!registration && phase === "live" ? (
        <p className="text-sm text-slate-700">
          Registration has closed because the session has started. Look for the next one in the catalogue.
        </p>
      ) : null}
    </div>
  );
}
