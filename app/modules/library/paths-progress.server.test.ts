import { otherClient } from "#test/db-clients.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { completeContent, createContentItem, createPath } from "#test/path-factories.ts";
import { writeTransaction } from "~/utils/db.server.ts";
import { isPostgres, prisma, type Db } from "~/utils/db.server.ts";
import { recordPathCompletions } from "./paths.server.ts";

// Separate clients are separate connections: their race is settled by the database, not by one
// client's queue. On SQLite they fail fast on a locked file, on PostgreSQL a SERIALIZABLE transaction
// loses a conflict, and either way writeTransaction retries.
const clients: Db[] = [];

beforeAll(async () => {
  // SQLite only: WAL lets readers and one writer overlap; PostgreSQL has no PRAGMA and needs none.
  if (!isPostgres) await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  for (let i = 0; i < 4; i++) {
    const client = otherClient();
    if (!isPostgres) await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    clients.push(client as unknown as Db);
  }
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.$disconnect()));
});

async function learnerWithFinishedPath(tier: "TECH" | "LOW" = "TECH") {
  const account = await createAccount({ tier });
  const user = await createUser({ role: "MEMBER", accountId: account.id });
  const items = await Promise.all([1, 2].map(() => createContentItem()));
  const path = await createPath(items.map((item) => item.id));
  for (const item of items) await completeContent(user.id, item.id);
  return { user, account, path };
}

const record = (userId: string, db: Db = prisma, now = new Date()) =>
  writeTransaction(db, (tx) => recordPathCompletions(tx, { userId, now }));

async function recorded(userId: string, pathId: string) {
  return {
    completions: await prisma.learningPathCompletion.count({ where: { userId, pathId } }),
    events: await prisma.engagementEvent.count({ where: { userId, kind: "path.completed", subjectId: pathId } }),
  };
}

describe("recording path completions", () => {
  it("records a finished path once, with one engagement event, however often it runs", async () => {
    const { user, account, path } = await learnerWithFinishedPath();
    const now = new Date("2026-05-04T09:30:00Z");
    expect(await record(user.id, prisma, now)).toEqual([{ pathId: path.id, slug: path.slug }]);
    expect(await record(user.id)).toEqual([]);
    expect(await recorded(user.id, path.id)).toEqual({ completions: 1, events: 1 });
    const completion = await prisma.learningPathCompletion.findUniqueOrThrow({
      where: { pathId_userId: { pathId: path.id, userId: user.id } },
    });
    expect(completion.completedAt).toEqual(now);
    const event = await prisma.engagementEvent.findFirstOrThrow({ where: { userId: user.id, kind: "path.completed" } });
    expect(event).toMatchObject({ accountId: account.id, subjectId: path.id, value: 2, occurredAt: now });
    expect(JSON.parse(event.data!)).toMatchObject({ slug: path.slug, steps: 2 });
  });

  it("records one completion and one event when two calls run at once", async () => {
    const { user, path } = await learnerWithFinishedPath();
    const results = await Promise.all([record(user.id), record(user.id)]);
    expect(results.flat()).toHaveLength(1);
    expect(await recorded(user.id, path.id)).toEqual({ completions: 1, events: 1 });
  });

  it("records one completion and one event when separate connections race", async () => {
    const { user, path } = await learnerWithFinishedPath();
    const results = await Promise.all(clients.flatMap((client) => [record(user.id, client), record(user.id, client)]));
    expect(results.flat()).toHaveLength(1);
    expect(await recorded(user.id, path.id)).toEqual({ completions: 1, events: 1 });
  });

  it("records nothing for a path that is not finished, not published, or not for the person's tier", async () => {
    const account = await createAccount({ tier: "TECH" });
    const user = await createUser({ role: "MEMBER", accountId: account.id });
    const [done, notDone] = await Promise.all([1, 2].map(() => createContentItem()));
    await completeContent(user.id, done!.id);
    const unfinished = await createPath([done!.id, notDone!.id]);
    const draft = await createPath([done!.id], { status: "DRAFT" });
    const otherTier = await createPath([done!.id], { audienceTiers: "HIGH" });
    const finished = await createPath([done!.id]);
    expect((await record(user.id)).map((row) => row.pathId)).toEqual([finished.id]);
    for (const path of [unfinished, draft, otherTier]) expect(await recorded(user.id, path.id)).toEqual({ completions: 0, events: 0 });
  });

  it("records nothing for staff or an unknown person", async () => {
    const staff = await createUser({ role: "PUBLISHER" });
    expect(await record(staff.id)).toEqual([]);
    expect(await record("nobody")).toEqual([]);
  });

  it("rolls back with the transaction that carried it", async () => {
    const { user, path } = await learnerWithFinishedPath();
    await expect(
      prisma.$transaction(async (tx) => {
        await recordPathCompletions(tx, { userId: user.id });
        throw new Error("the progress write failed");
      }),
    ).rejects.toThrow("the progress write failed");
    expect(await recorded(user.id, path.id)).toEqual({ completions: 0, events: 0 });
  });
});
