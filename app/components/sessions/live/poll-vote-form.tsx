import { Form, useNavigation } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import type { PollResults } from "~/modules/sessions/live.server.ts";

export function PollVoteForm({ poll, errors }: { poll: Pick<PollResults, "id" | "question" | "options">; errors?: string[] | null }) {
  const busy = useNavigation().state !== "idle";
  const errorId = `poll-${poll.id}-error`;
  return (
    <Form method="post" className="space-y-4">
      <input type="hidden" name="intent" value="vote" />
      <input type="hidden" name="pollId" value={poll.id} />
      <fieldset aria-describedby={errors?.length ? errorId : undefined}>
        <legend className="font-medium text-slate-900">{poll.question}</legend>
        <div className="mt-3 space-y-2">
          {poll.options.map((option) => (
            <label
              key={option.id}
              className="flex cursor-pointer items-center gap-3 rounded-lg border border-slate-200 px-3 py-2 text-sm text-slate-800 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50"
            >
              <input type="radio" name="optionId" value={option.id} required />
              {option.label}
            </label>
          ))}
        </div>
        {errors?.length ? (
          <p id={errorId} className="mt-2 text-sm text-red-700">
            {errors[0]}
          </p>
        ) : null}
      </fieldset>
      <Button disabled={busy}>Vote</Button>
    </Form>
  );
}
