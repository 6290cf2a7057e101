import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AuthLayout } from "~/components/auth-layout.tsx";
import { Button } from "~/components/ui/button.tsx";
import { homePathFor } from "~/modules/auth/permissions.ts";
import { consumeMagicLink, isMagicLinkUsable } from "~/modules/auth/sign-in.server.ts";
import { safeRedirect, signInAndRedirect } from "~/modules/auth/session.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "Sign in with your link · Lyceum" }];

// Opening the link only shows a button: mail scanners that fetch links must not burn the token.
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const token = url.searchParams.get("token") ?? "";
  return { token, redirectTo: url.searchParams.get("redirectTo") ?? "", usable: token ? await isMagicLinkUsable(token) : false };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const token = String(form.get("token") ?? "");
  const result = token ? await consumeMagicLink(token) : null;
  if (!result) {
    throw new Response("This sign-in link has expired or was already used. Ask for a new one on the sign-in page.", { status: 410 });
  }
  const user = await prisma.user.findUniqueOrThrow({ where: { id: result.userId }, select: { role: true } });
  return signInAndRedirect(request, result.userId, safeRedirect(form.get("redirectTo"), homePathFor(user.role)), context);
}

export default function MagicLink() {
  const { token, redirectTo, usable } = useLoaderData<typeof loader>();
  if (!usable) {
    return (
      <AuthLayout title="This link no longer works" subtitle="Sign-in links work once and expire after 10 minutes.">
        <Link to="/login" className="font-medium text-brand-700 underline underline-offset-4">
          Get a new link
        </Link>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Finish signing in" subtitle="Confirm to sign in on this device.">
      <Form method="post">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Button className="w-full">Sign in to Lyceum</Button>
      </Form>
    </AuthLayout>
  );
}
