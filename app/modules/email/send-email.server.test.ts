import { describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { EMAIL_JOB_KIND, handleSendEmailJob, queueEmail } from "./send-email.server.ts";

const props = { name: "Ada", url: "http://localhost:3000/auth/magic?token=tok_job", expiresInMinutes: 15 };

describe("email jobs", () => {
  test("queueEmail writes the job in the caller's transaction", async () => {
    const { id } = await prisma.$transaction((tx) =>
      queueEmail(tx, { template: "magic-link", to: "ada@acme.test", props, idempotencyKey: "magic-link:queued" }),
    );

    const job = await prisma.job.findUniqueOrThrow({ where: { id } });
    expect(job.kind).toBe(EMAIL_JOB_KIND);
    expect(job.idempotencyKey).toBe("magic-link:queued");
    expect(JSON.parse(job.payload)).toEqual({ template: "magic-link", to: "ada@acme.test", props });
  });

  test("queueEmail rolls back with the business write", async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await queueEmail(tx, { template: "magic-link", to: "ada@acme.test", props, idempotencyKey: "magic-link:rolled-back" });
        throw new Error("business write failed");
      }),
    ).rejects.toThrow("business write failed");

    expect(await prisma.job.count({ where: { idempotencyKey: "magic-link:rolled-back" } })).toBe(0);
  });

  test("handleSendEmailJob delivers to the outbox once when the job runs twice", async () => {
    const { id } = await prisma.$transaction((tx) => queueEmail(tx, { template: "magic-link", to: "ada@acme.test", props }));
    const job = await prisma.job.findUniqueOrThrow({ where: { id }, select: { id: true, idempotencyKey: true, payload: true } });

    await handleSendEmailJob(JSON.parse(job.payload), job);
    await handleSendEmailJob(JSON.parse(job.payload), job);

    const rows = await prisma.outboxMessage.findMany({ where: { to: "ada@acme.test" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ idempotencyKey: `job:${id}`, template: "magic-link", subject: "Your Lyceum sign-in link" });
    expect(rows[0]!.text).toContain(props.url);
  });

  test("handleSendEmailJob rejects a payload for an unknown template", async () => {
    await expect(
      handleSendEmailJob({ template: "nope", to: "ada@acme.test", props: {} }, { id: "job_x", idempotencyKey: null }),
    ).rejects.toThrow();
  });
});
