import { data } from "@remix-run/node";
import { DomainError } from "~/modules/auth/errors.ts";
import type { SessionUser } from "~/modules/auth/session.server.ts";
import { PurposeSchema } from "./booking.schema.ts";
import { joinQueue, leaveQueue } from "./waiting-queue.server.ts";

export type QueueReply = { step: "queued" | "left"; message: string; tone: "success" | "info" };

/**
 * The portal's queue forms (intent `join-queue` on the booking page, `leave-queue` there and on the
 * hours page). Null when the form is not about the queue; a bad purpose answers 400, a second join
 * 409 with the place already held.
 */
export async function handleQueueIntent(user: SessionUser, form: FormData) {
  const intent = form.get("intent");
  if (intent === "leave-queue") {
    const { left } = await leaveQueue(user);
    return { step: "left", tone: "info", message: left ? "You left the queue." : "You were not in the queue." } satisfies QueueReply;
  }
  if (intent !== "join-queue") return null;
  const parsed = PurposeSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const message = parsed.error.flatten().fieldErrors.purpose?.[0] ?? "Say what you would like to discuss.";
    return data({ step: "queued", tone: "info", message } satisfies QueueReply, { status: 400 });
  }
  try {
    const { position } = await joinQueue(user, { purpose: parsed.data.purpose });
    const message = `You are in the queue, position ${position}. When a time frees up we will email you a link to claim it.`;
    return { step: "queued", tone: "success", message } satisfies QueueReply;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data({ step: "queued", tone: "info", message: error.message } satisfies QueueReply, { status: error.status });
  }
}
