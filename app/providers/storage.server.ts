import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import parseRange from "range-parser";
import { getEnv } from "~/utils/env.server.ts";

/**
 * Files Lyceum keeps itself (local videos, e-book PDFs, captions), on disk under STORAGE_DIR.
 * Callers hold a storage key ("videos/ab12…/video.mp4"), never a path: keys are made here and
 * checked again on every use, so a key from the database cannot point outside the folder.
 */
const KEY = /^[a-z0-9-]+\/[a-z0-9]{16,64}(\/[a-zA-Z0-9_-]+(\.[a-zA-Z0-9]{1,8})?)?$/;

export function storageRoot() {
  return path.resolve(getEnv().STORAGE_DIR);
}

export function newStorageKey(folder: string, name: string) {
  const safeName =
    name
      .replace(/[^a-zA-Z0-9._-]+/g, "-")
      .replace(/^[.-]+/, "")
      .slice(-60) || "file";
  const ext = path
    .extname(safeName)
    .slice(1)
    .replace(/[^a-zA-Z0-9]/g, "")
    .slice(0, 8);
  const base = path.basename(safeName, path.extname(safeName)).replace(/[^a-zA-Z0-9_-]/g, "-") || "file";
  return `${folder}/${randomBytes(12).toString("hex")}/${base}${ext ? `.${ext}` : ""}`;
}

export function pathForKey(key: string) {
  if (!KEY.test(key) || key.includes("..")) throw new Error(`not a storage key: ${key}`);
  return path.join(storageRoot(), key);
}

/** Writes a whole file, replacing what was there. */
export async function putFile(key: string, body: Uint8Array | ReadableStream<Uint8Array> | NodeJS.ReadableStream) {
  const file = pathForKey(key);
  await fs.mkdir(path.dirname(file), { recursive: true });
  if (body instanceof Uint8Array) return fs.writeFile(file, body);
  const source = body instanceof ReadableStream ? Readable.fromWeb(body as NodeWebStream) : body;
  await pipeline(source, createWriteStream(file));
}

/** Writes bytes at an offset (chunked uploads); creates the file on the first chunk. */
export async function writeAt(key: string, offset: number, body: ReadableStream<Uint8Array> | NodeJS.ReadableStream) {
  const file = pathForKey(key);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const flags = offset === 0 ? "w" : "r+";
  const source = body instanceof ReadableStream ? Readable.fromWeb(body as NodeWebStream) : body;
  let written = 0;
  const sink = createWriteStream(file, { flags, start: offset });
  source.on("data", (chunk: Buffer) => (written += chunk.length));
  await pipeline(source, sink);
  return written;
}

export async function statFile(key: string) {
  try {
    const stat = await fs.stat(pathForKey(key));
    return { size: stat.size, modifiedAt: stat.mtime };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

export async function removeFile(key: string) {
  await fs.rm(pathForKey(key), { force: true });
}

type FileResponseOptions = {
  mimeType: string;
  // Offered as a download under this name; otherwise shown inline.
  downloadName?: string;
  cacheControl?: string;
};

/**
 * A Response for a stored file that honours HTTP range requests (RFC 9110 §14): 206 with the
 * requested bytes, 416 for a range outside the file, 200 with everything otherwise. Players seek
 * with ranges; a single range is served (a multi-range request gets the whole file, as allowed).
 */
export async function fileResponse(request: Request, key: string, options: FileResponseOptions): Promise<Response> {
  const stat = await statFile(key);
  if (!stat) throw new Response("This file is no longer stored.", { status: 404 });
  const headers = new Headers({
    "Content-Type": options.mimeType,
    "Accept-Ranges": "bytes",
    "Last-Modified": stat.modifiedAt.toUTCString(),
    "Cache-Control": options.cacheControl ?? "private, max-age=3600",
    "X-Content-Type-Options": "nosniff",
  });
  if (options.downloadName) {
    headers.set("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(options.downloadName)}`);
  }
  const rangeHeader = request.headers.get("Range");
  const ranges = rangeHeader ? parseRange(stat.size, rangeHeader, { combine: true }) : undefined;
  if (ranges === -1) {
    headers.set("Content-Range", `bytes */${stat.size}`);
    return new Response(null, { status: 416, headers });
  }
  const head = request.method === "HEAD";
  if (Array.isArray(ranges) && ranges.type === "bytes" && ranges.length === 1) {
    const { start, end } = ranges[0]!;
    headers.set("Content-Range", `bytes ${start}-${end}/${stat.size}`);
    headers.set("Content-Length", String(end - start + 1));
    return new Response(head ? null : stream(key, start, end), { status: 206, headers });
  }
  headers.set("Content-Length", String(stat.size));
  return new Response(head || stat.size === 0 ? null : stream(key, 0, stat.size - 1), { status: 200, headers });
}

function stream(key: string, start: number, end: number) {
  return Readable.toWeb(createReadStream(pathForKey(key), { start, end })) as ReadableStream<Uint8Array>;
}
