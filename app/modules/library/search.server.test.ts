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

describe("searchContent's snippets", () => {
  const words = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}${index}`).join(" ");
  const snippetOf = async (query: string) => {
    const [hit] = await searchContent(PUBLISHER, query);
    return hit!.snippet;
  };

  it("cut a long text to a passage around the hit, with … where words were left out", async () => {
    await item(
      "long",
      "PUBLISHED",
      values("Weather station guide", `${words("before", 40)} The barometer falls before a storm. ${words("after", 40)}`),
    );
    const snippet = await snippetOf("barometer");
    const text = snippet.map((piece) => piece.text).join("");
    expect(snippet).toContainEqual({ text: "barometer", hit: true });
    expect(text.startsWith("…")).toBe(true);
    expect(text.endsWith("…")).toBe(true);
    expect(text.split(/\s+/).length).toBeLessThanOrEqual(20);
  });

  it("show a short text whole, without …", async () => {
    await item("short", "PUBLISHED", values("Anemometer", "An anemometer measures the wind."));
    const text = (await snippetOf("measures")).map((piece) => piece.text).join("");
    // PostgreSQL's passage may leave out the final full stop; that is no cut.
    expect(text).toContain("An anemometer measures the wind");
    expect(text).not.toContain("…");
  });
});
