import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { VideoPlayer } from "./video-player.tsx";

describe("VideoPlayer on the server", () => {
  it("renders a local video as a native player that loads metadata only, with its captions track", () => {
    const html = renderToStaticMarkup(
      <VideoPlayer
        title="Getting started"
        playback={{
          kind: "local",
          src: "/media/videos/c1?v=v1",
          mimeType: "video/webm",
          durationSeconds: 24,
          captions: { src: "/media/videos/c1/captions?v=v1", lang: "fr" },
        }}
      />,
    );
    expect(html).toMatch(/^<video controls="" preload="metadata" playsinline="" aria-label="Getting started"/);
    expect(html).toContain('<source src="/media/videos/c1?v=v1" type="video/webm"/>');
    expect(html).toContain('<track kind="captions" src="/media/videos/c1/captions?v=v1" srcLang="fr" label="French"/>');
  });

  it("renders a Mux video's frame only: the player is loaded in the browser", () => {
    const html = renderToStaticMarkup(
      <VideoPlayer
        title="Getting started"
        playback={{
          kind: "mux",
          playbackId: "playback-1",
          tokens: { playback: "p", thumbnail: "t", storyboard: "s" },
          durationSeconds: 24,
        }}
      />,
    );
    expect(html).toBe(
      '<div class="aspect-video w-full overflow-hidden rounded-lg bg-black " role="img" aria-label="Getting started: loading the player"></div>',
    );
    expect(html).not.toContain("mux-player");
  });
});
