import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ReplyNotice } from "~/components/accounts/reply-notice.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { RoutingRuleForm } from "~/components/queue/routing-rule-form.tsx";
import { Button } from "~/components/ui/button.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { Card, Notice, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { handleRoutingAction } from "~/modules/queue/routing-actions.server.ts";
import { ruleFormId } from "~/modules/queue/routing.schema.ts";
import { listRules } from "~/modules/queue/routing.server.ts";
import { routeRequest } from "~/modules/queue/routing.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "Booking routing · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "routing.manage");
  const rules = await listRules();
  const sample = (new URL(request.url).searchParams.get("try") ?? "").slice(0, 500);
  const tried = sample ? routeRequest(sample, rules) : null;
  return {
    rules: rules.map((rule) => ({ ...rule, formId: ruleFormId(rule.id) })),
    sample,
    tried: tried ? { target: tried.target, rule: tried.rule?.label ?? null, matched: tried.matched } : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "routing.manage");
  return handleRoutingAction(user, await readFormData(request));
}

export default function BookingRouting() {
  const { rules, sample, tried } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title="Booking routing"
        description="When a customer books an hour, what they write decides where it goes. Support topics are answered with library items and the support contact, and draw no hour; everything else reaches a CSM. Rules are tried from the top; the first match wins; no match goes to a CSM."
      />
      <Card title="Try a request" className="mb-8">
        <Form method="get" className="flex flex-wrap items-end gap-3">
          <div className="min-w-[18rem] flex-1">
            <TextField id="try" label="What a customer might write" name="try" defaultValue={sample} />
          </div>
          <Button variant="secondary">Route it</Button>
        </Form>
        {tried ? (
          <p role="status" className="mt-4 text-sm text-slate-700">
            {tried.target === "SUPPORT" ? "Support and the library" : "A CSM"}
            {tried.rule ? ` — rule “${tried.rule}”, matched “${tried.matched}”.` : " — no rule matched, so a CSM."}
          </p>
        ) : null}
      </Card>
      <ReplyNotice reply={reply} intents={["move-rule", "delete-rule"]} />
      {rules.length === 0 ? <Notice tone="warning">No rules: every request goes to a CSM.</Notice> : null}
      <ol className="space-y-6" aria-label="Rules, in the order they are tried">
        {rules.map((rule, index) => (
          <li key={rule.id}>
            <Card title={`${index + 1}. ${rule.label}${rule.active ? "" : " (inactive)"}`}>
              <RoutingRuleForm rule={rule} formId={rule.formId} reply={reply} />
              <div className="mt-4 flex flex-wrap gap-2 border-t border-slate-100 pt-4">
                {(["up", "down"] as const).map((direction) => (
                  <Form method="post" key={direction}>
                    <input type="hidden" name="intent" value="move-rule" />
                    <input type="hidden" name="ruleId" value={rule.id} />
                    <input type="hidden" name="direction" value={direction} />
                    <Button
                      variant="secondary"
                      disabled={direction === "up" ? index === 0 : index === rules.length - 1}
                      aria-label={`Move “${rule.label}” ${direction}`}
                    >
                      Move {direction}
                    </Button>
                  </Form>
                ))}
                <Form method="post">
                  <input type="hidden" name="intent" value="delete-rule" />
                  <input type="hidden" name="ruleId" value={rule.id} />
                  <Button variant="danger" aria-label={`Delete “${rule.label}”`}>
                    Delete
                  </Button>
                </Form>
              </div>
            </Card>
          </li>
        ))}
      </ol>
      <Card title="Add a rule" className="mt-8">
        <RoutingRuleForm rule={null} formId={ruleFormId(null)} reply={reply} />
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
