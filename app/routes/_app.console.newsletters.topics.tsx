import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ReplyNotice } from "~/components/accounts/reply-notice.tsx";
import { NewsletterSections } from "~/components/newsletters/newsletter-sections.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { TopicForm } from "~/components/newsletters/topic-form.tsx";
import { Button } from "~/components/ui/button.tsx";
import { Badge, Card, EmptyState, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { handleTopicsAction, topicFormId } from "~/modules/newsletters/topics-actions.server.ts";
import { listTopics } from "~/modules/newsletters/topics.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "Newsletter topics · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "newsletters.manage");
  const topics = await listTopics(user);
  return {
    topics: topics.map((topic) => ({
      ...topic,
      formId: topicFormId(topic.id),
      archived: topic.archivedAt ? formatDateTime(topic.archivedAt, user.timeZone, user.locale) : null,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "newsletters.manage");
  return handleTopicsAction(user, await readFormData(request));
}

export default function Topics() {
  const { topics } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title="Newsletter topics"
        description="What newsletters are about. Customers choose their topics in the preference centre linked from every email; each email's one-click unsubscribe leaves its topic only."
        actions={
          <Link to="/console/newsletters/reports" className="text-sm font-semibold text-brand-700 underline-offset-4 hover:underline">
            Newsletter reports
          </Link>
        }
      />
      <NewsletterSections />
      <ReplyNotice reply={reply} intents={["archive-topic"]} />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <section aria-labelledby="topics-title" className="space-y-4">
          <h2 id="topics-title" className="sr-only">
            Topics
          </h2>
          {topics.length === 0 ? <EmptyState title="No topics yet">Create the first one to start sending newsletters.</EmptyState> : null}
          {topics.map((topic) => (
            <Card
              key={topic.id}
              title={topic.name}
              actions={
                <div className="flex items-center gap-2">
                  {topic.archived ? <Badge>Archived {topic.archived}</Badge> : null}
                  <Badge tone={topic.subscribedByDefault ? "brand" : "slate"}>
                    {topic.subscribedByDefault ? "Everyone by default" : "Opt-in"}
                  </Badge>
                  <Badge tone="green">
                    {topic.subscribers} subscriber{topic.subscribers === 1 ? "" : "s"}
                  </Badge>
                </div>
              }
            >
              <TopicForm topic={topic} formId={topic.formId} reply={reply} />
              <Form method="post" className="mt-4 border-t border-slate-100 pt-4">
                <input type="hidden" name="intent" value={topic.archived ? "restore-topic" : "archive-topic"} />
                <input type="hidden" name="topicId" value={topic.id} />
                <Button
                  variant={topic.archived ? "secondary" : "danger"}
                  aria-label={`${topic.archived ? "Restore" : "Archive"} ${topic.name}`}
                >
                  {topic.archived ? "Restore" : "Archive"}
                </Button>
              </Form>
            </Card>
          ))}
        </section>
        <Card title="New topic" className="self-start">
          <TopicForm formId="create-topic" reply={reply} />
        </Card>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
