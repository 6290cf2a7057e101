import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createContentItem, createLiveSession, createPath, createSeries } from "#test/path-factories.ts";
import { prisma } from "~/utils/db.server.ts";
import { syncContent } from "./content-sync.server.ts";
import { syncPaths } from "./paths-sync.server.ts";

const DAY = 24 * 60 * 60 * 1000;
const roots: string[] = [];

function folder(files: Record<string, string>) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lyceum-paths-"));
  roots.push(root);
  const dir = path.join(root, "paths");
  fs.mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

async function stepsOf(sourcePath: string) {
  const found = await prisma.learningPath.findUniqueOrThrow({
    where: { sourcePath },
    select: {
      slug: true,
      title: true,
      status: true,
      audienceTiers: true,
      publishedAt: true,
      steps: { orderBy: { position: "asc" }, select: { position: true, contentId: true, sessionId: true, note: true } },
    },
  });
  return found;
}

describe("syncing paths from content/paths", () => {
  it("imports a file, reports unknown slugs without failing, skips it when nothing changed, and fills the gap later", async () => {
    const sso = await createContentItem({ slug: "sync-adding-users-and-sso" });
    const dashboard = await createContentItem({ slug: "sync-reading-your-usage-dashboard" });
    const { sessions } = await createSeries("Sync office hours", [new Date(Date.now() + DAY), new Date(Date.now() + 8 * DAY)]);
    const dir = folder({
      "onboarding.md": `---
title: Onboarding basics
summary: The first steps.
audience: [TECH, LOW]
steps:
  - item: sync-adding-users-and-sso
    note: Invite the team first.
  - item: sync-admin-handbook
  - session: Sync office hours
  - sync-reading-your-usage-dashboard
---
Notes for editors.
`,
    });
    const lines: string[] = [];
    const first = await syncPaths(dir, { log: (line) => lines.push(line) });
    const sourcePath = first.created[0]!;
    expect(sourcePath).toMatch(/paths\/onboarding\.md$/);
    expect(first.problems).toEqual([
      { file: sourcePath, message: expect.stringContaining('no library item has the slug "sync-admin-handbook"') },
    ]);
    expect(lines.join("\n")).toContain("sync-admin-handbook");

    const imported = await stepsOf(sourcePath);
    expect(imported).toMatchObject({ slug: "onboarding", title: "Onboarding basics", status: "PUBLISHED", audienceTiers: "LOW,TECH" });
    expect(imported.steps).toEqual([
      { position: 1, contentId: sso.id, sessionId: null, note: "Invite the team first." },
      { position: 2, contentId: null, sessionId: sessions[0]!.id, note: "" },
      { position: 3, contentId: dashboard.id, sessionId: null, note: "" },
    ]);

    const again = await syncPaths(dir);
    expect(again).toMatchObject({ created: [], updated: [], unchanged: [sourcePath] });
    expect(await prisma.learningPath.count({ where: { sourcePath } })).toBe(1);

    // The missing item arrives with the next content sync: the path gains its step though its file did not change.
    const handbook = await createContentItem({ slug: "sync-admin-handbook" });
    const third = await syncPaths(dir);
    expect(third).toMatchObject({ updated: [sourcePath], problems: [] });
    const completed = await stepsOf(sourcePath);
    expect(completed.steps.map((step) => step.contentId ?? step.sessionId)).toEqual([sso.id, handbook.id, sessions[0]!.id, dashboard.id]);
    expect(completed.publishedAt).toEqual(imported.publishedAt);
  });

  it("reports broken files and carries on with the others", async () => {
    const item = await createContentItem({ slug: "sync-good-item" });
    const dir = folder({
      "a-bad-yaml.md": "---\ntitle: [unclosed\n---\n",
      "b-no-title.md": "---\nsteps: [sync-good-item]\n---\n",
      "c-no-steps.md": "---\ntitle: Empty\nsteps: []\n---\n",
      "d-code.md": '---js\n{ title: "Evaluated", steps: ["sync-good-item"] }\n---\n',
      "e-bad-step.md": "---\ntitle: Both\nsteps:\n  - item: x\n    session: y\n---\n",
      "f-good.md": "---\ntitle: Good one\nslug: sync-good-one\nsteps: [sync-good-item]\n---\n",
      "not-markdown.txt": "ignored",
    });
    const result = await syncPaths(dir);
    expect(result.created).toHaveLength(1);
    expect(result.created[0]).toMatch(/f-good\.md$/);
    const byFile = Object.fromEntries(result.problems.map((problem) => [path.basename(problem.file), problem.message]));
    expect(Object.keys(byFile).sort()).toEqual(["a-bad-yaml.md", "b-no-title.md", "c-no-steps.md", "d-code.md", "e-bad-step.md"]);
    expect(byFile["b-no-title.md"]).toMatch(/title/);
    expect(byFile["c-no-steps.md"]).toMatch(/at least one step/);
    expect(byFile["e-bad-step.md"]).toMatch(/either an item or a session/);
    expect(await prisma.learningPath.count({ where: { title: "Evaluated" } })).toBe(0);
    expect((await stepsOf(result.created[0]!)).steps).toEqual([{ position: 1, contentId: item.id, sessionId: null, note: "" }]);
  });

  it("keeps a path whose steps are all unknown a draft, and refuses a slug a console path holds", async () => {
    await createPath([], { slug: "sync-console-made", status: "DRAFT" });
    const dir = folder({
      "ghost.md": "---\ntitle: Ghost\nslug: sync-ghost\nsteps: [sync-nothing-here]\n---\n",
      "clash.md": "---\ntitle: Clash\nslug: sync-console-made\nsteps: [sync-nothing-here]\n---\n",
    });
    const result = await syncPaths(dir);
    expect(result.created).toHaveLength(1);
    const ghost = await stepsOf(result.created[0]!);
    expect(ghost).toMatchObject({ slug: "sync-ghost", status: "DRAFT", steps: [] });
    expect(result.problems.map((problem) => problem.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/stays a draft/), expect.stringMatching(/already uses the slug "sync-console-made"/)]),
    );
    expect(await prisma.learningPath.count({ where: { slug: "sync-console-made" } })).toBe(1);
  });

  it("matches a one-off session by its title, preferring the next one", async () => {
    await createLiveSession({ title: "Sync one-off", startsAt: new Date(Date.now() - 10 * DAY) });
    const next = await createLiveSession({ title: "Sync one-off", startsAt: new Date(Date.now() + 2 * DAY) });
    await createLiveSession({ title: "Sync one-off", startsAt: new Date(Date.now() + DAY), status: "CANCELLED" });
    const dir = folder({ "live.md": '---\ntitle: Live\nslug: sync-live\nsteps:\n  - session: "Sync one-off"\n---\n' });
    const result = await syncPaths(dir);
    expect((await stepsOf(result.created[0]!)).steps[0]).toMatchObject({ sessionId: next.id });
  });

  it("updates the path when its file changes, reports a file that is gone, and survives a missing folder", async () => {
    await createContentItem({ slug: "sync-edit-item" });
    const dir = folder({ "edit.md": "---\ntitle: Before\nslug: sync-edit\nsteps: [sync-edit-item]\n---\n" });
    const [sourcePath] = (await syncPaths(dir)).created;
    fs.writeFileSync(path.join(dir, "edit.md"), "---\ntitle: After\nslug: sync-edit\nstatus: draft\nsteps: [sync-edit-item]\n---\n");
    expect((await syncPaths(dir)).updated).toEqual([sourcePath]);
    expect(await stepsOf(sourcePath!)).toMatchObject({ title: "After", status: "DRAFT" });

    fs.rmSync(path.join(dir, "edit.md"));
    const lines: string[] = [];
    expect((await syncPaths(dir, { log: (line) => lines.push(line) })).orphaned).toEqual([sourcePath]);
    expect(lines.join("\n")).toMatch(/no longer exists/);
    expect(await prisma.learningPath.count({ where: { sourcePath } })).toBe(1);

    expect(await syncPaths(path.join(dir, "missing"))).toMatchObject({ created: [], problems: [] });
  });

  it("imports the shipped starter path for tech-touch customers", async () => {
    // The shipped library itself, so a renamed item slug fails here rather than in a fresh install.
    const library = await syncContent(path.resolve("content"));
    expect(library.failed).toEqual([]);
    await createLiveSession({ title: "Onboarding 101: your first week", audienceTiers: "TECH" });
    const result = await syncPaths(path.resolve("content/paths"));
    expect(result.problems).toEqual([]);
    const starter = await stepsOf("content/paths/get-started.md");
    expect(starter).toMatchObject({ slug: "get-started", title: "Get started in 5 steps", status: "PUBLISHED", audienceTiers: "TECH" });
    expect(starter.steps).toHaveLength(5);
    expect(starter.steps[2]!.sessionId).not.toBeNull();
    expect(starter.steps.every((step) => step.note.length > 0)).toBe(true);
  });
});
