import type MuxPlayerElement from "@mux/mux-player";
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import type { LocalPlayback, MuxPlayback, VideoPlayback } from "~/modules/library/video.ts";

// Loaded only when a Mux video is shown: pages with local videos never download the player.
const MuxPlayer = lazy(() => import("@mux/mux-player-react"));

type VideoPlayerProps = {
  playback: VideoPlayback;
  title: string;
  /** Receives the element that plays (null when it goes away), e.g. for a progress tracker's listeners. */
  onMediaElement?: (element: HTMLMediaElement | null) => void;
  /** Seconds to start from, e.g. where the viewer stopped last time. */
  startAt?: number;
  className?: string;
};

export function VideoPlayer(props: VideoPlayerProps) {
  return props.playback.kind === "local" ? (
    <LocalVideo {...props} playback={props.playback} />
  ) : (
    <MuxVideo {...props} playback={props.playback} />
  );
}

/**
 * Hands the element to `onMediaElement` once per element (not once per render, so an inline
 * callback does not detach and re-attach listeners) and seeks to `startAt` when the length is
 * known, including when the metadata loaded before React hydrated the page.
 */
function useMediaElement(element: HTMLMediaElement | null, onMediaElement: VideoPlayerProps["onMediaElement"], startAt?: number) {
  const callback = useRef(onMediaElement);
  callback.current = onMediaElement;
  const start = useRef(startAt);
  start.current = startAt;

  useEffect(() => {
    if (!element) return;
    callback.current?.(element);
    return () => callback.current?.(null);
  }, [element]);

  useEffect(() => {
    if (!element) return;
    const seek = () => {
      const at = start.current ?? 0;
      if (at > 0 && (!Number.isFinite(element.duration) || at < element.duration)) element.currentTime = at;
    };
    if (element.readyState >= HTMLMediaElement.HAVE_METADATA) {
      seek();
      return;
    }
    element.addEventListener("loadedmetadata", seek, { once: true });
    return () => element.removeEventListener("loadedmetadata", seek);
  }, [element]);
}

const FRAME = "aspect-video w-full overflow-hidden rounded-lg bg-black";

function LocalVideo({ playback, title, onMediaElement, startAt, className = "" }: VideoPlayerProps & { playback: LocalPlayback }) {
  const [element, setElement] = useState<HTMLVideoElement | null>(null);
  useMediaElement(element, onMediaElement, startAt);
  const captions = playback.captions;
  return (
    // Captions are a <track> once the publisher uploads them; until then there is nothing to show.
    // eslint-disable-next-line jsx-a11y/media-has-caption
    <video ref={setElement} controls preload="metadata" playsInline aria-label={title} className={`${FRAME} ${className}`}>
      <source src={playback.src} type={playback.mimeType} />
      {captions ? <track kind="captions" src={captions.src} srcLang={captions.lang} label={languageName(captions.lang)} /> : null}
      <p className="p-4 text-sm text-white">
        This browser cannot play the video.{" "}
        <a href={playback.src} className="underline">
          Download it
        </a>{" "}
        instead.
      </p>
    </video>
  );
}

function MuxVideo({ playback, title, onMediaElement, startAt, className = "" }: VideoPlayerProps & { playback: MuxPlayback }) {
  // The player is a web component that needs the browser; the server renders its frame only.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const [element, setElement] = useState<MuxPlayerElement | null>(null);
  // The player element speaks the media element's API (currentTime, duration, play(), …) and
  // dispatches its events (timeupdate, ended, …), which is all a listener needs.
  useMediaElement(element as unknown as HTMLMediaElement | null, onMediaElement, startAt);
  const frame = <div className={`${FRAME} ${className}`} role="img" aria-label={`${title}: loading the player`} />;
  if (!mounted) return frame;
  return (
    <Suspense fallback={frame}>
      <MuxPlayer
        ref={setElement}
        className={`${FRAME} ${className}`}
        playbackId={playback.playbackId}
        tokens={playback.tokens}
        streamType="on-demand"
        title={title}
        metadata={{ video_title: title }}
        startTime={startAt && startAt > 0 ? startAt : undefined}
      />
    </Suspense>
  );
}

function languageName(code: string) {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}
