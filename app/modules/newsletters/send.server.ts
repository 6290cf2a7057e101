import { DomainError } from "~/modules/auth/errors.ts";
import type { SessionUser } from "~/modules/auth/session.server.ts";
import { prisma, writeTransaction } from "~/utils/db.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { parseBlocks } from "./blocks.ts";
import { enqueueDelivery } from "./delivery.server.ts";
import { recipientProgress } from "./progress.server.ts";
import { planFromForm } from "./send-plan.ts";
import type { SendControlIntent, SendFormValue } from "./send.schema.ts";
import { parseSegmentRules } from "./segment-rules.ts";
import { snapshotRecipients } from "./snapshot.server.ts";

// Starting, pausing, resuming and cancelling a send. Every change of status is a conditional write on
// the status it expects, so a double click or two publishers at once change it once; the loser gets a 409.

type Actor = Pick<SessionUser, "id" | "timeZone" | "locale">;

async function requireNewsletter(newsletterId: string) {
  const newsletter = await prisma.newsletter.findUnique({
    where: { id: newsletterId },
    select: {
      id: true,
      subject: true,
      blocks: true,
      status: true,
      topicId: true,
      segmentId: true,
      topic: { select: { name: true, archivedAt: true } },
      segment: { select: { name: true, rules: true } },
    },
  });
  if (!newsletter) throw new Response("Newsletter not found", { status: 404 });
  return newsletter;
}

/** What stops a draft from being sent, in words for the publisher. */
function sendProblems(newsletter: Awaited<ReturnType<typeof requireNewsletter>>): string[] {
  const problems: string[] = [];
  if (!newsletter.subject.trim()) problems.push("The subject is empty: give it one in the editor.");
  if (newsletter.topic.archivedAt) problems.push("Its topic is archived: choose a current topic in the editor.");
  if (parseBlocks(newsletter.blocks).length === 0) problems.push("It has no content: add at least one block in the editor.");
  return problems;
}

/**
 * One transaction: DRAFT → SCHEDULED (SENDING for now), the recipient snapshot, the total and the
 * delivery job. A send that would reach nobody writes nothing.
 */
export async function startSend(actor: Actor, newsletterId: string, value: SendFormValue, now = new Date()) {
  const newsletter = await requireNewsletter(newsletterId);
  if (newsletter.status !== "DRAFT") throw alreadySent();
  const problems = sendProblems(newsletter);
  if (problems.length > 0) throw new DomainError(400, problems.join(" "));
  const plan = planFromForm(value, actor.timeZone, now);
  const segmentRules = newsletter.segment ? parseSegmentRules(newsletter.segment.rules) : null;
  return writeTransaction(prisma, async (tx) => {
    const { count } = await tx.newsletter.updateMany({
      where: { id: newsletterId, status: "DRAFT" },
      data: {
        status: plan.kind === "NOW" ? "SENDING" : "SCHEDULED",
        scheduleKind: plan.kind,
        scheduledAt: plan.kind === "AT" ? plan.at : null,
        localDate: plan.kind === "LOCAL_HOUR" ? plan.localDate : null,
        localHour: plan.kind === "LOCAL_HOUR" ? plan.localHour : null,
        segmentRules: segmentRules ? JSON.stringify(segmentRules) : null,
        segmentName: newsletter.segment?.name ?? null,
        snapshottedAt: now,
        startedAt: plan.kind === "NOW" ? now : null,
      },
    });
    if (count === 0) throw alreadySent();
    // No segment: everyone subscribed to the topic.
    const rules = segmentRules ?? { match: "all" as const, conditions: [] };
    const total = await snapshotRecipients(tx, { newsletterId, topicId: newsletter.topicId, plan, now, rules });
    if (total === 0) {
      throw new DomainError(
        409,
        "Nobody would receive this newsletter: no customer is subscribed to its topic (and in its segment). Nothing was sent.",
      );
    }
    await tx.newsletter.update({ where: { id: newsletterId }, data: { recipientsTotal: total } });
    const first = await tx.newsletterRecipient.findFirst({ where: { newsletterId }, orderBy: { dueAt: "asc" }, select: { dueAt: true } });
    await enqueueDelivery(tx, newsletterId, first!.dueAt);
    return { total, status: plan.kind === "NOW" ? "SENDING" : "SCHEDULED" };
  });
}

function alreadySent() {
  return new DomainError(409, "This newsletter has already been sent or scheduled: its progress is shown below.");
}

const CONTROL: Record<SendControlIntent, { from: Array<"SCHEDULED" | "SENDING" | "PAUSED">; refusal: string }> = {
  pause: { from: ["SCHEDULED", "SENDING"], refusal: "Only a scheduled or sending newsletter can be paused." },
  resume: { from: ["PAUSED"], refusal: "Only a paused newsletter can be resumed." },
  cancel: { from: ["SCHEDULED", "SENDING", "PAUSED"], refusal: "This newsletter has finished or was cancelled already." },
};

/**
 * Pause stops new batches (one already handed to the provider completes). Resume picks up where it
 * stopped. Cancel marks everyone not yet in a batch CANCELLED.
 */
export async function controlSend(actor: Actor, newsletterId: string, intent: SendControlIntent, now = new Date()) {
  void actor;
  const newsletter = await prisma.newsletter.findUnique({ where: { id: newsletterId }, select: { id: true, startedAt: true } });
  if (!newsletter) throw new Response("Newsletter not found", { status: 404 });
  const rule = CONTROL[intent];
  return writeTransaction(prisma, async (tx) => {
    const data =
      intent === "pause"
        ? { status: "PAUSED" as const, pausedAt: now }
        : intent === "resume"
          ? { status: newsletter.startedAt ? ("SENDING" as const) : ("SCHEDULED" as const), pausedAt: null }
          : { status: "CANCELLED" as const, cancelledAt: now };
    const { count } = await tx.newsletter.updateMany({ where: { id: newsletterId, status: { in: rule.from } }, data });
    if (count === 0) throw new DomainError(409, rule.refusal);
    if (intent === "cancel") {
      await tx.newsletterRecipient.updateMany({
        where: { newsletterId, status: "PENDING", batchId: null },
        data: { status: "CANCELLED" },
      });
    }
    if (intent === "resume") {
      const next = await tx.newsletterRecipient.findFirst({
        where: { newsletterId, status: "PENDING" },
        orderBy: { dueAt: "asc" },
        select: { dueAt: true },
      });
      const runAt = next && next.dueAt > now ? next.dueAt : now;
      await enqueueDelivery(tx, newsletterId, runAt, `resume:${now.toISOString()}`);
    }
  });
}

export type SendPage = Awaited<ReturnType<typeof getSendPage>>;

/** The send form's context for a draft, or the progress of a send, with times in the viewer's zone. */
export async function getSendPage(actor: Actor, newsletterId: string, now = new Date()) {
  const newsletter = await requireNewsletter(newsletterId);
  const row = await prisma.newsletter.findUniqueOrThrow({
    where: { id: newsletterId },
    select: {
      scheduleKind: true,
      scheduledAt: true,
      localDate: true,
      localHour: true,
      recipientsTotal: true,
      segmentName: true,
      completedAt: true,
    },
  });
  const counts = (await recipientProgress([newsletterId])).get(newsletterId)!;
  const nextWave = await prisma.newsletterRecipient.findFirst({
    where: { newsletterId, status: "PENDING", dueAt: { gt: now } },
    orderBy: { dueAt: "asc" },
    select: { dueAt: true },
  });
  const when = (at: Date | null) => (at ? formatDateTime(at, actor.timeZone, actor.locale) : null);
  return {
    newsletter: {
      id: newsletter.id,
      subject: newsletter.subject,
      status: newsletter.status,
      topicName: newsletter.topic.name,
      segmentName: newsletter.status === "DRAFT" ? (newsletter.segment?.name ?? null) : row.segmentName,
      scheduleKind: row.scheduleKind,
      scheduledAt: when(row.scheduledAt),
      localDate: row.localDate,
      localHour: row.localHour,
      completedAt: when(row.completedAt),
    },
    problems: newsletter.status === "DRAFT" ? sendProblems(newsletter) : [],
    progress: {
      total: row.recipientsTotal,
      sent: counts.SENT,
      skipped: counts.SKIPPED,
      failed: counts.FAILED,
      cancelled: counts.CANCELLED,
      pending: counts.PENDING,
      nextWaveAt: row.scheduleKind === "LOCAL_HOUR" || row.scheduleKind === "AT" ? when(nextWave?.dueAt ?? null) : null,
    },
    viewerTimeZone: actor.timeZone,
  };
}
