import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createResendMock, RESEND_TEST_BASE_URL } from "#test/mocks/resend.ts";
import { prisma } from "~/utils/db.server.ts";
import { resetEnvForTests } from "~/utils/env.server.ts";
import { emailDriverName, sendEmail, type EmailMessage } from "./email.server.ts";

const message: EmailMessage = {
  to: "ada@acme.test",
  subject: "Your Lyceum sign-in link",
  html: '<p>Sign in: <a href="http://localhost:3000/auth/magic?token=abc">link</a></p>',
  text: "Sign in: http://localhost:3000/auth/magic?token=abc",
  headers: { "X-Entity-Ref-ID": "magic:123" },
  idempotencyKey: "magic-link:123",
  template: "magic-link",
};

describe("local driver", () => {
  test("stores the message once per idempotency key", async () => {
    expect(emailDriverName()).toBe("local");

    const first = await sendEmail(message);
    const second = await sendEmail({ ...message, subject: "changed on retry" });

    expect(first.driver).toBe("local");
    expect(second.id).toBe(first.id);
    const rows = await prisma.outboxMessage.findMany({ where: { idempotencyKey: message.idempotencyKey } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: first.id,
      to: message.to,
      from: "Lyceum <no-reply@lyceum.localhost>",
      subject: message.subject,
      html: message.html,
      text: message.text,
      template: "magic-link",
    });
    expect(JSON.parse(rows[0]!.headers)).toEqual(message.headers);
  });
});

describe("resend driver", () => {
  const resend = createResendMock();
  const server = setupServer(...resend.handlers);

  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  beforeEach(() => {
    process.env.RESEND_API_KEY = "re_test_123";
    process.env.RESEND_BASE_URL = RESEND_TEST_BASE_URL;
    process.env.EMAIL_FROM = "Lyceum <hello@lyceum.test>";
    resetEnvForTests();
  });
  afterEach(() => {
    server.resetHandlers();
    resend.reset();
    delete process.env.RESEND_API_KEY;
    delete process.env.RESEND_BASE_URL;
    delete process.env.EMAIL_FROM;
    resetEnvForTests();
  });
  afterAll(() => server.close());

  test("sends through the SDK with the idempotency key and stores nothing locally", async () => {
    expect(emailDriverName()).toBe("resend");

    const viaResend = { ...message, idempotencyKey: "magic-link:resend" };
    const sent = await sendEmail(viaResend);
    const retried = await sendEmail(viaResend);

    expect(sent).toEqual({ id: "mock-email-1", driver: "resend" });
    expect(retried.id).toBe(sent.id);
    expect(resend.received).toHaveLength(1);
    const [request] = resend.received;
    expect(request!.headers["authorization"]).toBe("Bearer re_test_123");
    expect(request!.headers["idempotency-key"]).toBe("magic-link:resend");
    expect(request!.body).toMatchObject({
      from: "Lyceum <hello@lyceum.test>",
      to: "ada@acme.test",
      subject: message.subject,
      html: message.html,
      text: message.text,
      headers: { "X-Entity-Ref-ID": "magic:123" },
    });
    expect(await prisma.outboxMessage.count({ where: { idempotencyKey: viaResend.idempotencyKey } })).toBe(0);
  });

  test.each([
    [422, { statusCode: 422, name: "validation_error", message: "Invalid `to` field." }],
    [500, { statusCode: 500, name: "internal_server_error", message: "Something broke." }],
  ])("throws when Resend answers %i", async (status, body) => {
    server.use(http.post(`${RESEND_TEST_BASE_URL}/emails`, () => HttpResponse.json(body, { status })));

    await expect(sendEmail({ ...message, idempotencyKey: `fail-${status}` })).rejects.toThrow(
      new RegExp(`Resend did not accept the email \\(${status}.*${body.message.slice(0, 10)}`),
    );
  });
});
