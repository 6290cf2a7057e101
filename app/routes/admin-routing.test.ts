import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { DEFAULT_RULES } from "~/modules/queue/routing.ts";
import { listRules, routePurpose } from "~/modules/queue/routing.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { action, loader } from "./_app.admin.routing.tsx";

type FormBody = { intent: string; result: { error?: Record<string, string[]> }; done?: string };
type Page = { rules: { id: string; label: string; position: number }[]; tried: { target: string; rule: string | null } | null };
let admin: string;
let publisher: string;

beforeAll(async () => {
  admin = await sessionCookieFor((await createUser({ role: "ADMIN" })).id);
  publisher = await sessionCookieFor((await createUser({ role: "PUBLISHER" })).id);
});

const post = (form: Record<string, string>, cookie = admin) => invoke(action, buildRequest("/admin/routing", { cookie, form }));
const page = async (query = "") => (await invoke(loader, buildRequest(`/admin/routing${query}`, { cookie: admin }))).body as Page;
const labels = async () => (await listRules()).map((rule) => rule.label);

describe("booking routing rules", () => {
  it("starts from the default rules, once, however many read at the same time", async () => {
    await Promise.all([listRules(), listRules(), page()]);
    expect(await prisma.routingRule.count()).toBe(DEFAULT_RULES.length);
    expect(await labels()).toEqual(DEFAULT_RULES.map((rule) => rule.label));
  });

  it("tries a sample request and names the rule that decided", async () => {
    expect((await page("?try=I forgot my password")).tried).toEqual({
      target: "SUPPORT",
      rule: "Passwords and signing in",
      matched: "password",
    });
    expect((await page("?try=Let us plan our rollout")).tried).toMatchObject({ target: "CSM", rule: "Goals and planning" });
  });

  it("adds, edits, reorders and deletes rules, and routing follows at once", async () => {
    const added = await post({
      intent: "save-rule",
      label: "Billing",
      keywords: "invoice, billing, receipt",
      target: "SUPPORT",
      topic: "",
      message: "Billing questions go to finance@vendor.example.",
      active: "on",
    });
    expect(added.status).toBe(200);
    expect((added.body as FormBody).done).toMatch(/added at the end/);
    expect(await routePurpose("Where is my invoice?")).toMatchObject({ target: "SUPPORT", rule: { label: "How-to questions" } });

    const billing = (await listRules()).find((rule) => rule.label === "Billing")!;
    for (let i = 0; i < DEFAULT_RULES.length; i++) await post({ intent: "move-rule", ruleId: billing.id, direction: "up" });
    expect((await labels())[0]).toBe("Billing");
    expect((await listRules()).map((rule) => rule.position)).toEqual(
      DEFAULT_RULES.map((_, index) => index + 1).concat(DEFAULT_RULES.length + 1),
    );
    expect(await routePurpose("Where is my invoice?")).toMatchObject({ target: "SUPPORT", rule: { label: "Billing" } });

    const edited = await post({
      intent: "save-rule",
      ruleId: billing.id,
      label: "Billing",
      keywords: "invoice",
      target: "CSM",
      active: "",
    });
    expect(edited.status).toBe(200);
    expect(await prisma.routingRule.findUniqueOrThrow({ where: { id: billing.id } })).toMatchObject({
      target: "CSM",
      active: false,
      topic: null,
    });

    expect((await post({ intent: "delete-rule", ruleId: billing.id })).status).toBe(200);
    expect(await labels()).toEqual(DEFAULT_RULES.map((rule) => rule.label));
    expect((await post({ intent: "delete-rule", ruleId: billing.id })).status).toBe(404);
  });

  it("answers bad input with 400 and field messages, and keeps others out", async () => {
    const before = await prisma.routingRule.findMany({ orderBy: { id: "asc" } });
    const bad = await post({ intent: "save-rule", label: "", keywords: " , ", target: "SUPPORT", message: "" });
    expect(bad.status).toBe(400);
    const errors = (bad.body as FormBody).result.error ?? {};
    expect(errors.label?.[0]).toMatch(/Name the rule/);
    expect(errors.keywords?.[0]).toMatch(/at least one keyword/);
    // A support rule must tell the customer why (checked once the rest of the form is right).
    const silent = await post({ intent: "save-rule", label: "Quiet", keywords: "quiet", target: "SUPPORT", message: "" });
    expect((silent.body as FormBody).result.error?.message?.[0]).toMatch(/why this goes to support/);
    expect((await post({ intent: "move-rule", ruleId: "x", direction: "sideways" })).status).toBe(400);

    const refused = await invoke(
      action,
      buildRequest("/admin/routing", { cookie: publisher, form: { intent: "delete-rule", ruleId: before[0]!.id } }),
    );
    expect(refused.status).toBe(403);
    expect(await prisma.routingRule.findMany({ orderBy: { id: "asc" } })).toEqual(before);
  });
});
