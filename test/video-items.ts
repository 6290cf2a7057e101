import fs from "node:fs";
import type { Prisma } from "~/generated/prisma/client.ts";
import { newStorageKey, putFile } from "~/providers/storage.server.ts";
import { prisma } from "~/utils/db.server.ts";

/** The real test video (VP8 WebM, 24 s, 277,013 bytes); see test/fixtures/video/README.md. */
export function sampleVideo() {
  return new Uint8Array(fs.readFileSync("test/fixtures/video/sample.webm"));
}

let counter = 0;

/** A library item written straight to the database, as the content editor would have left it. */
export function createVideoItem(data: Partial<Prisma.ContentItemUncheckedCreateInput> = {}) {
  const n = ++counter;
  return prisma.contentItem.create({
    data: {
      kind: "VIDEO",
      status: "PUBLISHED",
      slug: `video-item-${n}-${Math.random().toString(36).slice(2, 8)}`,
      title: `Video ${n}`,
      ...data,
    },
  });
}

/** A finished local upload: the bytes in storage and a READY row pointing at them. */
export async function storeReadyLocalVideo(
  contentId: string,
  bytes: Uint8Array = sampleVideo(),
  extra: Partial<Prisma.VideoUncheckedCreateInput> = {},
) {
  const storageKey = newStorageKey("videos", "video");
  await putFile(storageKey, bytes);
  return prisma.video.create({
    data: {
      contentId,
      provider: "LOCAL",
      status: "READY",
      storageKey,
      mimeType: "video/webm",
      sizeBytes: bytes.length,
      receivedBytes: bytes.length,
      durationSeconds: 24,
      ...extra,
    },
  });
}
