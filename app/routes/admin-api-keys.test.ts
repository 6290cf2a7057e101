import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { hashApiKey } from "~/modules/engagement/api-keys.ts";
import { prisma } from "~/utils/db.server.ts";
import { action, loader } from "./_app.admin.api-keys.tsx";

type Reply = { intent: string; done?: string; secret?: string; result: { error?: Record<string, string[]> } };
type Page = {
  keys: Array<{ id: string; name: string; prefix: string; createdBy: string; lastUsedAt: string | null; revokedAt: string | null }>;
};

let cookie: string;
beforeAll(async () => {
  cookie = await sessionCookieFor((await createUser({ role: "ADMIN", name: "Ada Admin" })).id);
});

const post = (form: Record<string, string>) => invoke(action, buildRequest("/admin/api-keys", { cookie, form }));
const page = async () => (await invoke(loader, buildRequest("/admin/api-keys", { cookie }))).body as Page;

describe("admin API keys", () => {
  it("shows a new key's secret once, and stores only its fingerprint and prefix", async () => {
    const created = await post({ intent: "create-key", name: "  Product backend  " });
    expect(created.status).toBe(200);
    const reply = created.body as Reply;
    expect(reply.done).toMatch(/“Product backend” created/);
    expect(reply.secret).toMatch(/^lyc_[A-Za-z0-9_-]{43}$/);

    const row = await prisma.apiKey.findFirstOrThrow({ where: { name: "Product backend" } });
    expect(row.keyHash).toBe(hashApiKey(reply.secret!));
    expect(row.prefix).toBe(reply.secret!.slice(0, 12));
    expect(JSON.stringify(row)).not.toContain(reply.secret!.slice(12));

    const listed = await page();
    expect(listed.keys).toContainEqual(
      expect.objectContaining({ name: "Product backend", prefix: row.prefix, createdBy: "Ada Admin", lastUsedAt: null }),
    );
    expect(JSON.stringify(listed)).not.toContain(reply.secret!.slice(12));
    expect(JSON.stringify(listed)).not.toContain(row.keyHash);
  });

  it("refuses a nameless key with 400 and a field message", async () => {
    const refused = await post({ intent: "create-key", name: "   " });
    expect(refused.status).toBe(400);
    expect((refused.body as Reply).result.error?.name?.[0]).toMatch(/Name the key/);
  });

  it("revokes a key once: a second revoke is 409, an unknown key 404", async () => {
    const created = (await post({ intent: "create-key", name: "Old importer" })).body as Reply;
    const row = await prisma.apiKey.findFirstOrThrow({ where: { name: "Old importer" } });
    expect(created.secret).toBeTruthy();
    const revoked = await post({ intent: "revoke-key", keyId: row.id });
    expect(revoked.status).toBe(200);
    expect((revoked.body as Reply).done).toBe("“Old importer” revoked.");
    expect((await prisma.apiKey.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).toBeInstanceOf(Date);
    expect((await page()).keys.find((key) => key.id === row.id)?.revokedAt).toBeTruthy();

    const again = await post({ intent: "revoke-key", keyId: row.id });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toMatch(/already revoked/);
    expect((await post({ intent: "revoke-key", keyId: "nope" })).status).toBe(404);
  });
});
