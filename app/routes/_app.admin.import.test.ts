import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { registerImportJobs } from "~/modules/accounts/import-jobs.server.ts";
import { applyImportBatch, importProgress } from "~/modules/accounts/import-apply.server.ts";
import { createWorker } from "~/modules/jobs/worker.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { action as batchAction, loader as batchLoader } from "./_app.admin.import.$batchId.tsx";
import { action as uploadAction, loader as indexLoader } from "./_app.admin.import._index.tsx";
import { loader as templateLoader } from "./admin.import.template.$kind.tsx";

const fixture = (name: string) => fs.readFileSync(path.resolve("test/fixtures/import", name), "utf8");

let admin: string;
let csmCookie: string;
let customerCookie: string;
let publisherEmail: string;
let unregister: () => void;

beforeAll(async () => {
  const adminUser = await createUser({ role: "ADMIN" });
  await createUser({ role: "CSM", email: "csm@lyceum.example" });
  const csm = await createUser({ role: "CSM" });
  publisherEmail = (await createUser({ role: "PUBLISHER" })).email;
  const account = await createAccount({ externalId: "existing-1", name: "Existing Co", domains: ["existing-co.example"] });
  const customer = await createUser({ role: "ACCOUNT_ADMIN", accountId: account.id });
  admin = await sessionCookieFor(adminUser.id);
  csmCookie = await sessionCookieFor(csm.id);
  customerCookie = await sessionCookieFor(customer.id);
  unregister = registerImportJobs();
});

afterAll(() => unregister());

type Preview = NonNullable<Awaited<ReturnType<typeof batchLoader>>>["batch"];

async function upload(kind: string, csv: string, options: { cookie?: string; fileName?: string } = {}) {
  const form = new FormData();
  form.set("kind", kind);
  form.set("file", new File([csv], options.fileName ?? "export.csv", { type: "text/csv" }));
  return invoke(uploadAction, buildRequest("/admin/import", { cookie: options.cookie ?? admin, form }));
}

async function uploadOk(kind: string, csv: string) {
  const response = await upload(kind, csv);
  expect(response.status, JSON.stringify(response.body)).toBe(302);
  const location = response.headers.get("Location") ?? "";
  expect(location).toMatch(/^\/admin\/import\/\w+$/);
  return location.split("/").pop()!;
}

async function preview(batchId: string) {
  const response = await invoke(batchLoader, buildRequest(`/admin/import/${batchId}`, { cookie: admin }), { batchId });
  expect(response.status).toBe(200);
  return (response.body as { batch: Preview }).batch;
}

function decide(batchId: string, intent: string, cookie = admin) {
  return invoke(batchAction, buildRequest(`/admin/import/${batchId}`, { cookie, form: { intent } }), { batchId });
}

async function runWorker() {
  return createWorker({ pollMs: 60_000, concurrency: 1 }).runOnce();
}

function errorsOf(body: unknown) {
  return (body as { result: { error?: Record<string, string[]> } }).result.error;
}

describe("accounts import", () => {
  test("an admin uploads a CRM export, sees the preview, confirms, and the worker imports every row", async () => {
    const batchId = await uploadOk("ACCOUNTS", fixture("accounts.csv"));
    const batch = await preview(batchId);
    expect(batch).toMatchObject({ status: "PREVIEW", kind: "ACCOUNTS", totalRows: 8, errorRows: 0, newRows: 8, updateRows: 0 });
    expect(batch.rows[0]).toMatchObject({
      row: 2,
      action: "create",
      errors: [],
      cells: expect.arrayContaining(["crm-1001", "$312,000.00", "High touch"]),
    });

    const confirmed = await decide(batchId, "confirm");
    expect(confirmed.status).toBe(302);
    expect(await prisma.job.findUnique({ where: { idempotencyKey: `import:${batchId}` } })).toMatchObject({
      kind: "import.apply",
      payload: JSON.stringify({ batchId }),
    });
    expect(await preview(batchId)).toMatchObject({ status: "QUEUED", processedRows: 0 });

    expect(await runWorker()).toBe(1);
    expect(await preview(batchId)).toMatchObject({ status: "DONE", created: 8, updated: 0, processedRows: 8, error: null });
    expect(importProgress(batchId)).toBeNull();

    const juniper = await prisma.account.findUniqueOrThrow({
      where: { externalId: "crm-1002" },
      include: { domains: { orderBy: { domain: "asc" } }, ownerCsm: true },
    });
    expect(juniper).toMatchObject({
      name: "Juniper Health",
      plan: "Scale",
      arrCents: 148_000_00,
      currency: "EUR",
      tier: "HIGH",
      timeZone: "Europe/Berlin",
    });
    expect(juniper.renewalDate).toEqual(new Date("2027-08-15T00:00:00.000Z"));
    expect(juniper.ownerCsm?.email).toBe("csm@lyceum.example");
    expect(juniper.domains.map((domain) => domain.domain)).toEqual(["juniper-health-eu.example", "juniper-health.example"]);
    const sunpeak = await prisma.account.findUniqueOrThrow({ where: { externalId: "crm-1007" }, include: { domains: true } });
    expect(sunpeak.domains.map((domain) => domain.domain).sort()).toEqual(["sunpeak-energy.example", "sunpeak-solar.example"]);
    expect(await prisma.account.findUniqueOrThrow({ where: { externalId: "crm-1006" } })).toMatchObject({
      currency: "USD",
      timeZone: "UTC",
      renewalDate: null,
      ownerCsmId: null,
    });
    expect(await prisma.account.findUniqueOrThrow({ where: { externalId: "crm-1003" } })).toMatchObject({
      arrCents: 48_000_50,
      tier: "LOW",
    });

    // Running again or confirming again changes nothing.
    expect(await runWorker()).toBe(0);
    await applyImportBatch(batchId);
    expect((await decide(batchId, "confirm")).status).toBe(409);
    expect(await prisma.account.count({ where: { externalId: { startsWith: "crm-" } } })).toBe(8);

    // The same file again updates the same accounts instead of duplicating them.
    const againId = await uploadOk("ACCOUNTS", fixture("accounts.csv").replace("Harborview Logistics", "Harborview Logistics Inc"));
    expect(await preview(againId)).toMatchObject({ errorRows: 0, newRows: 0, updateRows: 8 });
    await decide(againId, "confirm");
    await runWorker();
    expect(await preview(againId)).toMatchObject({ status: "DONE", created: 0, updated: 8 });
    expect(await prisma.account.count({ where: { externalId: { startsWith: "crm-" } } })).toBe(8);
    expect(await prisma.accountDomain.count({ where: { account: { externalId: { startsWith: "crm-" } } } })).toBe(10);
    expect((await prisma.account.findUniqueOrThrow({ where: { externalId: "crm-1001" } })).name).toBe("Harborview Logistics Inc");
  });

  test("rows with problems are listed with their row numbers and the import cannot be confirmed", async () => {
    const csv = [
      "external_id,name,domains,arr,tier,owner_csm_email",
      "bad-1,Fine Row,fine-row.example,1000,tech,",
      "bad-2,Bad Money,,lots,,",
      "bad-3,Taken Domain,existing-co.example,,,",
      "bad-4,No Such CSM,,,,nobody@lyceum.example",
      `bad-5,Not A CSM,,,,${publisherEmail}`,
      "bad-1,Duplicate,,,,",
      ",No Id,,,,",
    ].join("\n");
    const batchId = await uploadOk("ACCOUNTS", csv);
    const batch = await preview(batchId);
    expect(batch).toMatchObject({ status: "PREVIEW", totalRows: 7, errorRows: 6, newRows: 1 });
    expect(Object.fromEntries(batch.rows.map((row) => [row.row, row.errors]))).toEqual({
      2: [],
      3: ['ARR "lots" is not an amount; write it like 48000 or 48,000.00'],
      4: ['The domain existing-co.example already belongs to another account, "Existing Co"'],
      5: ["No Lyceum user has the email nobody@lyceum.example (owner_csm_email)"],
      6: [`${publisherEmail} is a Publisher, not a CSM`],
      7: ["external_id bad-1 also appears on row 2"],
      8: ["external_id is missing"],
    });

    const refused = await decide(batchId, "confirm");
    expect(refused.status).toBe(409);
    expect(errorsOf(refused.body)?.[""]).toEqual(["6 rows have problems: fix the file and upload it again."]);
    expect(await prisma.job.count({ where: { idempotencyKey: `import:${batchId}` } })).toBe(0);
    expect((await preview(batchId)).status).toBe("PREVIEW");

    expect((await decide(batchId, "discard")).headers.get("Location")).toBe("/admin/import");
    expect(await preview(batchId)).toMatchObject({ status: "DISCARDED", rows: [] });
    expect((await decide(batchId, "discard")).status).toBe(409);
  });

  test("a clash created after the preview fails the whole import and rolls every row back", async () => {
    const csv = [
      "external_id,name,domains",
      "rb-1,Rollback One,rb-one.example",
      "rb-2,Rollback Two,rb-two.example",
      "rb-3,Rollback Three,rb-three.example",
    ].join("\n");
    const batchId = await uploadOk("ACCOUNTS", csv);
    expect((await preview(batchId)).errorRows).toBe(0);
    await createAccount({ name: "Got There First", domains: ["rb-three.example"] });

    await decide(batchId, "confirm");
    await runWorker();
    const failed = await preview(batchId);
    expect(failed).toMatchObject({ status: "FAILED", processedRows: 0, created: 0 });
    expect(failed.error).toBe(
      'Row 4: The domain rb-three.example already belongs to another account, "Got There First". Nothing was imported.',
    );
    expect(await prisma.account.count({ where: { externalId: { startsWith: "rb-" } } })).toBe(0);
    expect(await prisma.accountDomain.count({ where: { domain: { in: ["rb-one.example", "rb-two.example"] } } })).toBe(0);
    // The job itself completed: a bad file is not something retrying can fix.
    expect(await prisma.job.findUniqueOrThrow({ where: { idempotencyKey: `import:${batchId}` } })).toMatchObject({
      failedAt: null,
      completedAt: expect.any(Date),
    });
  });

  test("progress is reported while the transaction runs", async () => {
    const rows = Array.from({ length: 600 }, (_, index) => `pg-${index},Progress ${index},progress-${index}.example`);
    const batchId = await uploadOk("ACCOUNTS", ["external_id,name,domains", ...rows].join("\n"));
    await decide(batchId, "confirm");
    const seen: { status: string; processedRows: number }[] = [];
    let finished = false;
    const running = runWorker().finally(() => (finished = true));
    while (!finished) {
      const { status, processedRows } = await preview(batchId);
      seen.push({ status, processedRows });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await running;
    expect(seen.some(({ status, processedRows }) => status === "RUNNING" && processedRows > 0 && processedRows < 600)).toBe(true);
    expect(await preview(batchId)).toMatchObject({ status: "DONE", created: 600, processedRows: 600 });
  });

  test("a retry of a batch left RUNNING by a dead worker marks it failed", async () => {
    const batchId = await uploadOk("ACCOUNTS", "external_id,name\nst-1,Stuck\n");
    // As a crashed first attempt leaves it; no job row, so later tests' workers don't pick it up.
    await prisma.importBatch.update({ where: { id: batchId }, data: { status: "RUNNING" } });
    await applyImportBatch(batchId);
    expect((await preview(batchId)).status).toBe("RUNNING");
    await applyImportBatch(batchId, { retry: true });
    expect(await preview(batchId)).toMatchObject({ status: "FAILED", error: expect.stringMatching(/interrupted/) });
    expect(await prisma.account.count({ where: { externalId: "st-1" } })).toBe(0);
  });
});

describe("contacts import", () => {
  test("creates people in the right accounts, updates those already there, and refuses the others", async () => {
    await uploadOk("ACCOUNTS", fixture("accounts.csv")).then(async (id) => {
      await decide(id, "confirm");
      await runWorker();
    });
    const existing = await prisma.account.findUniqueOrThrow({ where: { externalId: "existing-1" } });
    const harborview = await prisma.account.findUniqueOrThrow({ where: { externalId: "crm-1001" } });
    await createUser({ role: "MEMBER", accountId: harborview.id, email: "marcus.bell@harborview-logistics.example", name: "Marc Bell" });
    await createUser({ role: "MEMBER", accountId: existing.id, email: "elsewhere@existing-co.example" });
    const jobsBefore = await prisma.job.count();

    const withProblems = `${fixture("contacts.csv")}elsewhere@existing-co.example,Else,Where,crm-1001,,\ncsm@lyceum.example,Sam,Staff,crm-1001,,\nnew@x.example,New,Person,crm-9999,,\n`;
    const refusedId = await uploadOk("CONTACTS", withProblems);
    expect(
      Object.fromEntries((await preview(refusedId)).rows.filter((row) => row.errors.length).map((row) => [row.row, row.errors])),
    ).toEqual({
      14: ['elsewhere@existing-co.example already belongs to "Existing Co"'],
      15: ["csm@lyceum.example is a Lyceum staff login and cannot be imported as a contact"],
      16: ['No account has the external id "crm-9999"; import the accounts first'],
    });

    const batchId = await uploadOk("CONTACTS", fixture("contacts.csv"));
    expect(await preview(batchId)).toMatchObject({ totalRows: 12, errorRows: 0, newRows: 11, updateRows: 1 });
    await decide(batchId, "confirm");
    await runWorker();
    expect(await preview(batchId)).toMatchObject({ status: "DONE", created: 11, updated: 1 });

    const hannah = await prisma.user.findUniqueOrThrow({
      where: { email: "hannah.vogel@juniper-health.example" },
      include: { account: true, password: true },
    });
    expect(hannah).toMatchObject({
      name: "Hannah Vogel",
      role: "ACCOUNT_ADMIN",
      timeZone: "Europe/Berlin",
      password: null,
      emailVerifiedAt: null,
    });
    expect(hannah.account?.externalId).toBe("crm-1002");
    expect(await prisma.user.findUniqueOrThrow({ where: { email: "marcus.bell@harborview-logistics.example" } })).toMatchObject({
      name: "Marcus Bell",
      role: "MEMBER",
      accountId: harborview.id,
    });
    expect(await prisma.user.findUniqueOrThrow({ where: { email: "sofia.ramirez@oakridge-dental.example" } })).toMatchObject({
      role: "MEMBER",
      timeZone: "UTC",
    });
    expect(await prisma.user.count({ where: { account: { externalId: "crm-1007" } } })).toBe(2);
    // No invitations or emails: only the import's own job was added.
    expect(await prisma.job.count()).toBe(jobsBefore + 1);
  });
});

describe("refusals", () => {
  test("a CSM and a customer get 403 everywhere", async () => {
    const batchesBefore = await prisma.importBatch.count();
    for (const cookie of [csmCookie, customerCookie]) {
      expect((await invoke(indexLoader, buildRequest("/admin/import", { cookie }))).status).toBe(403);
      expect((await upload("ACCOUNTS", "external_id,name\nx,X\n", { cookie })).status).toBe(403);
      expect((await invoke(batchLoader, buildRequest("/admin/import/x", { cookie }), { batchId: "x" })).status).toBe(403);
      expect((await decide("x", "confirm", cookie)).status).toBe(403);
      expect((await invoke(templateLoader, buildRequest("/admin/import/template/accounts", { cookie }), { kind: "accounts" })).status).toBe(
        403,
      );
    }
    expect(await prisma.importBatch.count()).toBe(batchesBefore);
  });

  test("bad uploads answer 400 with a message on the file field", async () => {
    const cases: [string, string, string | RegExp][] = [
      ["ACCOUNTS", "Plan,ARR\nScale,100\n", "The file is missing the required columns: external_id, name."],
      ["ACCOUNTS", "", /empty/],
      ["ACCOUNTS", "external_id,name\n", "The file has a header row but no rows to import."],
      ["ACCOUNTS", `external_id,name\n${"x,y\n".repeat(10_001)}`, /10,001 rows/],
      ["ACCOUNTS", `external_id,name\n1,${"x".repeat(5 * 1024 * 1024)}\n`, "The file is larger than 5 MB; split it into smaller files"],
    ];
    for (const [kind, csv, message] of cases) {
      const response = await upload(kind, csv);
      expect(response.status).toBe(400);
      expect(errorsOf(response.body)?.file?.[0]).toMatch(message);
    }
    const noFile = await invoke(uploadAction, buildRequest("/admin/import", { cookie: admin, form: { kind: "ACCOUNTS" } }));
    expect(noFile.status).toBe(400);
    expect(errorsOf(noFile.body)?.file).toEqual(["Choose a CSV file that is not empty"]);
    const badKind = await upload("EVERYTHING", "external_id,name\n1,x\n");
    expect(badKind.status).toBe(400);
    expect(errorsOf(badKind.body)?.kind).toBeTruthy();
  });

  test("an oversized body is refused before it is read", async () => {
    const request = buildRequest("/admin/import", {
      cookie: admin,
      method: "POST",
      body: "x",
      headers: { "Content-Length": String(50 * 1024 * 1024) },
    });
    const response = await invoke(uploadAction, request);
    expect(response.status).toBe(400);
    expect(errorsOf(response.body)?.file).toEqual(["The file is larger than 5 MB; split it into smaller files"]);
  });

  test("unknown batches are 404; the index lists recent imports; the example files download", async () => {
    expect((await invoke(batchLoader, buildRequest("/admin/import/nope", { cookie: admin }), { batchId: "nope" })).status).toBe(404);
    expect((await decide("nope", "confirm")).status).toBe(404);
    const index = await invoke(indexLoader, buildRequest("/admin/import", { cookie: admin }));
    expect((index.body as { batches: unknown[] }).batches.length).toBeGreaterThan(0);
    const template = await invoke(templateLoader, buildRequest("/admin/import/template/contacts", { cookie: admin }), { kind: "contacts" });
    expect(template.status).toBe(200);
    expect(template.headers.get("Content-Disposition")).toContain("attachment");
    expect(String(template.body)).toMatch(/^email,first_name,last_name,account_external_id/);
  });
});
