import { Readable } from "node:stream";
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { DomainError } from "~/modules/auth/errors.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { fileResponse, newStorageKey, putFile, removeFile } from "~/providers/storage.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { logger } from "~/utils/logger.server.ts";
import { formatBytes } from "./content.ts";
import { assertLibraryManager, contentNotFound, requireVisibleContent } from "./content.server.ts";
import { recordDocumentSignal } from "./document-signals.server.ts";

// An e-book's PDF: received as a multipart upload streamed straight to storage (never held in
// memory), refused unless it really is a PDF and fits UPLOAD_MAX_MB, and served back with range
// support to people who may see the item.

const PDF_MAGIC = Buffer.from("%PDF-", "ascii");
const FIELD = "file";
// Room for the multipart envelope and the other fields around a file right at the limit.
const ENVELOPE_BYTES = 64 * 1024;

export function maxUploadBytes() {
  return getEnv().UPLOAD_MAX_MB * 1024 * 1024;
}

/** What the upload form tells the publisher before they choose a file. */
export function uploadLimitLabel() {
  return formatBytes(maxUploadBytes());
}

function tooLarge() {
  return new DomainError(400, `The file is larger than ${uploadLimitLabel()}, the largest upload this Lyceum accepts.`, FIELD);
}

const NOT_A_PDF = "Choose a PDF file: this one is not a PDF.";

/**
 * Checks the first bytes for the PDF signature and counts the rest against the limit as they pass
 * through to storage. A refusal aborts the stream, so nothing past the limit is ever written.
 */
async function* checkedPdf(data: AsyncIterable<Uint8Array>, limit: number, seen: { bytes: number }) {
  let head = Buffer.alloc(0);
  let checked = false;
  for await (const chunk of data) {
    seen.bytes += chunk.byteLength;
    if (seen.bytes > limit) throw tooLarge();
    if (!checked) {
      head = Buffer.concat([head, chunk]);
      if (head.byteLength < PDF_MAGIC.byteLength) continue;
      if (!head.subarray(0, PDF_MAGIC.byteLength).equals(PDF_MAGIC)) throw new DomainError(400, NOT_A_PDF, FIELD);
      checked = true;
      yield head;
      continue;
    }
    yield chunk;
  }
  if (!checked) throw new DomainError(400, seen.bytes === 0 ? "Choose the PDF to upload." : NOT_A_PDF, FIELD);
}

/** A filename as shown and sent back in Content-Disposition: no control characters. */
function stripControls(name: string) {
  return [...name].filter((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f).join("");
}

type Received = { key: string; filename: string; sizeBytes: number };

async function receivePdf(request: Request): Promise<Received> {
  const limit = maxUploadBytes();
  if (Number(request.headers.get("Content-Length") ?? 0) > limit + ENVELOPE_BYTES) throw tooLarge();
  const state: { received: Received | null } = { received: null };
  // Errors from our own handler (storage, limits) keep their meaning; anything else the parser throws is
  // a body that is not a well-formed multipart form (a part without a name, a broken boundary): a 400.
  let handlerError: unknown = null;
  const handler: UploadHandler = (part) =>
    receivePart(part).catch((error: unknown) => {
      handlerError = error;
      throw error;
    });
  const receivePart: UploadHandler = async (part) => {
    if (part.name !== FIELD || part.filename === undefined) {
      // Small fields only (there are none we need); a large one is drained and dropped.
      for await (const _chunk of part.data) {
        // discard
      }
      return undefined;
    }
    if (state.received) throw new DomainError(400, "Upload one PDF at a time.", FIELD);
    if (!part.filename) throw new DomainError(400, "Choose the PDF to upload.", FIELD);
    if (part.contentType !== "application/pdf") throw new DomainError(400, NOT_A_PDF, FIELD);
    const filename = stripControls(part.filename).slice(-200) || "book.pdf";
    const key = newStorageKey("ebooks", filename.toLowerCase().endsWith(".pdf") ? filename : `${filename}.pdf`);
    const seen = { bytes: 0 };
    try {
      await putFile(key, Readable.from(checkedPdf(part.data, limit, seen)));
    } catch (error) {
      await removeFile(key).catch(() => {});
      throw error;
    }
    state.received = { key, filename, sizeBytes: seen.bytes };
    return key;
  };
  try {
    await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof DomainError || (handlerError !== null && error === handlerError)) throw error;
    throw new DomainError(400, "The upload could not be read. Choose the PDF again and retry.", FIELD);
  }
  if (!state.received) throw new DomainError(400, "Choose the PDF to upload.", FIELD);
  return state.received;
}

/** The e-book a publisher may attach a PDF to, or the reason they cannot. */
export async function requirePdfTarget(actor: Actor, contentId: string) {
  assertLibraryManager(actor);
  const item = await prisma.contentItem.findUnique({
    where: { id: contentId },
    select: { id: true, kind: true, title: true, file: { select: { filename: true, sizeBytes: true, createdAt: true } } },
  });
  if (!item) contentNotFound();
  if (item.kind !== "EBOOK") throw new Response("Only e-books have a PDF. Create an e-book to upload one.", { status: 404 });
  return item;
}

/**
 * Stores the uploaded PDF as the e-book's file, replacing any earlier one (whose bytes are removed
 * once the new row is committed). Refusals are DomainErrors with status 400 on the `file` field.
 */
export async function uploadEbookPdf(actor: Actor, contentId: string, request: Request) {
  await requirePdfTarget(actor, contentId);
  const received = await receivePdf(request);
  const old: { key: string | null } = { key: null };
  try {
    await prisma.$transaction(async (tx) => {
      const item = await tx.contentItem.findUnique({
        where: { id: contentId },
        select: { kind: true, file: { select: { storageKey: true } } },
      });
      if (!item || item.kind !== "EBOOK") throw new DomainError(404, "This e-book was deleted while the file was uploading.");
      old.key = item.file?.storageKey ?? null;
      const row = { filename: received.filename, mimeType: "application/pdf", sizeBytes: received.sizeBytes, storageKey: received.key };
      await tx.contentFile.upsert({ where: { contentId }, create: { contentId, ...row }, update: { ...row, createdAt: new Date() } });
      // The item changed for its readers: the console's "updated" column should say so.
      await tx.contentItem.update({ where: { id: contentId }, data: { updatedAt: new Date() } });
    });
  } catch (error) {
    await removeFile(received.key).catch(() => {});
    throw error;
  }
  if (old.key) {
    await removeFile(old.key).catch((error: unknown) =>
      logger.warn("could not remove a replaced PDF", { contentId, error: String(error) }),
    );
  }
  return { filename: received.filename, size: formatBytes(received.sizeBytes) };
}

/** A request for the start of the file (or all of it): a new download rather than the rest of one. */
function startsAtZero(request: Request) {
  const range = request.headers.get("Range");
  return range === null || /^bytes=0-/.test(range.trim());
}

/**
 * The item's PDF, for customers who may see the item and staff who manage the library. A customer's
 * GET from the first byte records `document.downloaded` and their progress; later ranges of the
 * same file (a viewer fetching page by page) are the same download.
 */
export async function downloadContentFile(actor: Actor, slug: string, request: Request) {
  const { item, preview } = await requireVisibleContent(actor, slug);
  if (!item.file) throw new Response("This item has no file to download.", { status: 404 });
  const response = await fileResponse(request, item.file.storageKey, { mimeType: item.file.mimeType, downloadName: item.file.filename });
  const served = response.status === 200 || response.status === 206;
  if (!preview && can(actor, "library.view") && served && request.method === "GET" && startsAtZero(request)) {
    await prisma.$transaction((tx) => recordDocumentSignal(tx, { actor, contentId: item.id, kind: "download" }));
  }
  return response;
}
