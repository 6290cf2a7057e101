import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startFakeResend, type FakeResend } from "#test/fake-resend.ts";
import { createNewsletterRow, READY_BLOCKS } from "#test/newsletter-factories.ts";
import { createSendAudience, type SendAudience } from "#test/send-factories.ts";
import { prisma } from "~/utils/db.server.ts";
import { startSend } from "./send.server.ts";

// The worker SIGKILLed many times in a row at chosen moments, restarted each time: nobody is lost and
// nobody gets the newsletter twice. In the suite it kills 8 times; `npm run fault:worker` kills 100.
// The moments, in turn:
// - accepted:    right after the fake provider recorded a batch, before the worker heard the answer
// - before-send: after a new batch was claimed and rendered, just before its request left
// - mid-run:     a random moment between start-up and the first request (claims, rendering, links)
// - random:      a random moment in the first half second of sending

const KILLS = Number(process.env.FAULT_KILLS ?? 8);
const AUDIENCE = 1_500;
const MODES = ["accepted", "before-send", "mid-run", "random"] as const;
type Mode = (typeof MODES)[number];

const root = path.resolve(import.meta.dirname, "../../..");
let fake: FakeResend;
let child: ChildProcess | null = null;
let killOnNextDelivery = false;

beforeAll(async () => {
  fake = await startFakeResend({
    requestsPerSecond: 50,
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

type Run = {
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  /** Resolves with the time a line appeared on the child's stdout for the `nth` time. */
  line(text: string, nth?: number): Promise<number>;
};

function startChild(newsletterId: string): Run {
  const started = spawn(process.execPath, ["--import", "tsx", path.join(root, "test/deliver-newsletter-child.ts"), newsletterId], {
    cwd: root,
    env: {
      ...process.env,
      RESEND_API_KEY: "re_kill_test",
      RESEND_BASE_URL: fake.url,
      NEWSLETTER_SEND_RATE: "50",
      LOG_LEVEL: "silent",
      WORKER_ENABLED: "false",
      FAULT_MARKERS: "1",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  child = started;
  let output = "";
  let waiting: Array<{ text: string; nth: number; resolve: (at: number) => void }> = [];
  const seen = (text: string) => output.split("\n").filter((line) => line === text).length;
  started.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    const due = waiting.filter((wait) => seen(wait.text) >= wait.nth);
    waiting = waiting.filter((wait) => !due.includes(wait));
    for (const wait of due) wait.resolve(performance.now());
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    started.once("exit", (code, signal) => resolve({ code, signal, output })),
  );
  return {
    exited,
    line: (text, nth = 1) =>
      new Promise((resolve) => {
        if (seen(text) >= nth) return resolve(performance.now());
        waiting.push({ text, nth, resolve });
      }),
  };
}

type Campaign = { newsletterId: string; audience: SendAudience };

async function newCampaign(): Promise<Campaign> {
  const audience = await createSendAudience({ count: AUDIENCE, zones: ["UTC", "Europe/Paris", "America/Chicago", "Asia/Tokyo"] });
  const { id } = await createNewsletterRow({ topicId: audience.topicId, blocks: READY_BLOCKS });
  await startSend({ id: "publisher", timeZone: "UTC", locale: "en-US" }, id, { when: "now" });
  return { newsletterId: id, audience };
}

/** Batches a run left CLAIMED (killed between claim and record), each with whether the provider already has it. */
async function claimedBatches(newsletterId: string) {
  const batches = await prisma.newsletterBatch.findMany({
    where: { newsletterId, status: "CLAIMED" },
    select: { id: true, recipients: { select: { email: true }, take: 1 } },
  });
  return batches.map((batch) => ({ id: batch.id, atProvider: (fake.deliveries.get(batch.recipients[0]?.email ?? "") ?? 0) > 0 }));
}

test(
  `SIGKILL ${KILLS} times in a row at chosen moments: every recipient is delivered exactly once and the database agrees`,
  async () => {
    const started = performance.now();
    const campaigns = [await newCampaign()];
    const figures = { kills: 0, exitedOnTheirOwn: 0, leftAtProvider: 0, leftNotSent: 0, byMode: {} as Record<Mode, number> };
    let startupToSendMs = 400;
    // A batch one kill left unsent may be sent and left unrecorded by a later kill: it counts in both.
    const leftAtProvider = new Set<string>();
    const leftNotSent = new Set<string>();

    for (let round = 0; figures.kills < KILLS; round++) {
      const campaign = campaigns.at(-1)!;
      const mode = MODES[round % MODES.length]!;
      // A run first re-sends what an earlier run left claimed; "before-send" waits for the first new batch.
      const resends = (await claimedBatches(campaign.newsletterId)).length;
      const run = startChild(campaign.newsletterId);
      // This run's process: a timer that fires after it exited on its own must not kill the next one.
      const target = child!;
      const ready = await Promise.race([run.line("ready"), run.exited.then(() => null)]);
      if (ready !== null) {
        if (mode === "accepted") killOnNextDelivery = true;
        else if (mode === "before-send") void run.line("send", resends + 1).then(() => target.kill("SIGKILL"));
        else if (mode === "mid-run") setTimeout(() => target.kill("SIGKILL"), Math.random() * startupToSendMs);
        else setTimeout(() => target.kill("SIGKILL"), Math.random() * 500);
        void run.line("send").then((at) => (startupToSendMs = Math.max(50, at - ready)));
      }
      const { signal, code, output } = await run.exited;
      killOnNextDelivery = false;
      if (signal === "SIGKILL") {
        figures.kills++;
        figures.byMode[mode] = (figures.byMode[mode] ?? 0) + 1;
        for (const batch of await claimedBatches(campaign.newsletterId)) (batch.atProvider ? leftAtProvider : leftNotSent).add(batch.id);
        figures.leftAtProvider = leftAtProvider.size;
        figures.leftNotSent = leftNotSent.size;
      } else {
        expect(code, output).toBe(0);
        figures.exitedOnTheirOwn++;
      }
      const { status } = await prisma.newsletter.findUniqueOrThrow({ where: { id: campaign.newsletterId }, select: { status: true } });
      if (status === "SENT") campaigns.push(await newCampaign());
    }

    const final = startChild(campaigns.at(-1)!.newsletterId);
    const { code, output } = await final.exited;
    expect(code, output).toBe(0);

    const emails = campaigns.flatMap((campaign) => campaign.audience.emails);
    const counts = emails.map((email) => fake.deliveries.get(email) ?? 0);
    const result = {
      ...figures,
      newsletters: campaigns.length,
      recipients: emails.length,
      delivered: counts.filter((count) => count === 1).length,
      duplicates: counts.filter((count) => count > 1).length,
      missing: counts.filter((count) => count === 0).length,
      replayedBatches: fake.stats.replayed,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
    console.info(`fault:worker ${JSON.stringify(result)}`);

    expect(figures.kills).toBe(KILLS);
    expect({ duplicates: result.duplicates, missing: result.missing }).toEqual({ duplicates: 0, missing: 0 });
    expect(fake.stats.emails).toBe(emails.length);
    // The kills did land where they were meant to: some left a batch the provider had, some one it never saw.
    expect(figures.leftAtProvider).toBeGreaterThan(0);
    expect(figures.leftNotSent).toBeGreaterThan(0);

    const newsletterIds = campaigns.map((campaign) => campaign.newsletterId);
    const recipients = await prisma.newsletterRecipient.findMany({
      where: { newsletterId: { in: newsletterIds } },
      select: { email: true, status: true, providerMessageId: true },
    });
    expect(recipients).toHaveLength(emails.length);
    expect(recipients.filter((recipient) => recipient.status !== "SENT")).toEqual([]);
    expect(recipients.filter((recipient) => recipient.providerMessageId !== fake.lastEmail.get(recipient.email)!.id)).toEqual([]);
    expect(await prisma.newsletterBatch.count({ where: { newsletterId: { in: newsletterIds }, status: { not: "SENT" } } })).toBe(0);
    const statuses = await prisma.newsletter.findMany({ where: { id: { in: newsletterIds } }, select: { status: true } });
    expect(statuses.every((newsletter) => newsletter.status === "SENT")).toBe(true);
  },
  60_000 + KILLS * 6_000,
);
