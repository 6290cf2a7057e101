import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import matter from "gray-matter";
import { z } from "zod";
import type { Tier } from "~/generated/prisma/enums.ts";
import { TIERS } from "~/modules/accounts/entitlements.ts";
import { prisma, type Db, type Tx } from "~/utils/db.server.ts";
import { writeTransaction } from "~/utils/db.server.ts";
import { PATH_SLUG_MAX, PATH_SLUG_PATTERN } from "./paths.ts";
import { MAX_PATH_STEPS, NOTE_MAX } from "./paths.schema.ts";

// Starter paths shipped in content/paths/*.md: YAML front matter names the steps, by library item
// slug or by the title of a (recurring) live session. `npm run content:sync` calls syncPaths after
// the library items are in, so the slugs can be found.
//
// ---
// title: Get started in 5 steps
// summary: …
// audience: [TECH]          # optional; empty or absent means every tier
// status: published         # or draft; published by default
// steps:
//   - item: adding-users-and-sso
//     note: Why this step is here (optional)
//   - session: "Onboarding 101: your first week"
//   - reading-your-usage-dashboard   # a bare slug is an item
// ---

const NoteSchema = z
  .string()
  .trim()
  .max(NOTE_MAX, { error: `a note is at most ${NOTE_MAX} characters` })
  .optional();

// A bare string is an item's slug.
const StepLineSchema = z.preprocess(
  (value) => (typeof value === "string" ? { item: value } : value),
  z
    .object(
      { item: z.string().trim().min(1).optional(), session: z.string().trim().min(1).optional(), note: NoteSchema },
      { error: "a step is an item slug, or has item: or session:" },
    )
    .refine((step) => Boolean(step.item) !== Boolean(step.session), { error: "each step names either an item or a session" })
    .transform((step) => ({ item: step.item, session: step.session, note: step.note ?? "" })),
);

const PathFileSchema = z.object({
  title: z.string({ error: "title is missing" }).trim().min(1, { error: "title is empty" }).max(120),
  slug: z
    .string()
    .trim()
    .max(PATH_SLUG_MAX)
    .regex(PATH_SLUG_PATTERN, { error: "slug must be lower-case letters, digits and single hyphens" })
    .optional(),
  summary: z.string().trim().max(1_000).optional().default(""),
  audience: z
    .union([z.enum(TIERS), z.array(z.enum(TIERS))], { error: "audience lists tiers: HIGH, LOW, TECH" })
    .optional()
    .transform((value) => TIERS.filter((tier) => (Array.isArray(value) ? value : value ? [value] : []).includes(tier)) as Tier[]),
  status: z.enum(["draft", "published"]).optional().default("published"),
  steps: z
    .array(StepLineSchema, { error: "steps must be a list" })
    .min(1, { error: "list at least one step" })
    .max(MAX_PATH_STEPS, { error: `at most ${MAX_PATH_STEPS} steps` }),
});

type PathFile = z.output<typeof PathFileSchema>;
type ResolvedStep = { contentId: string | null; sessionId: string | null; note: string };

export type SyncProblem = { file: string; message: string };
export type SyncPathsResult = {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Files that could not be read or imported, and steps left out (unknown slug or session). */
  problems: SyncProblem[];
  /** Paths imported earlier whose file is gone: left as they are, for a publisher to decide. */
  orphaned: string[];
};

export type SyncPathsOptions = { log?: (line: string) => void; db?: Db; now?: Date };

// `---js` front matter would be evaluated as code: content files are data, never code.
const refuse = () => {
  throw new Error("only YAML front matter is read");
};
const MATTER_OPTIONS = { language: "yaml", engines: { js: refuse, javascript: refuse, coffee: refuse, coffeescript: refuse } };

function sourcePathOf(file: string) {
  const relative = path.relative(process.cwd(), file);
  return (relative.startsWith("..") || path.isAbsolute(relative) ? file : relative).split(path.sep).join("/");
}

function describeIssues(error: z.ZodError) {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
}

/** Library items by slug, and sessions by the title of their series (or, failing that, their own). */
async function resolveSteps(db: Tx, file: string, steps: PathFile["steps"], now: Date, problems: SyncProblem[]) {
  const slugs = steps.flatMap((step) => (step.item ? [step.item] : []));
  const titles = steps.flatMap((step) => (step.session ? [step.session] : []));
  const items = new Map(
    (await db.contentItem.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } })).map((row) => [row.slug, row.id]),
  );
  const sessions = new Map<string, string>();
  if (titles.length) {
    // A series counts by any occurrence, so its first occurrence stands for it whatever the date.
    const series = await db.liveSessionSeries.findMany({
      where: { title: { in: titles } },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      select: {
        title: true,
        sessions: { where: { status: { not: "CANCELLED" } }, orderBy: [{ startsAt: "asc" }, { id: "asc" }], take: 1, select: { id: true } },
      },
    });
    for (const row of series) if (row.sessions[0] && !sessions.has(row.title)) sessions.set(row.title, row.sessions[0].id);
    // A one-off session: the next one with that title, or else the latest.
    const singles = await db.liveSession.findMany({
      where: { title: { in: titles.filter((title) => !sessions.has(title)) }, seriesId: null, status: { not: "CANCELLED" } },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      select: { id: true, title: true, startsAt: true },
    });
    for (const title of titles) {
      if (sessions.has(title)) continue;
      const matching = singles.filter((row) => row.title === title);
      const pick = matching.find((row) => row.startsAt > now) ?? matching.at(-1);
      if (pick) sessions.set(title, pick.id);
    }
  }
  const resolved: ResolvedStep[] = [];
  const seen = new Set<string>();
  for (const [index, step] of steps.entries()) {
    const where = `step ${index + 1}`;
    const id = step.item ? items.get(step.item) : sessions.get(step.session!);
    if (!id) {
      problems.push({
        file,
        message: step.item
          ? `${where}: no library item has the slug "${step.item}"; the step is left out until it exists`
          : `${where}: no live session or series is titled "${step.session}"; the step is left out until one is scheduled`,
      });
      continue;
    }
    if (seen.has(id)) {
      problems.push({ file, message: `${where}: "${step.item ?? step.session}" is already an earlier step; left out` });
      continue;
    }
    seen.add(id);
    resolved.push(step.item ? { contentId: id, sessionId: null, note: step.note } : { contentId: null, sessionId: id, note: step.note });
  }
  return resolved;
}

type Outcome = "created" | "updated" | "unchanged" | "skipped";

async function importFile(db: Db, file: string, text: string, now: Date, problems: SyncProblem[]): Promise<Outcome> {
  const sourcePath = sourcePathOf(file);
  let front: Record<string, unknown>;
  try {
    front = matter(text, MATTER_OPTIONS).data;
  } catch (error) {
    problems.push({
      file: sourcePath,
      message: `front matter could not be read: ${error instanceof Error ? error.message : String(error)}`,
    });
    return "skipped";
  }
  const parsed = PathFileSchema.safeParse(front);
  if (!parsed.success) {
    problems.push({ file: sourcePath, message: describeIssues(parsed.error) });
    return "skipped";
  }
  const values = parsed.data;
  const slug = values.slug ?? path.basename(file, ".md");
  if (!PATH_SLUG_PATTERN.test(slug)) {
    problems.push({ file: sourcePath, message: `"${slug}" is not a usable slug; add a slug to the front matter` });
    return "skipped";
  }

  return writeTransaction(db, async (tx) => {
    const found: SyncProblem[] = [];
    const steps = await resolveSteps(tx, sourcePath, values.steps, now, found);
    problems.push(...found);
    // The hash covers what the steps resolved to, so a path whose item was missing is completed by
    // the first sync after that item arrives, even though its file did not change.
    const sourceHash = createHash("sha256").update(text).update("\0").update(JSON.stringify(steps)).digest("hex");
    const existing = await tx.learningPath.findUnique({ where: { sourcePath }, select: { id: true, sourceHash: true, publishedAt: true } });
    if (existing?.sourceHash === sourceHash) return "unchanged";
    const holder = await tx.learningPath.findUnique({ where: { slug }, select: { id: true } });
    if (holder && holder.id !== existing?.id) {
      problems.push({ file: sourcePath, message: `another learning path already uses the slug "${slug}"; not imported` });
      return "skipped";
    }
    const publish = values.status === "published" && steps.length > 0;
    if (values.status === "published" && !publish) {
      problems.push({ file: sourcePath, message: "none of its steps could be found, so it stays a draft" });
    }
    const data = {
      slug,
      title: values.title,
      summary: values.summary,
      audienceTiers: values.audience.join(","),
      status: publish ? ("PUBLISHED" as const) : ("DRAFT" as const),
      publishedAt: publish ? (existing?.publishedAt ?? now) : (existing?.publishedAt ?? null),
      sourceHash,
    };
    const stepRows = steps.map((step, index) => ({ ...step, position: index + 1 }));
    if (existing) {
      await tx.learningPathStep.deleteMany({ where: { pathId: existing.id } });
      await tx.learningPath.update({ where: { id: existing.id }, data: { ...data, steps: { create: stepRows } } });
      return "updated";
    }
    await tx.learningPath.create({ data: { ...data, sourcePath, steps: { create: stepRows } } });
    return "created";
  });
}

/**
 * Imports every `*.md` in `dir` as a learning path, matched to earlier imports by file path and
 * skipped when neither the file nor what its steps resolve to has changed. A broken file or an
 * unknown slug is reported and the rest carries on; nothing here throws for bad content.
 */
export async function syncPaths(dir: string, options: SyncPathsOptions = {}): Promise<SyncPathsResult> {
  const { log = () => {}, db = prisma, now = new Date() } = options;
  const result: SyncPathsResult = { created: [], updated: [], unchanged: [], problems: [], orphaned: [] };
  const absolute = path.resolve(dir);
  let names: string[];
  try {
    names = (await fs.readdir(absolute)).filter((name) => name.endsWith(".md")).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    log(`paths: no folder at ${dir}; nothing to sync`);
    return result;
  }
  const seen: string[] = [];
  for (const name of names) {
    const file = path.join(absolute, name);
    const sourcePath = sourcePathOf(file);
    seen.push(sourcePath);
    const before = result.problems.length;
    const outcome = await importFile(db, file, await fs.readFile(file, "utf8"), now, result.problems);
    if (outcome !== "skipped") result[outcome].push(sourcePath);
    for (const problem of result.problems.slice(before)) log(`paths: ${problem.file}: ${problem.message}`);
    if (outcome !== "unchanged") log(`paths: ${sourcePath} ${outcome}`);
  }
  const prefix = sourcePathOf(absolute) + "/";
  const gone = await db.learningPath.findMany({
    where: { sourcePath: { startsWith: prefix, notIn: seen } },
    select: { sourcePath: true },
  });
  for (const row of gone) {
    result.orphaned.push(row.sourcePath!);
    log(`paths: ${row.sourcePath} no longer exists; its path is left as it is`);
  }
  log(
    `paths: ${result.created.length} created, ${result.updated.length} updated, ${result.unchanged.length} unchanged, ${result.problems.length} problems`,
  );
  return result;
}
