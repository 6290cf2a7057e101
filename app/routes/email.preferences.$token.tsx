import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthLayout } from "~/components/auth-layout.tsx";
import { Button } from "~/components/ui/button.tsx";
import { Check, Fieldset, FormErrors } from "~/components/ui/field.tsx";
import { Notice } from "~/components/ui/page.tsx";
import { optBackIn, optOutOfAll, preferencesPerson, readPreferences, savePreferences } from "~/modules/newsletters/consent.server.ts";
import { OptOutSchema, SavePreferencesSchema } from "~/modules/newsletters/preferences.schema.ts";
import { parseForm, readFormData } from "~/utils/forms.server.ts";
import { data } from "@remix-run/node";

// The preference centre, reached signed-out from any newsletter: the signed token names the person.

export const meta: MetaFunction = () => [{ title: "Newsletter preferences · Lyceum" }, { name: "robots", content: "noindex" }];

async function personOf(token: string | undefined) {
  const person = await preferencesPerson(token ?? "");
  if (!person) throw new Response("This preferences link is not valid.", { status: 404 });
  return person;
}

export async function loader({ params }: LoaderFunctionArgs) {
  const person = await personOf(params.token);
  return { person: { name: person.name, email: person.email }, ...(await readPreferences(person.id)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const person = await personOf(params.token);
  const form = await readFormData(request);
  if (form.get("intent") === "save") {
    const submission = parseForm(form, SavePreferencesSchema);
    if (submission.status !== "success")
      return data({ done: null, errors: ["These choices could not be read. Reload the page and try again."] }, { status: 400 });
    const count = await savePreferences(person.id, submission.value.topic);
    return { done: count ? `Saved: you follow ${count} topic${count === 1 ? "" : "s"}.` : "Saved: you follow no topics.", errors: null };
  }
  const submission = parseForm(form, OptOutSchema);
  if (submission.status !== "success")
    return data({ done: null, errors: ["This form is not recognised. Reload the page and try again."] }, { status: 400 });
  if (submission.value.intent === "opt-out") {
    await optOutOfAll(person.id);
    return { done: "You're unsubscribed from all newsletters. Emails about your sessions and bookings still reach you.", errors: null };
  }
  await optBackIn(person.id);
  return { done: "Welcome back: newsletters about the topics you follow will reach you again.", errors: null };
}

export default function Preferences() {
  const { person, topics, optedOut } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <AuthLayout title="Newsletter preferences" subtitle={`${person.name} · ${person.email}`}>
      <div className="space-y-6">
        {reply?.done ? <Notice tone="success">{reply.done}</Notice> : null}
        <FormErrors errors={reply?.errors} />
        {optedOut ? <Notice tone="warning">You’re unsubscribed from all newsletters, whatever the topics below say.</Notice> : null}
        <Form method="post" className="space-y-4">
          <input type="hidden" name="intent" value="save" />
          <Fieldset legend="Topics you receive" hint={topics.length ? undefined : "No topics are offered at the moment."}>
            {topics.map((topic) => (
              <Check
                key={topic.id}
                name="topic"
                value={topic.id}
                label={topic.name}
                detail={topic.description || undefined}
                checked={topic.subscribed}
              />
            ))}
          </Fieldset>
          <Button className="w-full" disabled={busy}>
            Save my choices
          </Button>
        </Form>
        <Form method="post" className="border-t border-slate-200 pt-6">
          {optedOut ? (
            <>
              <input type="hidden" name="intent" value="opt-in" />
              <Button variant="secondary" className="w-full" disabled={busy}>
                Receive newsletters again
              </Button>
            </>
          ) : (
            <>
              <input type="hidden" name="intent" value="opt-out" />
              <Button variant="danger" className="w-full" disabled={busy}>
                Unsubscribe from all newsletters
              </Button>
            </>
          )}
        </Form>
      </div>
    </AuthLayout>
  );
}
