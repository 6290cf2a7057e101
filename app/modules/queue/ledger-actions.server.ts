import { runForm } from "~/modules/accounts/form-action.server.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { hoursText, periodName } from "./ledger.ts";
import { TopUpSchema } from "./ledger.schema.ts";
import { topUpHours } from "./ledger.server.ts";

export const TOP_UP_INTENT = "top-up-hours";

/**
 * The admin's top-up form on the console account page: 403 before reading anything for anyone else,
 * 400 with field messages for bad input, 404/409 from topUpHours beside the form.
 */
export async function handleTopUp(actor: Actor, accountId: string, formData: FormData, now = new Date()) {
  if (!can(actor, "hours.manage")) throw new Response("Only admins add or take back CSM hours.", { status: 403 });
  return runForm(formData, TOP_UP_INTENT, TopUpSchema, async ({ hours, reason }) => {
    const balance = await topUpHours(actor, accountId, { hours, reason }, now);
    const left = Math.max(0, balance.granted - balance.used);
    const name = periodName(balance.period, balance.periodStart);
    const what = hours > 0 ? `Added ${hoursText(hours)} to ${name}` : `Took back ${hoursText(-hours)} from ${name}`;
    return `${what}: ${left} of ${hoursText(balance.granted)} left.`;
  });
}
