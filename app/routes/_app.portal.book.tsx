import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { SlotPicker } from "~/components/queue/slot-picker.tsx";
import { JoinQueue, QueueStatusCard } from "~/components/queue/waiting-queue.tsx";
import { Button, buttonClass } from "~/components/ui/button.tsx";
import { FormErrors, TextAreaField } from "~/components/ui/field.tsx";
import { Card, Notice, PageHeader } from "~/components/ui/page.tsx";
import { DomainError } from "~/modules/auth/errors.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { bookedSummary, bookingDays, routeBooking } from "~/modules/queue/booking-page.server.ts";
import { ChooseTimeSchema, PURPOSE_MAX, PurposeSchema } from "~/modules/queue/booking.schema.ts";
import { bookHour } from "~/modules/queue/booking.server.ts";
import { getMyHours } from "~/modules/queue/hours-view.server.ts";
import { handleQueueIntent } from "~/modules/queue/waiting-queue-page.server.ts";
import { getMyQueueStatus } from "~/modules/queue/waiting-queue.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "Book an hour with a CSM · Lyceum" }];

type Errors = Record<string, string[] | undefined>;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "queue.book");
  const hours = await getMyHours(user);
  return {
    hours: { personalCsm: hours.personalCsm, left: hours.left, granted: hours.granted, periodName: hours.periodName },
    queue: await getMyQueueStatus(user),
  };
}

function invalid(purpose: string, errors: Errors) {
  return data({ step: "purpose" as const, purpose, errors }, { status: 400 });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "queue.book");
  const form = await readFormData(request);
  const purposeText = String(form.get("purpose") ?? "").slice(0, PURPOSE_MAX + 100);
  const queued = await handleQueueIntent(user, form);
  if (queued) return queued;
  if (form.get("intent") === "book") {
    const parsed = ChooseTimeSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      return data(
        { step: "time" as const, purpose: purposeText, ...(await bookingDays(user)), errors: parsed.error.flatten().fieldErrors as Errors },
        { status: 400 },
      );
    }
    try {
      const { booking } = await bookHour(user, {
        startsAt: new Date(parsed.data.startsAt),
        purpose: parsed.data.purpose,
        timeZone: user.timeZone,
      });
      const csm = await prisma.user.findUniqueOrThrow({ where: { id: booking.csmId }, select: { name: true } });
      return { step: "booked" as const, ...bookedSummary(user, booking, csm.name) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // The slot went, or the hours ran out: the list again, fresh, with what to do next.
      return data(
        { step: "time" as const, purpose: purposeText, ...(await bookingDays(user)), errors: { startsAt: [error.message] } as Errors },
        { status: error.status },
      );
    }
  }
  const parsed = PurposeSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return invalid(purposeText, parsed.error.flatten().fieldErrors as Errors);
  if (!parsed.data.csm) {
    const routed = await routeBooking(user, parsed.data.purpose);
    if (routed.target === "SUPPORT") return { step: "support" as const, purpose: parsed.data.purpose, ...routed };
  }
  return { step: "time" as const, purpose: parsed.data.purpose, ...(await bookingDays(user)), errors: {} as Errors };
}

export default function BookAnHour() {
  const { hours, queue } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const step = reply?.step ?? "purpose";
  const nothingFree = step === "time" && !!reply && "days" in reply && reply.days.length === 0;
  return (
    <>
      <PageHeader
        title="Book an hour with a CSM"
        description="One hour to talk about your own situation: your goals, what is getting in the way, what you would like the product to do. Tell us what it is about first, so the right person is ready for it."
      />
      <p className="mb-6 text-sm text-slate-700" role="status">
        {hours.personalCsm
          ? "Your account has its own CSM: this hour is with them and does not draw on any balance."
          : `${hours.left} of ${hours.granted} hours left for ${hours.periodName}.`}{" "}
        <Link to="/portal/hours" className="font-medium text-brand-700 underline underline-offset-4">
          See how it adds up
        </Link>
      </p>
      {reply && "tone" in reply ? (
        <div className="mb-6">
          <Notice tone={reply.tone}>{reply.message}</Notice>
        </div>
      ) : null}
      {queue && !nothingFree ? (
        <div className="mb-6">
          <QueueStatusCard queue={queue} busy={busy} />
        </div>
      ) : null}
      {step === "booked" && reply && "when" in reply ? (
        <Card title="You are booked">
          <Notice tone="success">
            {reply.when} ({reply.timeZone}) with {reply.csmName}. The hour is on your balance page; bring your questions.
          </Notice>
          <p className="mt-4">
            <Link to="/portal/hours" className={buttonClass("secondary")}>
              Back to my hours
            </Link>
          </p>
        </Card>
      ) : step === "support" && reply && "suggestions" in reply ? (
        <Card title="Support can answer this faster">
          <p className="text-sm text-slate-700">{reply.message || "This looks like a support question."} No hour is drawn for it.</p>
          {reply.suggestions.length ? (
            <ul className="mt-4 space-y-3" aria-label="Library items that may answer it">
              {reply.suggestions.map((item) => (
                <li key={item.slug}>
                  <Link to={`/portal/library/${item.slug}`} className="font-medium text-brand-700 underline underline-offset-4">
                    {item.title}
                  </Link>{" "}
                  <span className="text-xs text-slate-500">{item.kind}</span>
                  {item.summary ? <p className="text-sm text-slate-600">{item.summary}</p> : null}
                </li>
              ))}
            </ul>
          ) : null}
          <Form method="post" className="mt-6 border-t border-slate-100 pt-4">
            <input type="hidden" name="purpose" value={reply.purpose} />
            <input type="hidden" name="csm" value="yes" />
            <p className="mb-3 text-sm text-slate-600">Not what you meant? If this needs a CSM after all, go on to choose a time.</p>
            <Button variant="secondary" disabled={busy}>
              It needs a CSM: choose a time
            </Button>
          </Form>
        </Card>
      ) : step === "time" && reply && "days" in reply ? (
        <Card title="Choose a time">
          <p className="mb-4 text-sm text-slate-600">Times are shown in your time zone, {reply.timeZone}. Each lasts one hour.</p>
          <FormErrors errors={reply.errors?.startsAt ?? null} />
          {reply.days.length === 0 ? (
            queue ? (
              <QueueStatusCard queue={queue} busy={busy} />
            ) : (
              <JoinQueue
                purpose={reply.purpose}
                noHoursLeft={!hours.personalCsm && hours.left === 0}
                personalCsm={hours.personalCsm}
                busy={busy}
              />
            )
          ) : (
            <Form method="post" className="space-y-6">
              <input type="hidden" name="intent" value="book" />
              <input type="hidden" name="purpose" value={reply.purpose} />
              <SlotPicker days={reply.days} />
              <Button disabled={busy}>{busy ? "Booking…" : "Book this time"}</Button>
            </Form>
          )}
        </Card>
      ) : step === "queued" && queue ? null : (
        <Card title="What would you like to discuss?" className="max-w-2xl">
          <Form method="post" className="space-y-4">
            <FormErrors errors={reply && "errors" in reply ? (reply.errors?.csm ?? null) : null} />
            <TextAreaField
              label="What is the hour for?"
              name="purpose"
              id="purpose"
              rows={5}
              required
              maxLength={PURPOSE_MAX}
              defaultValue={reply && "purpose" in reply ? reply.purpose : ""}
              errors={reply && "errors" in reply ? reply.errors?.purpose : undefined}
              hint="Your goals, a capability you are unsure of, a feature you need, something that is not working for you. Passwords and how-to questions are answered faster by support."
            />
            <Button disabled={busy}>{busy ? "Checking…" : "Continue"}</Button>
          </Form>
        </Card>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
