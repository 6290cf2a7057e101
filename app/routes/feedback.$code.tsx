import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthLayout } from "~/components/auth-layout.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, TextAreaField } from "~/components/ui/field.tsx";
import { Notice } from "~/components/ui/page.tsx";
import { CSAT_LABELS, FeedbackSchema } from "~/modules/sessions/feedback.schema.ts";
import { findFeedbackTarget, giveFeedback } from "~/modules/sessions/feedback.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { doneForm, invalidForm, parseForm, readFormData, refusedForm } from "~/utils/forms.server.ts";
import { doneMessage, useSchemaForm } from "~/utils/forms.ts";

export const meta: MetaFunction = () => [{ title: "How was the session? · Lyceum" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const target = await findFeedbackTarget(params.code ?? "");
  if (!target) throw new Response("This feedback link is not valid.", { status: 404 });
  return {
    title: target.session.title,
    when: formatDateTime(target.session.startsAt, target.user.timeZone, target.user.locale),
    open: target.open,
    existing: target.existing,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = parseForm(await readFormData(request), FeedbackSchema);
  if (submission.status !== "success") return invalidForm("feedback", submission);
  try {
    await giveFeedback(params.code ?? "", submission.value);
  } catch (error) {
    return refusedForm("feedback", submission, error);
  }
  return doneForm("feedback", submission, "Thank you: the team reads every answer.");
}

export default function Feedback() {
  const { title, when, open, existing } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("feedback", FeedbackSchema, reply);
  const busy = useNavigation().state !== "idle";
  const thanks = doneMessage(reply, "feedback");
  return (
    <AuthLayout title="How was the session?" subtitle={`${title} · ${when}`}>
      {thanks ? <Notice tone="success">{thanks}</Notice> : null}
      {!open ? (
        <Notice>Feedback opens when the session starts. Come back after it.</Notice>
      ) : thanks ? null : (
        <Form method="post" {...getFormProps(form)} className="space-y-5">
          <FormErrors errors={form.errors} />
          <fieldset aria-describedby={fields.score.errors?.length ? "score-error" : undefined}>
            <legend className="text-sm font-medium text-slate-800">How satisfied are you with this session?</legend>
            <div className="mt-2 grid grid-cols-5 gap-2">
              {CSAT_LABELS.map((label, index) => (
                <label
                  key={label}
                  className="flex cursor-pointer flex-col items-center gap-1 rounded-lg border border-slate-200 p-2 text-center text-xs text-slate-700 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50"
                >
                  <input type="radio" name={fields.score.name} value={index + 1} defaultChecked={existing?.score === index + 1} required />
                  <span className="text-base font-semibold">{index + 1}</span>
                  {label}
                </label>
              ))}
            </div>
            {fields.score.errors?.length ? (
              <p id="score-error" className="mt-1 text-sm text-red-700">
                {fields.score.errors[0]}
              </p>
            ) : null}
          </fieldset>
          <TextAreaField
            label="Anything we should know? (optional)"
            name={fields.comment.name}
            rows={4}
            defaultValue={existing?.comment ?? ""}
            errors={fields.comment.errors}
          />
          <Button className="w-full" disabled={busy}>
            {existing ? "Update my feedback" : "Send feedback"}
          </Button>
        </Form>
      )}
    </AuthLayout>
  );
}
