import { DomainError } from "~/modules/auth/errors.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { prisma, writeTransaction } from "~/utils/db.server.ts";
import { doneForm, invalidForm, parseForm, refusedForm } from "~/utils/forms.server.ts";
import { callExpiry, healthCallSchema, type HealthCallValues } from "./scoring.schema.ts";
import { recomputeAccountScore } from "./scores.server.ts";

export const HEALTH_CALL_FORM = "health-call";
export const CLEAR_CALL_FORM = "clear-call";

/** The owner CSM of an account and admins may make the call; everyone else on the team only reads it. */
export function mayCall(actor: Actor, account: { ownerCsmId: string | null }) {
  if (can(actor, "health.call_all")) return true;
  return can(actor, "health.call") && account.ownerCsmId === actor.id;
}

async function requireCallableAccount(actor: Actor, accountId: string) {
  const account = await prisma.account.findUnique({ where: { id: accountId }, select: { id: true, name: true, ownerCsmId: true } });
  if (!account) throw new Response("There is no account with that id. It may have been removed.", { status: 404 });
  if (!mayCall(actor, account)) throw new Response("Only the account's CSM or an admin can make a health call.", { status: 403 });
  return account;
}

/** For the call page: the account, if this actor may make its call (403/404 otherwise). */
export async function getCallableAccount(actor: Actor, accountId: string) {
  const { id, name } = await requireCallableAccount(actor, accountId);
  return { id, name };
}

export async function setHealthCall(actor: Actor, accountId: string, values: HealthCallValues, now = new Date()) {
  const account = await requireCallableAccount(actor, accountId);
  await writeTransaction(prisma, async (tx) => {
    // One call at a time: a new call ends the one before it.
    await tx.healthOverride.updateMany({ where: { accountId: account.id, expiresAt: { gt: now } }, data: { expiresAt: now } });
    await tx.healthOverride.create({
      data: {
        accountId: account.id,
        health: values.health,
        reason: values.reason,
        expiresAt: callExpiry(values.expiresOn),
        createdById: actor.id,
      },
    });
  });
  await recomputeAccountScore(prisma, account.id, now);
  return account;
}

export async function clearHealthCall(actor: Actor, accountId: string, now = new Date()) {
  const account = await requireCallableAccount(actor, accountId);
  const { count } = await writeTransaction(prisma, (tx) =>
    tx.healthOverride.updateMany({ where: { accountId: account.id, expiresAt: { gt: now } }, data: { expiresAt: now } }),
  );
  if (count === 0) throw new DomainError(409, "There is no call to clear; the health already follows the numbers.");
  await recomputeAccountScore(prisma, account.id, now);
  return account;
}

/** The call form's action: 403/404 as thrown Responses, 400 with field messages, or null on success. */
export async function handleHealthCallAction(actor: Actor, accountId: string, formData: FormData, now = new Date()) {
  await requireCallableAccount(actor, accountId);
  if (formData.get("intent") === "clear-call") {
    const submission = parseForm(formData, healthCallSchema(now).pick({ intent: true }).partial());
    try {
      await clearHealthCall(actor, accountId, now);
      return { ok: true as const, reply: doneForm(CLEAR_CALL_FORM, submission, "Call cleared; the health follows the numbers again.") };
    } catch (error) {
      return { ok: false as const, reply: refusedForm(CLEAR_CALL_FORM, submission, error) };
    }
  }
  const submission = parseForm(formData, healthCallSchema(now));
  if (submission.status !== "success") return { ok: false as const, reply: invalidForm(HEALTH_CALL_FORM, submission) };
  await setHealthCall(actor, accountId, submission.value as HealthCallValues, now);
  return { ok: true as const, reply: null };
}
