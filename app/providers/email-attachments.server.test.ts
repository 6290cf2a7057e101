import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "#test/factories.ts";
import { createResendMock, RESEND_TEST_BASE_URL } from "#test/mocks/resend.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { handleSendEmailJob, queueEmail } from "~/modules/email/send-email.server.ts";
import { loader as outboxMessageLoader } from "~/routes/_app.admin.outbox.$messageId.tsx";
import { prisma } from "~/utils/db.server.ts";
import { resetEnvForTests } from "~/utils/env.server.ts";
import { getOutboxAttachments, sendEmail, type EmailAttachment, type EmailMessage } from "./email.server.ts";

const ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:Café ☕\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
const invite: EmailAttachment = { filename: "invite.ics", contentType: "text/calendar; charset=utf-8; method=REQUEST", content: ics };

const message: EmailMessage = {
  to: "ada@acme.test",
  subject: "Confirmed",
  html: "<p>See you</p>",
  text: "See you",
  idempotencyKey: "attachments:1",
  attachments: [invite],
};

describe("attachments, local driver", () => {
  test("are stored with the outbox message and read back", async () => {
    const { id } = await sendEmail(message);

    const row = await prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(JSON.parse(row.attachments)).toEqual([invite]);
    expect(await getOutboxAttachments(id)).toEqual([invite]);
  });

  test("a message without any stores an empty list", async () => {
    const { id } = await sendEmail({ ...message, attachments: undefined, idempotencyKey: "attachments:none" });

    expect(await getOutboxAttachments(id)).toEqual([]);
    expect(await getOutboxAttachments("missing")).toEqual([]);
  });

  test("travel through the email job", async () => {
    const props = { name: "Ada", url: "http://localhost:3000/auth/magic?token=tok", expiresInMinutes: 15 };
    const { id } = await prisma.$transaction((tx) =>
      queueEmail(tx, { template: "magic-link", to: "job@acme.test", props, attachments: [invite], idempotencyKey: "attachments:job" }),
    );
    const job = await prisma.job.findUniqueOrThrow({ where: { id } });
    expect(JSON.parse(job.payload)).toEqual({ template: "magic-link", to: "job@acme.test", props, attachments: [invite] });

    await handleSendEmailJob(JSON.parse(job.payload), job);

    const row = await prisma.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: "attachments:job" } });
    expect(JSON.parse(row.attachments)).toEqual([invite]);
  });

  test("the outbox page lists each attachment with its text", async () => {
    const { id } = await sendEmail({ ...message, idempotencyKey: "attachments:page" });
    const admin = await createUser({ role: "ADMIN" });
    const cookie = await sessionCookieFor(admin.id);

    const response = await invoke(outboxMessageLoader, buildRequest(`/admin/outbox/${id}`, { cookie }), { messageId: id });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ attachments: [invite] });
  });
});

describe("attachments, resend driver", () => {
  const resend = createResendMock();
  const server = setupServer(...resend.handlers);

  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  beforeEach(() => {
    process.env.RESEND_API_KEY = "re_test_123";
    process.env.RESEND_BASE_URL = RESEND_TEST_BASE_URL;
    resetEnvForTests();
  });
  afterEach(() => {
    server.resetHandlers();
    resend.reset();
    delete process.env.RESEND_API_KEY;
    delete process.env.RESEND_BASE_URL;
    resetEnvForTests();
  });
  afterAll(() => server.close());

  test("are sent base64-encoded with their content type", async () => {
    await sendEmail({ ...message, idempotencyKey: "attachments:resend" });

    expect(resend.received).toHaveLength(1);
    const body = resend.received[0]!.body as unknown as { attachments: { filename: string; content: string; content_type: string }[] };
    expect(body.attachments).toEqual([{ filename: "invite.ics", content_type: invite.contentType, content: expect.any(String) }]);
    expect(Buffer.from(body.attachments[0]!.content, "base64").toString("utf8")).toBe(ics);
  });
});
