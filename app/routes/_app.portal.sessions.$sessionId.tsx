import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { SessionDescription } from "~/components/sessions/customer/session-description.tsx";
import { RegistrationPanel } from "~/components/sessions/customer/registration-panel.tsx";
import { SessionTime } from "~/components/sessions/customer/session-time.tsx";
import { KindBadge } from "~/components/sessions/customer/status-badge.tsx";
import { Badge, Card, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { getSessionPage, handleSessionPageAction } from "~/modules/sessions/session-page.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.session.title ?? "Session"} · Lyceum` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "sessions.register");
  return getSessionPage(user, params.sessionId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sessions.register");
  return handleSessionPageAction(user, params.sessionId ?? "", await readFormData(request));
}

export default function SessionPage() {
  const { session, questions, answerMaxLength, registration, canRegister } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <p className="mb-4 text-sm">
        <Link to="/portal/sessions" className="font-medium text-brand-700 underline underline-offset-4">
          ← All upcoming sessions
        </Link>
      </p>
      <PageHeader
        title={session.title}
        description={
          <SessionTime startsAt={session.startsAt} when={session.when} hostWhen={session.hostWhen} duration={session.duration} />
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title={registration ? "Your registration" : "Register"}>
            <RegistrationPanel
              phase={session.phase}
              full={session.full}
              registration={registration}
              canRegister={canRegister}
              questions={questions}
              answerMaxLength={answerMaxLength}
              reply={reply}
            />
          </Card>
          <Card title="About this session">
            <SessionDescription html={session.descriptionHtml} />
          </Card>
        </div>
        <Card title="Details">
          <dl className="space-y-3 text-sm">
            <div>
              <dt className="text-slate-600">Kind</dt>
              <dd>
                <KindBadge kind={session.kind} label={session.kindLabel} />
              </dd>
            </div>
            <div>
              <dt className="text-slate-600">{session.hosts.length === 1 ? "Host" : "Hosts"}</dt>
              <dd className="font-medium text-slate-900">{session.hosts.join(", ") || "To be announced"}</dd>
            </div>
            {session.topics.length ? (
              <div>
                <dt className="text-slate-600">Topics</dt>
                <dd className="mt-1 flex flex-wrap gap-1">
                  {session.topics.map((topic) => (
                    <Badge key={topic}>{topic}</Badge>
                  ))}
                </dd>
              </div>
            ) : null}
            <div>
              <dt className="text-slate-600">Seats</dt>
              <dd className="font-medium text-slate-900">{session.seats ?? "Open to everyone in the audience"}</dd>
            </div>
          </dl>
        </Card>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
