import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startFakeResend, type FakeResend } from "#test/fake-resend.ts";
import { createNewsletterRow, READY_BLOCKS } from "#test/newsletter-factories.ts";
import { createSendAudience } from "#test/send-factories.ts";
import { prisma } from "~/utils/db.server.ts";
import { startSend } from "./send.server.ts";

// A worker killed mid-send (SIGKILL: no cleanup, maybe between the provider's answer and the commit)
// resumes without sending anyone twice and without skipping anyone.

const RECIPIENTS = 3_000;
const root = path.resolve(import.meta.dirname, "../../..");
let fake: FakeResend;
let child: ChildProcess | null = null;
/** When set, the next batch the fake accepts kills the sender before it hears the answer. */
let killOnNextDelivery = false;

beforeAll(async () => {
  fake = await startFakeResend({
    requestsPerSecond: 10,
    onDelivered: () => {
      if (!killOnNextDelivery || !child) return;
      killOnNextDelivery = false;
      child.kill("SIGKILL");
    },
  });
});
afterAll(async () => {
  child?.kill("SIGKILL");
  await fake.close();
});

function startChild(newsletterId: string) {
  // node itself with tsx as a loader (not the tsx CLI, which runs node as its own child that SIGKILL would orphan).
  const started = spawn(process.execPath, ["--import", "tsx", path.join(root, "test/deliver-newsletter-child.ts"), newsletterId], {
    cwd: root,
    env: {
      ...process.env,
      RESEND_API_KEY: "re_resume_test",
      RESEND_BASE_URL: fake.url,
      NEWSLETTER_SEND_RATE: "10",
      LOG_LEVEL: "silent",
      WORKER_ENABLED: "false",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  started.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    started.once("exit", (code, signal) => resolve({ code, signal, output })),
  );
  child = started;
  return exited;
}

/** Waits until the fake has accepted `more` new batches (so each kill lands mid-send, not during start-up). */
async function untilDelivered(more: number) {
  const target = fake.stats.accepted + more;
  while (fake.stats.accepted < target) await sleep(10);
}

test("SIGKILL at random moments, restart each time: every recipient is delivered exactly once and the database agrees", async () => {
  const audience = await createSendAudience({ count: RECIPIENTS, zones: ["UTC", "Europe/Paris", "America/Chicago"] });
  const { id } = await createNewsletterRow({ topicId: audience.topicId, blocks: READY_BLOCKS });
  await startSend({ id: "publisher", timeZone: "UTC", locale: "en-US" }, id, { when: "now" });

  const kills: string[] = [];
  for (let round = 0; round < 5; round++) {
    const run = startChild(id);
    await untilDelivered(1 + Math.floor(Math.random() * 3));
    if (round % 2 === 0) {
      // Right after the provider took a batch, before the worker could record it.
      killOnNextDelivery = true;
    } else {
      await sleep(Math.random() * 250);
      child!.kill("SIGKILL");
    }
    const { signal } = await run;
    kills.push(signal ?? "exited");
  }
  expect(kills.filter((signal) => signal === "SIGKILL").length).toBeGreaterThanOrEqual(4);
  expect(await prisma.newsletterRecipient.count({ where: { newsletterId: id, status: "PENDING" } })).toBeGreaterThan(0);

  const final = await startChild(id);
  expect(final.code, final.output).toBe(0);
  expect(JSON.parse(final.output.trim()) as { status: string }).toMatchObject({ status: "SENT" });

  const counts = audience.emails.map((email) => fake.deliveries.get(email) ?? 0);
  const duplicates = counts.filter((count) => count > 1).length;
  const missing = counts.filter((count) => count === 0).length;
  expect({ duplicates, missing }).toEqual({ duplicates: 0, missing: 0 });
  expect(fake.stats.emails).toBe(RECIPIENTS);
  // Killed runs left batches the next run sent again: the provider answered those from the key.
  expect(fake.stats.replayed).toBeGreaterThan(0);

  const recipients = await prisma.newsletterRecipient.findMany({
    where: { newsletterId: id },
    select: { email: true, status: true, providerMessageId: true },
  });
  expect(recipients.filter((recipient) => recipient.status !== "SENT")).toEqual([]);
  expect(recipients.filter((recipient) => recipient.providerMessageId !== fake.lastEmail.get(recipient.email)!.id)).toEqual([]);
  expect(await prisma.newsletterBatch.count({ where: { newsletterId: id, status: { not: "SENT" } } })).toBe(0);
  expect(await prisma.newsletter.findUniqueOrThrow({ where: { id }, select: { status: true } })).toEqual({ status: "SENT" });
}, 180_000);
