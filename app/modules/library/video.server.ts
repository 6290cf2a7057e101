// PLACEHOLDER: the video engineer owns this file and replaces it with real playback (local or Mux).
// It exists only so the library's item page compiles before that work lands.

export type VideoPlayback = { kind: "local"; src: string; mimeType: string; durationSeconds: number | null };

/** How a customer's browser plays this item's video; null while there is nothing to play yet. */
export async function getVideoPlayback(_contentId: string): Promise<null | VideoPlayback> {
  return null;
}
