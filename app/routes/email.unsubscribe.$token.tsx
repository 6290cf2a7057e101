import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthLayout } from "~/components/auth-layout.tsx";
import { Button } from "~/components/ui/button.tsx";
import { Notice } from "~/components/ui/page.tsx";
import { preferencesPathFor, resubscribeToTopic, unsubscribeFromTopic, unsubscribeTarget } from "~/modules/newsletters/consent.server.ts";

// The List-Unsubscribe link. GET only asks (mail scanners and link previewers fetch every link, so a
// GET must change nothing); POST unsubscribes at once. Mail providers POST `List-Unsubscribe=One-Click`
// from their servers with no cookie and no Origin (RFC 8058), so csrf.ts exempts this path: the
// signed token is the credential.

export const meta: MetaFunction = () => [{ title: "Unsubscribe · Lyceum" }, { name: "robots", content: "noindex" }];

const notValid = () => new Response("This unsubscribe link is not valid.", { status: 404 });

async function targetOf(token: string | undefined) {
  const target = await unsubscribeTarget(token ?? "");
  if (!target) throw notValid();
  return target;
}

export async function loader({ params }: LoaderFunctionArgs) {
  const { topic, user } = await targetOf(params.token);
  return { topic: topic.name, email: user.email, preferences: await preferencesPathFor(user.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { topic, user } = await targetOf(params.token);
  // A provider's one-click body is `List-Unsubscribe=One-Click` (form-encoded or multipart); only our own
  // undo button says otherwise. A body we cannot read is still a request to unsubscribe.
  const intent = await request
    .formData()
    .then((form) => form.get("intent"))
    .catch(() => null);
  if (intent === "resubscribe") {
    await resubscribeToTopic(user.id, topic.id);
    return { subscribed: true };
  }
  await unsubscribeFromTopic(user.id, topic.id);
  return { subscribed: false };
}

export default function Unsubscribe() {
  const { topic, email, preferences } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  if (reply && !reply.subscribed) {
    return (
      <AuthLayout
        title={`You're unsubscribed from ${topic}`}
        subtitle={email}
        footer={<Link to={preferences}>Choose your other topics</Link>}
      >
        <Notice tone="success">No more {topic} newsletters will reach you. Other topics you follow are unchanged.</Notice>
        <Form method="post" className="mt-6">
          <input type="hidden" name="intent" value="resubscribe" />
          <Button variant="secondary" className="w-full" disabled={busy}>
            Undo: subscribe me to {topic} again
          </Button>
        </Form>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title={`Unsubscribe from ${topic}?`}
      subtitle={email}
      footer={<Link to={preferences}>Manage all your newsletter topics</Link>}
    >
      {reply?.subscribed ? <Notice tone="success">You’re subscribed to {topic} again.</Notice> : null}
      <p className="mb-6 text-sm text-slate-700">
        You will stop receiving newsletters about {topic}. Other topics you follow are unchanged.
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="unsubscribe" />
        <Button className="w-full" disabled={busy}>
          Unsubscribe
        </Button>
      </Form>
    </AuthLayout>
  );
}
