import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { navigationFor } from "~/components/navigation.ts";
import { accountSummary } from "~/modules/accounts/accounts.server.ts";
import { ROLE_LABELS } from "~/modules/auth/permissions.ts";
import { requireUser } from "~/modules/auth/session.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const account = user.accountId ? await accountSummary(user.accountId) : null;
  return {
    user: { name: user.name, email: user.email, roleLabel: ROLE_LABELS[user.role], accountName: account?.name ?? null },
    navigation: navigationFor(user),
  };
}

export default function AppLayout() {
  const { user, navigation } = useLoaderData<typeof loader>();
  return (
    <AppShell user={user} navigation={navigation}>
      <Outlet />
    </AppShell>
  );
}

export function ErrorBoundary() {
  return (
    <div className="mx-auto max-w-2xl py-12 px-4">
      <GeneralErrorBoundary />
    </div>
  );
}
