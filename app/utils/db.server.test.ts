import { describe, expect, it } from "vitest";
import { prisma } from "./db.server.ts";

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("the SQLite client", () => {
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
});
