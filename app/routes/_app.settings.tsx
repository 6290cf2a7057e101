import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, SelectField, TextField } from "~/components/ui/field.tsx";
import { Badge, Card, Notice, PageHeader } from "~/components/ui/page.tsx";
import { ChangePasswordSchema } from "~/modules/auth/auth.schema.ts";
import { LOCALES, ProfileSchema } from "~/modules/auth/profile.schema.ts";
import { changePassword, getProfile, listSessions, revokeSession, updateProfile } from "~/modules/auth/profile.server.ts";
import { destroySessionCookie, getSession, invalidateAllSessions, requireUser } from "~/modules/auth/session.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { doneForm, invalidForm, parseForm, readFormData, refusedForm } from "~/utils/forms.server.ts";
import { doneMessage, useSchemaForm } from "~/utils/forms.ts";

export const meta: MetaFunction = () => [{ title: "Settings · Lyceum" }];

async function requireSession(request: Request) {
  await requireUser(request);
  return (await getSession(request))!;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, sessionId } = await requireSession(request);
  const [profile, sessions] = await Promise.all([getProfile(user.id), listSessions(user.id)]);
  return {
    profile: {
      name: profile.name,
      email: profile.email,
      timeZone: profile.timeZone,
      locale: profile.locale,
      hasPassword: Boolean(profile.password),
    },
    sessions: sessions.map((session) => ({
      id: session.id,
      current: session.id === sessionId,
      device: session.userAgent ?? "Unknown device",
      lastActive: formatDateTime(session.lastActiveAt, user.timeZone, user.locale),
    })),
    timeZones: Intl.supportedValuesOf("timeZone"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, sessionId } = await requireSession(request);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  if (intent === "profile") {
    const submission = parseForm(formData, ProfileSchema);
    if (submission.status !== "success") return invalidForm("profile", submission);
    await updateProfile(user.id, submission.value);
    return doneForm("profile", submission, "Your profile is saved.");
  }
  if (intent === "password") {
    const submission = parseForm(formData, ChangePasswordSchema);
    if (submission.status !== "success") return invalidForm("password", submission);
    try {
      await changePassword(user.id, sessionId, submission.value);
    } catch (error) {
      return refusedForm("password", submission, error);
    }
    return doneForm("password", submission, "Your password is changed; your other sessions were signed out.");
  }
  if (intent === "revoke-session") {
    await revokeSession(user.id, String(formData.get("sessionId") ?? "")).catch(() => undefined);
    return redirect("/settings");
  }
  if (intent === "sign-out-everywhere") {
    await invalidateAllSessions(user.id);
    return redirect("/login", { headers: { "Set-Cookie": await destroySessionCookie() } });
  }
  throw new Response("Unknown action.", { status: 400 });
}

export default function Settings() {
  const { profile, sessions, timeZones } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [profileForm, profileFields] = useSchemaForm("profile", ProfileSchema, reply);
  const [passwordForm, passwordFields] = useSchemaForm("password", ChangePasswordSchema, reply);
  return (
    <>
      <PageHeader title="Settings" description={`Signed in as ${profile.email}.`} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Profile">
          <Form method="post" {...getFormProps(profileForm)} className="space-y-4">
            <input type="hidden" name="intent" value="profile" />
            {doneMessage(reply, "profile") ? <Notice tone="success">{doneMessage(reply, "profile")}</Notice> : null}
            <FormErrors errors={profileForm.errors} />
            <TextField
              label="Name"
              name={profileFields.name.name}
              defaultValue={profile.name}
              autoComplete="name"
              errors={profileFields.name.errors}
            />
            <SelectField
              label="Time zone"
              name={profileFields.timeZone.name}
              defaultValue={profile.timeZone}
              hint="Every time in Lyceum is shown in this zone."
              errors={profileFields.timeZone.errors}
            >
              {timeZones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replaceAll("_", " ")}
                </option>
              ))}
            </SelectField>
            <SelectField
              label="Language and formats"
              name={profileFields.locale.name}
              defaultValue={profile.locale}
              errors={profileFields.locale.errors}
            >
              {LOCALES.map((locale) => (
                <option key={locale.value} value={locale.value}>
                  {locale.label}
                </option>
              ))}
            </SelectField>
            <Button>Save profile</Button>
          </Form>
        </Card>
        <Card title={profile.hasPassword ? "Change password" : "Set a password"}>
          <Form method="post" {...getFormProps(passwordForm)} className="space-y-4">
            <input type="hidden" name="intent" value="password" />
            {doneMessage(reply, "password") ? <Notice tone="success">{doneMessage(reply, "password")}</Notice> : null}
            <FormErrors errors={passwordForm.errors} />
            {profile.hasPassword ? (
              <TextField
                label="Current password"
                name={passwordFields.currentPassword.name}
                type="password"
                autoComplete="current-password"
                errors={passwordFields.currentPassword.errors}
              />
            ) : null}
            <TextField
              label="New password"
              name={passwordFields.password.name}
              type="password"
              autoComplete="new-password"
              hint="At least 10 characters."
              errors={passwordFields.password.errors}
            />
            <TextField
              label="Repeat the new password"
              name={passwordFields.confirmPassword.name}
              type="password"
              autoComplete="new-password"
              errors={passwordFields.confirmPassword.errors}
            />
            <Button>{profile.hasPassword ? "Change password" : "Set password"}</Button>
          </Form>
        </Card>
      </div>
      <Card title="Where you are signed in" className="mt-6">
        <ul className="divide-y divide-slate-100">
          {sessions.map((session) => (
            <li key={session.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div>
                <p className="text-sm font-medium text-slate-800">
                  {session.device.slice(0, 80)} {session.current ? <Badge tone="green">This device</Badge> : null}
                </p>
                <p className="text-xs text-slate-500">Last active {session.lastActive}</p>
              </div>
              {session.current ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke-session" />
                  <input type="hidden" name="sessionId" value={session.id} />
                  <Button variant="secondary">Sign out this session</Button>
                </Form>
              )}
            </li>
          ))}
        </ul>
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value="sign-out-everywhere" />
          <Button variant="danger">Sign out everywhere</Button>
        </Form>
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
