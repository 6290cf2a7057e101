import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import matter from "gray-matter";
import { z } from "zod";
import { TIERS } from "~/modules/accounts/entitlements.ts";
import { prisma, type Db } from "~/utils/db.server.ts";
import type { ContentStatus } from "~/generated/prisma/enums.ts";
import { CONTENT_KINDS, CONTENT_STATUSES, ContentFormSchema, type ContentValues } from "./content.schema.ts";
import { mapUniqueSlug, writeContent } from "./content.server.ts";
import { importLocalVideo } from "./video.server.ts";
import { videoDriverName } from "~/providers/video.server.ts";

// The starter library ships as markdown files in content/library/*.md, each with YAML front matter.
// `npm run content:sync` (and the demo seed) imports them, keyed by the file's path: an unchanged
// file (same hash) is not written at all, a changed one updates its item and reindexes it. Items
// whose file was removed are left alone; other folders under content/ (learning paths) are not read.
//
// A file is the source of truth for its item: editing the file and syncing overwrites what was
// changed in the console. Items created in the console have no file and are never touched.

export const LIBRARY_FOLDER = "library";

const listOf = z
  .union([z.array(z.string()), z.string(), z.null()])
  .optional()
  .transform((value) =>
    (value == null ? [] : Array.isArray(value) ? value : value.split(",")).map((entry) => entry.trim()).filter(Boolean),
  );

const FrontMatterSchema = z.object({
  kind: z.enum(CONTENT_KINDS, { error: `kind must be one of ${CONTENT_KINDS.join(", ")}` }),
  title: z.string({ error: "title is required" }).min(1, { error: "title is required" }),
  slug: z.string().optional(),
  summary: z.string().optional(),
  topics: listOf,
  // "all" or nothing: every tier.
  audience: listOf.transform((tiers, ctx) => {
    const wanted = tiers.map((tier) => tier.toUpperCase()).filter((tier) => tier !== "ALL");
    const unknown = wanted.filter((tier) => !(TIERS as readonly string[]).includes(tier));
    if (unknown.length)
      ctx.issues.push({
        code: "custom",
        input: tiers,
        message: `audience has unknown tiers: ${unknown.join(", ")} (use ${TIERS.join(", ")})`,
      });
    return wanted;
  }),
  minutes: z.number().int().positive().optional(),
  // VIDEO only: a file beside the markdown (e.g. media/first-report.webm) and its length in seconds.
  video: z
    .string()
    .regex(/^[a-zA-Z0-9_/-]+\.(webm|mp4|ogv|mov)$/, { error: "video must be a relative path to a .webm, .mp4, .ogv or .mov file" })
    .optional(),
  duration: z.number().positive().optional(),
  status: z.enum(CONTENT_STATUSES).default("DRAFT"),
});

export type SyncReport = {
  created: number;
  updated: number;
  unchanged: number;
  failed: { file: string; reason: string }[];
};

function hashOf(bytes: Buffer) {
  return createHash("sha256").update(bytes).digest("hex");
}

function describe(error: z.ZodError) {
  return error.issues.map((issue) => `${issue.path.join(".") || "file"}: ${issue.message}`).join("; ");
}

/** One file → the editor's values, checked by the editor's own schema. */
type VideoSource = { file: string; durationSeconds: number | null };

function readItem(
  file: string,
  source: string,
): { error: string } | { values: ContentValues; status: ContentStatus; video: VideoSource | null } {
  const parsed = matter(source);
  const front = FrontMatterSchema.safeParse(parsed.data);
  if (!front.success) return { error: describe(front.error) };
  const values = ContentFormSchema.safeParse({
    kind: front.data.kind,
    title: front.data.title,
    slug: front.data.slug ?? path.basename(file, ".md"),
    summary: front.data.summary,
    topics: front.data.topics.join(", "),
    audienceTiers: front.data.audience,
    minutes: front.data.minutes,
    body: parsed.content,
  });
  if (!values.success) return { error: describe(values.error) };
  const video = front.data.video ? { file: front.data.video, durationSeconds: front.data.duration ?? null } : null;
  return { values: values.data, status: front.data.status, video };
}

/** The `video:` a file names, read before the whole file is checked (its bytes join the hash). */
function videoFileOf(bytes: Buffer): string | null {
  const video = (matter(bytes.toString("utf8")).data as { video?: unknown }).video;
  return typeof video === "string" && !video.includes("..") ? video : null;
}

/**
 * Imports `<dir>/library/*.md` (dir is the content folder, `content/` in the repository). Idempotent:
 * a second run with the same files writes nothing. Each file is its own transaction, so one bad file
 * is reported and skipped without holding back the others.
 */
export async function syncContent(
  dir: string,
  { log = () => {}, db = prisma }: { log?: (message: string) => void; db?: Db } = {},
): Promise<SyncReport> {
  const folder = path.join(dir, LIBRARY_FOLDER);
  const report: SyncReport = { created: 0, updated: 0, unchanged: 0, failed: [] };
  let names: string[];
  try {
    names = (await fs.readdir(folder, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && entry.name.endsWith(".md"))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      log(`No library folder at ${folder}: nothing to sync.`);
      return report;
    }
    throw error;
  }
  const known = new Map(
    (
      await db.contentItem.findMany({
        where: { sourcePath: { in: names.map((name) => `${LIBRARY_FOLDER}/${name}`) } },
        select: { id: true, sourcePath: true, sourceHash: true },
      })
    ).map((row) => [row.sourcePath!, row]),
  );
  for (const name of names) {
    const sourcePath = `${LIBRARY_FOLDER}/${name}`;
    const bytes = await fs.readFile(path.join(folder, name));
    const video = videoFileOf(bytes);
    const videoBytes = video ? await fs.readFile(path.join(folder, video)).catch(() => null) : null;
    // The video's bytes are part of what the item is: replacing the file is a change to sync.
    const sourceHash = hashOf(videoBytes ? Buffer.concat([bytes, videoBytes]) : bytes);
    const existing = known.get(sourcePath);
    if (existing?.sourceHash === sourceHash) {
      report.unchanged++;
      continue;
    }
    const item = readItem(name, bytes.toString("utf8"));
    if ("error" in item) {
      report.failed.push({ file: sourcePath, reason: item.error });
      log(`✗ ${sourcePath}: ${item.error}`);
      continue;
    }
    try {
      // A file names its slug; if the console already uses it, that is a conflict to resolve by hand.
      const values = { ...item.values, slugChosen: true };
      if (item.video && !videoBytes) throw new Error(`video file ${item.video.file} not found beside ${name}`);
      const written = await db
        .$transaction((tx) => writeContent(tx, existing?.id ?? null, values, { sourcePath, sourceHash, status: item.status }), {
          maxWait: 10_000,
          timeout: 15_000,
        })
        .catch(mapUniqueSlug);
      if (item.video && videoBytes) {
        if (videoDriverName() === "local") {
          const stored = await importLocalVideo(
            written.id,
            videoBytes,
            { filename: path.basename(item.video.file), durationSeconds: item.video.durationSeconds },
            db,
          );
          if (!stored) throw new Error(`${item.video.file} is not a video Lyceum can play`);
        } else {
          log(`  ${sourcePath}: videos go to Mux; upload ${item.video.file} from the console`);
        }
      }
      report[existing ? "updated" : "created"]++;
      log(`${existing ? "↻ updated" : "+ created"} ${sourcePath}`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      report.failed.push({ file: sourcePath, reason });
      log(`✗ ${sourcePath}: ${reason}`);
    }
  }
  return report;
}
