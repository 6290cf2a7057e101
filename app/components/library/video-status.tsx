import { Badge } from "~/components/ui/page.tsx";

type VideoState = {
  status: "WAITING" | "PROCESSING" | "READY" | "ERRORED";
  provider: "LOCAL" | "MUX";
  error: string | null;
  receivedBytes: number;
  sizeBytes: number | null;
  durationSeconds: number | null;
} | null;

const LABELS = { WAITING: "Waiting for the upload", PROCESSING: "Processing", READY: "Ready", ERRORED: "Failed" } as const;
const TONES = { WAITING: "slate", PROCESSING: "amber", READY: "green", ERRORED: "red" } as const;

export function VideoStatus({ video, waitingForMux = false }: { video: VideoState; waitingForMux?: boolean }) {
  if (!video) return <p className="text-sm text-slate-600">No video yet. Choose a file below to upload it.</p>;
  const partial = video.status === "WAITING" && video.receivedBytes > 0 && video.sizeBytes;
  return (
    <div className="space-y-3 text-sm text-slate-700">
      <p className="flex items-center gap-2">
        <span>Status:</span>
        <Badge tone={TONES[video.status]}>{LABELS[video.status]}</Badge>
      </p>
      {partial ? (
        <p>
          {formatBytes(video.receivedBytes)} of {formatBytes(video.sizeBytes!)} received. Upload the file again to finish.
        </p>
      ) : null}
      {waitingForMux ? <p>Uploaded. Mux is receiving the file; this page updates itself.</p> : null}
      {video.status === "PROCESSING" ? <p>Mux is preparing the video. This page updates itself.</p> : null}
      {video.status === "ERRORED" && video.error ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-red-800">
          {video.error}
        </p>
      ) : null}
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="text-slate-500">Stored by</dt>
        <dd>{video.provider === "MUX" ? "Mux" : "Lyceum"}</dd>
        {video.durationSeconds ? (
          <>
            <dt className="text-slate-500">Length</dt>
            <dd>{formatDuration(video.durationSeconds)}</dd>
          </>
        ) : null}
        {video.status === "READY" && video.sizeBytes ? (
          <>
            <dt className="text-slate-500">Size</dt>
            <dd>{formatBytes(video.sizeBytes)}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}

function formatBytes(bytes: number) {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function formatDuration(seconds: number) {
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = String(total % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}
