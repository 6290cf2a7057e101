import { prisma } from "~/utils/db.server.ts";

/** Library videos a session's recording can be linked to, for the publisher's picker. */
export async function listReplayVideos() {
  const videos = await prisma.contentItem.findMany({
    where: { kind: "VIDEO" },
    orderBy: [{ status: "desc" }, { title: "asc" }],
    select: { id: true, title: true, status: true },
    take: 500,
  });
  return videos.map((video) => ({ id: video.id, label: video.status === "PUBLISHED" ? video.title : `${video.title} (draft)` }));
}

export async function isLibraryVideo(contentId: string) {
  return (await prisma.contentItem.count({ where: { id: contentId, kind: "VIDEO" } })) === 1;
}
