import { describe, expect, it } from "vitest";
import {
  createPostgresClient,
  databaseFailure,
  ensureDatabaseReady,
  isBusy,
  isPostgres,
  Prisma,
  prisma,
  writeTransaction,
  type Db,
} from "./db.server.ts";
import { createAccount, createUser } from "#test/factories.ts";
import { otherClient, recordingClient } from "#test/db-clients.ts";

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("the database client", () => {
  it("does not let a read outside a transaction see its uncommitted rows", async () => {
    let seen: Promise<number> | undefined;
    await prisma.$transaction(async (tx) => {
      await tx.rateLimit.create({ data: { key: "pending", count: 1, windowStartAt: new Date() } });
      seen = prisma.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM "RateLimit" WHERE "key" = 'pending'`.then((rows) =>
        Number(rows[0]!.n),
      );
      await tick();
      await tx.rateLimit.delete({ where: { key: "pending" } });
    });
    expect(await seen).toBe(0);
  });

  it("settles read-then-write transactions racing on two connections: each one counts, none is lost", async () => {
    // As the app runs: SQLite in WAL mode (readers beside one writer) with its busy timeout.
    await ensureDatabaseReady();
    await prisma.rateLimit.create({ data: { key: "race", count: 0, windowStartAt: new Date() } });
    // On PostgreSQL a pool of two, so that a connection kept after a refused COMMIT would starve the rest.
    const other: Db = isPostgres ? createPostgresClient(process.env.DATABASE_URL!, 2) : otherClient();
    const bump = (db: Db) =>
      writeTransaction(db, async (tx) => {
        const row = await tx.rateLimit.findUniqueOrThrow({ where: { key: "race" } });
        await tick();
        await tx.rateLimit.update({ where: { key: "race" }, data: { count: row.count + 1 } });
      });
    try {
      await Promise.all(Array.from({ length: 12 }, (_, index) => bump(index % 2 === 0 ? prisma : other)));
      expect((await prisma.rateLimit.findUniqueOrThrow({ where: { key: "race" } })).count).toBe(12);
      // Every connection went back to its pool: more transactions on the small pool still run.
      for (let round = 0; round < 4; round++) await bump(other);
      expect((await prisma.rateLimit.findUniqueOrThrow({ where: { key: "race" } })).count).toBe(16);
    } finally {
      await other.$disconnect();
    }
  });
});

describe("loading relations (patches/@prisma+client)", () => {
  // Prisma reads a relation with a second statement over the parents' keys. With no parents it used to
  // send that statement anyway (`… IN (NULL)`): a round trip for nothing, several on a page.
  const select = { id: true, users: { select: { email: true, sessions: { select: { id: true } } } } } as const;

  it("sends no statement for a relation of no rows, and still loads it when there are some", async () => {
    const { db, statements } = recordingClient();
    try {
      expect(await db.account.findMany({ where: { name: "No such account" }, select })).toEqual([]);
      expect(statements).toHaveLength(1);

      const account = await createAccount({ name: "Relations" });
      const user = await createUser({ accountId: account.id, role: "MEMBER", email: "rel@relations.example" });
      statements.length = 0;
      expect(await db.account.findMany({ where: { name: "Relations" }, select })).toEqual([
        { id: account.id, users: [{ email: user.email, sessions: [] }] },
      ]);
      // The account, then its users, then (for one user, who has none) their sessions.
      expect(statements).toHaveLength(3);

      statements.length = 0;
      await prisma.user.delete({ where: { id: user.id } });
      expect(await db.account.findMany({ where: { name: "Relations" }, select })).toEqual([{ id: account.id, users: [] }]);
      // No users, so no statement for their sessions.
      expect(statements).toHaveLength(2);
    } finally {
      await db.$disconnect();
    }
  });
});

describe("what counts as the database's own trouble", () => {
  const known = (code: string, cause?: object) =>
    new Prisma.PrismaClientKnownRequestError("refused", { code, clientVersion: "6", meta: cause ? { driverAdapterError: { cause } } : {} });

  it("takes lost conflicts and deadlocks (PostgreSQL) and a busy file (SQLite) as busy: run again", () => {
    expect(isBusy(known("P2034"))).toBe(true);
    expect(isBusy(known("P2010", { originalCode: "40001" }))).toBe(true);
    expect(isBusy(known("P2010", { originalCode: "40P01" }))).toBe(true);
    expect(isBusy(known("P1008"))).toBe(true);
    expect(isBusy(known("P2010", { originalCode: "SQLITE_BUSY_SNAPSHOT" }))).toBe(true);
    // A refused COMMIT comes back as the adapter's own error, with the cause on it.
    expect(isBusy(Object.assign(new Error("commit refused"), { cause: { kind: "TransactionWriteConflict" } }))).toBe(true);
    expect(databaseFailure(known("P2034"))).toBe("busy");
  });

  it("leaves every other error alone", () => {
    expect(isBusy(known("P2002"))).toBe(false);
    expect(isBusy(known("P2010", { originalCode: "23505" }))).toBe(false);
    expect(isBusy(new Error("boom"))).toBe(false);
    expect(databaseFailure(null)).toBeNull();
  });
});
