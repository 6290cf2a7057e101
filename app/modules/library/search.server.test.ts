import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "#test/factories.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { prisma } from "~/utils/db.server.ts";
import type { ContentValues } from "./content.schema.ts";
import { writeContent } from "./content.server.ts";
import { searchContent } from "./search.server.ts";

const PUBLISHER: Actor = { id: "p", role: "PUBLISHER", accountId: null };
const CSM: Actor = { id: "c", role: "CSM", accountId: null };
let low: Actor;
let tech: Actor;
const ids: Record<string, string> = {};

function values(title: string, body: string, audienceTiers: ContentValues["audienceTiers"] = []): ContentValues {
  return {
    kind: "ONE_PAGER",
    title,
    slug: title.toLowerCase().replace(/\W+/g, "-"),
    slugChosen: true,
    summary: "",
    topics: [],
    audienceTiers,
    body,
    chapters: [],
    minutes: 1,
  };
}

async function item(key: string, status: "DRAFT" | "PUBLISHED", input: ContentValues) {
  ids[key] = (await prisma.$transaction((tx) => writeContent(tx, null, input, { status }))).id;
}

beforeAll(async () => {
  low = { id: "l", role: "MEMBER", accountId: (await createAccount({ tier: "LOW" })).id };
  tech = { id: "t", role: "MEMBER", accountId: (await createAccount({ tier: "TECH" })).id };
  await item("everyone", "PUBLISHED", values("Lighthouse basics", "The lighthouse keeps ships safe."));
  await item("lowOnly", "PUBLISHED", values("Lighthouse for growing teams", "More lighthouse detail.", ["LOW"]));
  await item("draft", "DRAFT", values("Lighthouse roadmap", "Unannounced lighthouse plans."));
});

const found = async (actor: Actor, query: string) => (await searchContent(actor, query)).map((hit) => hit.contentId).sort();

describe("searchContent scopes by who asks", () => {
  it("shows customers what their tier may see, published only", async () => {
    expect(await found(tech, "lighthouse")).toEqual([ids.everyone].sort());
    expect(await found(low, "lighthouse")).toEqual([ids.everyone, ids.lowOnly].sort());
  });

  it("shows staff who manage the library everything, and other staff nothing", async () => {
    expect(await found(PUBLISHER, "lighthouse")).toEqual([ids.everyone, ids.lowOnly, ids.draft].sort());
    expect(await found(CSM, "lighthouse")).toEqual([]);
  });

  it("reflects an edit in the same transaction that made it", async () => {
    await prisma.$transaction(async (tx) => {
      await writeContent(tx, ids.everyone!, values("Lighthouse basics", "Now about foghorns."));
      const [row] = await tx.$queryRaw<{ body: string }[]>`SELECT "body" FROM "ContentSearch" WHERE "contentId" = ${ids.everyone}`;
      expect(row!.body).toBe("Now about foghorns.");
    });
    expect(await found(tech, "foghorns")).toEqual([ids.everyone]);
    expect(await found(tech, "ships")).toEqual([]);
  });
});
