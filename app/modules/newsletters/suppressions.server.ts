import { DomainError } from "~/modules/auth/errors.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import type { SuppressionReason } from "~/generated/prisma/enums.ts";
import { isUniqueViolation, prisma } from "~/utils/db.server.ts";

// Addresses no newsletter goes to. Hard bounces and complaints arrive from Resend's webhook
// (tracking.server.ts); admins add or remove addresses by hand here. Every send's snapshot skips them.

export const SUPPRESSIONS_PAGE_SIZE = 50;

export const SUPPRESSION_REASON_LABELS: Record<SuppressionReason, string> = {
  BOUNCE: "Hard bounce",
  COMPLAINT: "Spam complaint",
  MANUAL: "Added by hand",
};

function assertCanManage(actor: Actor) {
  if (!can(actor, "suppressions.manage")) throw new Response("You do not have access to this page.", { status: 403 });
}

export async function listSuppressions(actor: Actor, { q, page }: { q: string; page: number }) {
  assertCanManage(actor);
  const where = q ? { email: { contains: q.toLowerCase() } } : {};
  const total = await prisma.emailSuppression.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / SUPPRESSIONS_PAGE_SIZE));
  const current = Math.min(page, pageCount);
  const rows = await prisma.emailSuppression.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { email: "asc" }],
    skip: (current - 1) * SUPPRESSIONS_PAGE_SIZE,
    take: SUPPRESSIONS_PAGE_SIZE,
    select: { email: true, reason: true, detail: true, createdAt: true },
  });
  return { rows, total, page: current, pageCount };
}

export async function addSuppression(actor: Actor, input: { email: string; detail?: string }) {
  assertCanManage(actor);
  try {
    await prisma.emailSuppression.create({ data: { email: input.email, reason: "MANUAL", detail: input.detail ?? "" } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await prisma.emailSuppression.findUnique({ where: { email: input.email }, select: { reason: true } });
    const why = existing ? ` (${SUPPRESSION_REASON_LABELS[existing.reason].toLowerCase()})` : "";
    throw new DomainError(409, `${input.email} is already on the list${why}. Search for it to see why.`, "email");
  }
}

/** Newsletters may reach the address again from the next send; a bounce or complaint will put it back. */
export async function removeSuppression(actor: Actor, email: string) {
  assertCanManage(actor);
  const { count } = await prisma.emailSuppression.deleteMany({ where: { email: email.toLowerCase() } });
  if (count === 0) throw new DomainError(404, `${email} is not on the list any more.`);
}
