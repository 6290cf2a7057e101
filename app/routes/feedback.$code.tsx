import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useMemo } from "react";
import { AuthLayout } from "~/components/auth-layout.tsx";
import { FeedbackScale } from "~/components/sessions/feedback-scale.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, TextAreaField } from "~/components/ui/field.tsx";
import { Notice } from "~/components/ui/page.tsx";
import { feedbackQuestion, feedbackSchemaFor } from "~/modules/sessions/feedback.schema.ts";
import { findFeedbackTarget, giveFeedback } from "~/modules/sessions/feedback.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { doneForm, invalidForm, parseForm, readFormData, refusedForm } from "~/utils/forms.server.ts";
import { doneMessage, useSchemaForm } from "~/utils/forms.ts";

export const meta: MetaFunction = () => [{ title: "How was the session? · Lyceum" }];

const notValid = () => new Response("This feedback link is not valid.", { status: 404 });

export async function loader({ params }: LoaderFunctionArgs) {
  const target = await findFeedbackTarget(params.code ?? "");
  if (!target) throw notValid();
  const kind = target.session.feedbackKind;
  const { existing } = target;
  return {
    title: target.session.title,
    when: formatDateTime(target.session.startsAt, target.user.timeZone, target.user.locale),
    open: target.open,
    kind,
    question: feedbackQuestion(kind, target.session.title),
    // An answer given on the other scale (the publisher switched since) keeps its comment, not its score.
    existing: existing ? { score: existing.kind === kind ? existing.score : null, comment: existing.comment } : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const code = params.code ?? "";
  // The session decides the scale the answer is checked against; the form cannot choose it.
  const target = await findFeedbackTarget(code);
  if (!target) throw notValid();
  const submission = parseForm(await readFormData(request), feedbackSchemaFor(target.session.feedbackKind));
  if (submission.status !== "success") return invalidForm("feedback", submission);
  try {
    await giveFeedback(code, submission.value);
  } catch (error) {
    return refusedForm("feedback", submission, error);
  }
  return doneForm("feedback", submission, "Thank you: the team reads every answer.");
}

export default function Feedback() {
  const { title, when, open, kind, question, existing } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const schema = useMemo(() => feedbackSchemaFor(kind), [kind]);
  const [form, fields] = useSchemaForm("feedback", schema, reply);
  const busy = useNavigation().state !== "idle";
  const thanks = doneMessage(reply, "feedback");
  // After a refused submit, show what was sent (the comment above all) rather than the stored answer.
  const typed = reply?.intent === "feedback" && !thanks ? (reply.result.initialValue as Record<string, unknown> | undefined) : undefined;
  const typedScore = typed && typeof typed.score === "string" && /^\d+$/.test(typed.score) ? Number(typed.score) : null;
  return (
    <AuthLayout title="How was the session?" subtitle={`${title} · ${when}`}>
      {thanks ? <Notice tone="success">{thanks}</Notice> : null}
      {!open ? (
        <Notice>Feedback opens when the session starts. Come back after it.</Notice>
      ) : thanks ? null : (
        <Form method="post" {...getFormProps(form)} className="space-y-5">
          <FormErrors errors={form.errors} />
          <FeedbackScale
            kind={kind}
            legend={question.legend}
            choices={question.choices}
            name={fields.score.name}
            checked={typed ? typedScore : (existing?.score ?? null)}
            errors={fields.score.errors}
          />
          <TextAreaField
            label="Anything we should know? (optional)"
            name={fields.comment.name}
            rows={4}
            defaultValue={typed ? String(typed.comment ?? "") : (existing?.comment ?? "")}
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
