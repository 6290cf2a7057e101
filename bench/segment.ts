// `npm run bench:segment`: resolve a segment over 1,000,000 contacts and snapshot its recipients for a
// local-hour send, on the embedded SQLite database. Target (issue 6): count + snapshot under 60 s.
//
// Migrates a fresh SQLite file under tmp/bench, fills it with better-sqlite3 directly (fast, not the
// thing measured), then times the app's own functions (countSegment, sampleSegment, snapshotRecipients)
// through the app's Prisma client.
//
// Knobs: BENCH_CONTACTS (1000000), BENCH_ACCOUNTS (50000), BENCH_KEEP=1 keeps the database file.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import type { SegmentRules } from "~/modules/newsletters/segment-rules.ts";

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 50_000);
const SESSIONS = 400;
const root = path.resolve(import.meta.dirname, "..");
const DAY_MS = 86_400_000;
const TOPIC = "bench-topic-updates";

const ZONES = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
  "America/Sao_Paulo",
  "Europe/London",
  "Europe/Paris",
  "Europe/Berlin",
  "Europe/Warsaw",
  "Africa/Johannesburg",
  "Asia/Kolkata",
  "Asia/Singapore",
  "Asia/Tokyo",
  "Australia/Sydney",
  "UTC",
];
const SESSION_TOPICS = ["onboarding", "reporting", "api", "admin", "integrations", "dashboards"];

/** A small deterministic generator, so two runs measure the same data. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const iso = (at: number) => new Date(at).toISOString().replace("Z", "+00:00");
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function fill(file: string, now: Date) {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const rand = random(6);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const stamp = iso(now.getTime());
  const counts = { users: 0, preferences: 0, optOuts: 0, suppressed: 0, registrations: 0, bookings: 0 };

  const insertAccount = db.prepare(
    `INSERT INTO "Account" (id, name, plan, tier, arrCents, renewalDate, timeZone, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertScore = db.prepare(
    `INSERT INTO "AccountScore" (accountId, score, recency, frequency, breadth, depth, reach, health, computedAt) VALUES (?, ?, 0, 0, 0, 0, 0, ?, ?)`,
  );
  const insertUser = db.prepare(
    `INSERT INTO "User" (id, email, name, role, accountId, timeZone, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertPreference = db.prepare(
    `INSERT INTO "TopicPreference" (userId, topicId, subscribed, source, updatedAt) VALUES (?, ?, 0, 'ONE_CLICK', ?)`,
  );
  const insertOptOut = db.prepare(`INSERT INTO "NewsletterOptOut" (userId, source, createdAt) VALUES (?, 'PREFERENCE_CENTRE', ?)`);
  const insertSuppression = db.prepare(`INSERT INTO "EmailSuppression" (email, reason, createdAt) VALUES (?, 'BOUNCE', ?)`);
  const insertSession = db.prepare(
    `INSERT INTO "LiveSession" (id, kind, status, title, startsAt, durationMinutes, timeZone, meetingUrl, createdAt, updatedAt)
     VALUES (?, 'WEBINAR', 'PUBLISHED', ?, ?, 45, 'UTC', 'https://meet.example/bench', ?, ?)`,
  );
  const insertSessionTopic = db.prepare(`INSERT INTO "LiveSessionTopic" (sessionId, topic) VALUES (?, ?)`);
  const insertRegistration = db.prepare(
    `INSERT INTO "Registration" (id, sessionId, userId, accountId, status, joinCode, attendance, registeredAt, updatedAt)
     VALUES (?, ?, ?, ?, 'CONFIRMED', ?, ?, ?, ?)`,
  );
  const insertBooking = db.prepare(
    `INSERT INTO "CsmBooking" (id, offeringId, csmId, accountId, bookedById, status, startsAt, endsAt, timeZone, purpose, createdAt, updatedAt)
     VALUES (?, 'bench-offering', 'bench-csm', ?, ?, ?, ?, ?, 'UTC', 'Bench', ?, ?)`,
  );

  db.transaction(() => {
    db.prepare(
      `INSERT INTO "NewsletterTopic" (id, slug, name, subscribedByDefault, createdAt, updatedAt) VALUES (?, 'updates', 'Updates', 1, ?, ?)`,
    ).run(TOPIC, stamp, stamp);
    db.prepare(
      `INSERT INTO "User" (id, email, name, role, createdAt, updatedAt) VALUES ('bench-csm', 'csm@bench.example', 'CSM', 'CSM', ?, ?)`,
    ).run(stamp, stamp);
    db.prepare(
      `INSERT INTO "Offering" (id, slug, title, createdAt, updatedAt) VALUES ('bench-offering', 'csm-hour', 'CSM hour', ?, ?)`,
    ).run(stamp, stamp);
    for (let s = 0; s < SESSIONS; s++) {
      const startsAt = iso(now.getTime() - Math.floor(rand() * 365 * DAY_MS));
      insertSession.run(`ls${s}`, `Session ${s}`, startsAt, stamp, stamp);
      insertSessionTopic.run(`ls${s}`, SESSION_TOPICS[s % SESSION_TOPICS.length]!);
    }
  })();

  // Contacts per account are skewed: most accounts are small, a few have hundreds of people.
  const weights = Array.from({ length: ACCOUNTS }, () => 0.2 + rand() ** 4 * 30);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let assigned = 0;
  const batch = 5_000;
  for (let start = 0; start < ACCOUNTS; start += batch) {
    db.transaction(() => {
      for (let a = start; a < Math.min(ACCOUNTS, start + batch); a++) {
        const roll = rand();
        const tier = roll < 0.7 ? "TECH" : roll < 0.95 ? "LOW" : "HIGH";
        const arr = tier === "TECH" ? 2_000 + rand() * 13_000 : tier === "LOW" ? 15_000 + rand() * 45_000 : 80_000 + rand() * 500_000;
        const plan = tier === "TECH" ? "Starter" : tier === "LOW" ? "Growth" : "Enterprise";
        const renewal = iso(now.getTime() + Math.floor((rand() * 420 - 30) * DAY_MS));
        const zone = pick(ZONES);
        const accountId = `acc${a}`;
        insertAccount.run(accountId, `Account ${a}`, plan, tier, Math.round(arr * 100), renewal, zone, stamp, stamp);
        if (rand() < 0.92) {
          const score = Math.floor(rand() * 101);
          insertScore.run(accountId, score, score < 35 ? "RED" : score < 65 ? "YELLOW" : "GREEN", stamp);
        }
        const people =
          a === ACCOUNTS - 1
            ? CONTACTS - assigned
            : Math.min(CONTACTS - assigned, Math.max(1, Math.round((weights[a]! / total) * CONTACTS)));
        for (let p = 0; p < people; p++) {
          const id = `u${assigned}`;
          const email = `p${p}@a${a}.example`;
          // Most people work in their account's zone; some elsewhere.
          insertUser.run(
            id,
            email,
            `Person ${a}.${p}`,
            p === 0 ? "ACCOUNT_ADMIN" : "MEMBER",
            accountId,
            rand() < 0.8 ? zone : pick(ZONES),
            stamp,
            stamp,
          );
          const r = rand();
          if (r < 0.05) {
            insertPreference.run(id, TOPIC, stamp);
            counts.preferences++;
          } else if (r < 0.06) {
            insertOptOut.run(id, stamp);
            counts.optOuts++;
          } else if (r < 0.065) {
            insertSuppression.run(email, stamp);
            counts.suppressed++;
          }
          if (rand() < 0.2) {
            const session = Math.floor(rand() * SESSIONS);
            insertRegistration.run(
              `reg${counts.registrations}`,
              `ls${session}`,
              id,
              accountId,
              `join${counts.registrations}`,
              rand() < 0.6 ? "ATTENDED" : "NO_SHOW",
              stamp,
              stamp,
            );
            counts.registrations++;
          }
          assigned++;
        }
        if (tier !== "TECH" && rand() < 0.4) {
          const createdAt = now.getTime() - Math.floor(rand() * 200 * DAY_MS);
          const startsAt = createdAt + 7 * DAY_MS + counts.bookings * 60_000;
          insertBooking.run(
            `bk${counts.bookings}`,
            accountId,
            `u${assigned - 1}`,
            rand() < 0.1 ? "CANCELLED" : "COMPLETED",
            iso(startsAt),
            iso(startsAt + 3_600_000),
            iso(createdAt),
            stamp,
          );
          counts.bookings++;
        }
      }
    })();
  }
  counts.users = assigned;
  db.close();
  return counts;
}

async function main() {
  const dir = path.join(root, "tmp/bench");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `segment-${Date.now()}.db`);
  process.env.DATABASE_URL = `file:${file}`;
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    stdio: "pipe",
  });
  const now = new Date();
  let started = performance.now();
  const counts = fill(file, now);
  console.log(
    `build: ${counts.users.toLocaleString("en")} contacts over ${ACCOUNTS.toLocaleString("en")} accounts, ` +
      `${counts.registrations.toLocaleString("en")} registrations, ${counts.bookings.toLocaleString("en")} bookings, ` +
      `${counts.preferences.toLocaleString("en")} unsubscribed, ${counts.optOuts.toLocaleString("en")} opted out, ` +
      `${counts.suppressed.toLocaleString("en")} suppressed in ${seconds(performance.now() - started)}`,
  );

  // Imported only now: the app's database client reads DATABASE_URL when it is first loaded.
  const { ensureDatabaseReady, prisma } = await import("~/utils/db.server.ts");
  const { countSegment, sampleSegment } = await import("~/modules/newsletters/segments.server.ts");
  const { snapshotRecipients } = await import("~/modules/newsletters/snapshot.server.ts");
  await ensureDatabaseReady();

  const rules: SegmentRules = {
    match: "all",
    conditions: [
      { field: "tier", op: "in", values: ["TECH", "LOW"] },
      { field: "health", values: ["RED", "YELLOW"] },
      { field: "renewal_within", days: 180 },
      { field: "attended", op: "did_not", topic: "onboarding", days: 90 },
    ],
  };
  const [load] = os.loadavg();
  const cpu = process.cpuUsage();

  started = performance.now();
  const everyone = await countSegment({ rules: { match: "all", conditions: [] }, topicId: TOPIC, now });
  const everyoneMs = performance.now() - started;
  started = performance.now();
  const matching = await countSegment({ rules, topicId: TOPIC, now });
  const countMs = performance.now() - started;
  started = performance.now();
  const sample = await sampleSegment({ rules, topicId: TOPIC, now, limit: 10 });
  const sampleMs = performance.now() - started;

  const newsletter = await prisma.newsletter.create({ data: { subject: "Bench", topicId: TOPIC, status: "SENDING" } });
  const plan = { kind: "LOCAL_HOUR" as const, localDate: new Date(now.getTime() + DAY_MS).toISOString().slice(0, 10), localHour: 9 };
  started = performance.now();
  const rows = await prisma.$transaction(
    (tx) => snapshotRecipients(tx, { newsletterId: newsletter.id, topicId: TOPIC, rules, plan, now }),
    {
      timeout: 300_000,
    },
  );
  const snapshotMs = performance.now() - started;
  started = performance.now();
  const again = await prisma.$transaction(
    (tx) => snapshotRecipients(tx, { newsletterId: newsletter.id, topicId: TOPIC, rules, plan, now }),
    {
      timeout: 300_000,
    },
  );
  const againMs = performance.now() - started;
  const zones = await prisma.newsletterRecipient.groupBy({ by: ["dueAt"], where: { newsletterId: newsletter.id }, _count: true });

  const everyoneNewsletter = await prisma.newsletter.create({ data: { subject: "Bench, everyone", topicId: TOPIC, status: "SENDING" } });
  started = performance.now();
  const allRows = await prisma.$transaction(
    (tx) =>
      snapshotRecipients(tx, {
        newsletterId: everyoneNewsletter.id,
        topicId: TOPIC,
        rules: { match: "all", conditions: [] },
        plan,
        now,
      }),
    { timeout: 300_000 },
  );
  const allMs = performance.now() - started;
  const cpuMs = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpu));

  console.log(
    `segment: ${rules.conditions.length} conditions (tier, health, renewal within 180 days, did not attend onboarding in 90 days)`,
  );
  console.log(`count, topic consent only: ${everyone.toLocaleString("en")} contacts in ${seconds(everyoneMs)}`);
  console.log(`count, segment + consent: ${matching.toLocaleString("en")} contacts in ${seconds(countMs)}`);
  console.log(`sample of 10: ${sample.length} rows in ${seconds(sampleMs)}`);
  console.log(
    `snapshot (LOCAL_HOUR 09:00, ${zones.length} distinct due times): ${rows.toLocaleString("en")} rows in ${seconds(snapshotMs)}`,
  );
  console.log(`snapshot again (idempotent): ${again} rows in ${seconds(againMs)}`);
  console.log(`resolve + snapshot: ${seconds(countMs + snapshotMs)} (target < 60 s)`);
  console.log(`snapshot, no conditions (everyone consenting): ${allRows.toLocaleString("en")} rows in ${seconds(allMs)}`);
  console.log(`CPU time ${seconds(cpuMs)}; machine load average ${load!.toFixed(1)} on ${os.cpus().length} cores`);
  if (rows !== matching) throw new Error(`snapshot wrote ${rows} rows but the count was ${matching}`);
  await prisma.$disconnect();
  if (!process.env.BENCH_KEEP) for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
