// `npm run bench:send`: deliver one newsletter to 20,000 recipients against a local fake of Resend's
// batch endpoint that enforces 5 requests/s of up to 100 emails: a ceiling of 500 emails/s, so 40 s at
// best. Target (issue 6): at least 95 % of that ceiling, 0 duplicates, 0 missing.
//
// Migrates a fresh SQLite file under tmp/bench, makes the audience (not measured), then times the
// snapshot (startSend) and the delivery (deliverNewsletter, the job's own function) through the SDK,
// over HTTP, to the fake (test/fake-resend.ts).
//
// Knobs: BENCH_RECIPIENTS (20000), BENCH_RATE (5 requests/s, at the fake and in NEWSLETTER_SEND_RATE).
import { migrateFreshDatabase } from "./server.ts";

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 20_000);
const RATE = Number(process.env.BENCH_RATE ?? 5);
const BATCH = 100;

const file = migrateFreshDatabase("send");
const { startFakeResend } = await import("../test/fake-resend.ts");
const fake = await startFakeResend({ requestsPerSecond: RATE });
Object.assign(process.env, {
  RESEND_API_KEY: "re_bench_send",
  RESEND_BASE_URL: fake.url,
  NEWSLETTER_SEND_RATE: String(RATE),
  LOG_LEVEL: "warn",
  WORKER_ENABLED: "false",
  APP_URL: "https://lyceum.example.com",
});

const { ensureDatabaseReady, prisma } = await import("../app/utils/db.server.ts");
const { createSendAudience } = await import("../test/send-factories.ts");
const { createNewsletterRow, READY_BLOCKS } = await import("../test/newsletter-factories.ts");
const { startSend } = await import("../app/modules/newsletters/send.server.ts");
const { deliverNewsletter } = await import("../app/modules/newsletters/delivery.server.ts");
const { sendEmailBatch } = await import("../app/providers/email.server.ts");

await ensureDatabaseReady();
console.log(`bench:send: ${RECIPIENTS} recipients, fake provider at ${RATE} requests/s × ${BATCH} emails (db ${file})`);
const audience = await createSendAudience({
  count: RECIPIENTS,
  zones: ["UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo", "Australia/Sydney"],
  label: "bench",
});
const { id } = await createNewsletterRow({ topicId: audience.topicId, subject: "The November digest", blocks: READY_BLOCKS });

const snapshotStarted = performance.now();
await startSend({ id: "bench", timeZone: "UTC", locale: "en-US" }, id, { when: "now" });
const snapshotMs = performance.now() - snapshotStarted;

const started = performance.now();
const departures: number[] = [];
const outcome = await deliverNewsletter(id, {
  send: (messages, options) => {
    departures.push(performance.now() - started);
    return sendEmailBatch(messages, options);
  },
});
const elapsedS = (performance.now() - started) / 1000;

const counts = audience.emails.map((email) => fake.deliveries.get(email) ?? 0);
const duplicates = counts.filter((count) => count > 1).length;
const missing = counts.filter((count) => count === 0).length;
const dbSent = await prisma.newsletterRecipient.count({ where: { newsletterId: id, status: "SENT" } });
const ceiling = RATE * BATCH;
// The best possible: requests spaced 1/RATE apart, the first at 0, so (batches − 1) / RATE seconds plus the last request.
const emailsPerSecond = RECIPIENTS / elapsedS;

console.log(`snapshot (startSend, ${RECIPIENTS} recipients):  ${snapshotMs.toFixed(0)} ms`);
console.log(`delivery:                                   ${elapsedS.toFixed(2)} s, ${outcome.batches} batches, status ${outcome.status}`);
console.log(`throughput:                                 ${emailsPerSecond.toFixed(1)} emails/s`);
console.log(`of the ceiling (${ceiling} emails/s):             ${((emailsPerSecond / ceiling) * 100).toFixed(1)} %  (target ≥ 95 %)`);
console.log(`duplicates: ${duplicates}   missing: ${missing}   sent in the DB: ${dbSent}`);
console.log(
  `fake provider: ${fake.stats.accepted} batches accepted, ${fake.stats.rateLimited} answered 429, ${fake.stats.replayed} replayed`,
);
const gaps = departures.slice(1).map((at, index) => at - departures[index]!);
const slow = gaps.filter((gap) => gap > 250).length;
console.log(
  `requests: first left at ${departures[0]!.toFixed(0)} ms; gaps median ${median(gaps).toFixed(1)} ms, max ${Math.max(...gaps).toFixed(0)} ms, ${slow} over 250 ms`,
);
for (const refusal of fake.refusals) console.log(`  429 on request ${refusal.request}: ${refusal.earlyByMs} ms inside the window`);

await prisma.$disconnect();
await fake.close();
const ok = duplicates === 0 && missing === 0 && dbSent === RECIPIENTS && emailsPerSecond / ceiling >= 0.95;
process.exitCode = ok ? 0 : 1;

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
