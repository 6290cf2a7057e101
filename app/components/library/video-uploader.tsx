import type { SubmissionResult } from "@conform-to/react";
import { useFetcher, useRevalidator } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "~/components/ui/button.tsx";
import { controlClass } from "~/components/ui/field.tsx";

type StartReply = { intent: string; result?: SubmissionResult<string[]>; upload?: { url: string; videoId: string } };

type Phase =
  { name: "idle" } | { name: "starting" } | { name: "uploading"; percent: number } | { name: "done" } | { name: "failed"; message: string };

const ACCEPT = "video/mp4,video/webm,video/ogg,video/quicktime,.mp4,.m4v,.webm,.ogv,.mov";

/**
 * Picks a video and sends it in chunks with UpChunk. The screen's action answers "start-upload"
 * with an upload URL (Mux's, or Lyceum's own endpoint, which speaks the same protocol), so this
 * code is the same for both drivers.
 */
export function VideoUploader({
  chunkKb,
  maxMegabytes,
  replacing,
  onUploaded,
}: {
  chunkKb: number;
  maxMegabytes: number;
  replacing: boolean;
  /** Called when the last chunk is accepted (Mux then needs a moment before it reports the asset). */
  onUploaded?: () => void;
}) {
  const id = useId();
  const fetcher = useFetcher<StartReply>();
  const revalidator = useRevalidator();
  const [file, setFile] = useState<File | null>(null);
  const [duration, setDuration] = useState<{ file: File; seconds: number | undefined } | null>(null);
  const [phase, setPhase] = useState<Phase>({ name: "idle" });
  const handled = useRef<StartReply | null>(null);
  const upload = useRef<{ abort(): void } | null>(null);

  useEffect(() => () => upload.current?.abort(), []);

  useEffect(() => {
    if (phase.name !== "uploading") return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [phase.name]);

  useEffect(() => {
    const reply = fetcher.data;
    if (fetcher.state !== "idle" || !reply || reply.intent !== "start-upload" || handled.current === reply || !file) return;
    handled.current = reply;
    if (!reply.upload) {
      setPhase({ name: "failed", message: messagesOf(reply.result) || "The upload could not start. Try again." });
      return;
    }
    void sendChunks(reply.upload.url, file);
    // sendChunks only uses state setters and refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data, file]);

  async function sendChunks(url: string, chosen: File) {
    setPhase({ name: "uploading", percent: 0 });
    try {
      const { UpChunk } = await import("@mux/upchunk");
      const chunks = UpChunk.createUpload({ endpoint: url, file: chosen, chunkSize: chunkKb });
      upload.current = chunks;
      chunks.on("progress", (event) => setPhase({ name: "uploading", percent: Math.floor(Number(event.detail)) }));
      chunks.on("success", () => {
        upload.current = null;
        setPhase({ name: "done" });
        onUploaded?.();
        revalidator.revalidate();
      });
      chunks.on("error", (event) => {
        upload.current = null;
        setPhase({ name: "failed", message: uploadErrorMessage(event.detail) });
        revalidator.revalidate();
      });
    } catch (error) {
      setPhase({ name: "failed", message: error instanceof Error ? error.message : "The upload could not start." });
    }
  }

  function choose(chosen: File | null) {
    setFile(chosen);
    setPhase({ name: "idle" });
    setDuration(null);
    if (chosen) void readDuration(chosen).then((seconds) => setDuration({ file: chosen, seconds }));
  }

  function start() {
    if (!file) return;
    if (file.size > maxMegabytes * 1024 * 1024) {
      setPhase({
        name: "failed",
        message: `This file is larger than ${maxMegabytes.toLocaleString("en")} MB, the largest upload accepted.`,
      });
      return;
    }
    setPhase({ name: "starting" });
    const form = new FormData();
    form.set("intent", "start-upload");
    form.set("sizeBytes", String(file.size));
    const seconds = duration?.file === file ? duration.seconds : undefined;
    if (seconds) form.set("durationSeconds", seconds.toFixed(3));
    fetcher.submit(form, { method: "post" });
  }

  const reading = file !== null && duration?.file !== file;
  const busy = phase.name === "starting" || phase.name === "uploading";
  const percent = phase.name === "uploading" ? phase.percent : phase.name === "done" ? 100 : 0;
  return (
    <div className="space-y-4">
      <div className="space-y-1.5">
        <label htmlFor={`${id}-file`} className="block text-sm font-medium text-slate-800">
          Video file
        </label>
        <input
          id={`${id}-file`}
          type="file"
          accept={ACCEPT}
          disabled={busy}
          aria-describedby={`${id}-hint`}
          className={controlClass}
          onChange={(event) => choose(event.currentTarget.files?.[0] ?? null)}
        />
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          MP4, WebM, Ogg or QuickTime, up to {maxMegabytes.toLocaleString("en")} MB.
          {replacing ? " Uploading replaces the current video." : null}
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="button" onClick={start} disabled={!file || reading || busy}>
          {phase.name === "starting" ? "Starting…" : phase.name === "uploading" ? "Uploading…" : reading ? "Reading the file…" : "Upload"}
        </Button>
        {phase.name === "failed" && file ? (
          <Button type="button" variant="secondary" onClick={start}>
            Retry
          </Button>
        ) : null}
      </div>
      {phase.name === "uploading" || phase.name === "done" ? (
        <div className="space-y-1.5">
          <progress
            id={`${id}-progress`}
            max={100}
            value={percent}
            aria-label="Upload progress"
            className="h-2 w-full overflow-hidden rounded-full accent-brand-600"
          />
          <p aria-live="polite" className="text-sm text-slate-700">
            {phase.name === "done" ? "Uploaded: 100%" : `Uploading: ${percent}%`}
          </p>
        </div>
      ) : null}
      {phase.name === "failed" ? (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {phase.message}
        </div>
      ) : null}
    </div>
  );
}

function messagesOf(result: SubmissionResult<string[]> | undefined) {
  return Object.values(result?.error ?? {})
    .flatMap((messages) => messages ?? [])
    .join(" ");
}

/** UpChunk's error detail carries the server's answer; our endpoint explains itself in the body. */
function uploadErrorMessage(detail: unknown) {
  const { message, response } = (detail ?? {}) as { message?: string; response?: { statusCode?: number; body?: unknown } };
  if (typeof response?.body === "string" && response.body.trim() && (response.statusCode ?? 0) < 500) return response.body.trim();
  return message ? `${message} Check your connection and retry.` : "The upload stopped. Check your connection and retry.";
}

/** The video's length as the browser reads it from the file, before anything is sent. */
function readDuration(file: File): Promise<number | undefined> {
  return new Promise((resolve) => {
    const url = URL.createObjectURL(file);
    const probe = document.createElement("video");
    let settled = false;
    const finish = (seconds: number | undefined) => {
      if (settled) return;
      settled = true;
      URL.revokeObjectURL(url);
      probe.removeAttribute("src");
      resolve(seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds : undefined);
    };
    probe.preload = "metadata";
    probe.muted = true;
    probe.addEventListener("loadedmetadata", () => finish(probe.duration));
    probe.addEventListener("error", () => finish(undefined));
    setTimeout(() => finish(undefined), 5_000);
    probe.src = url;
  });
}
