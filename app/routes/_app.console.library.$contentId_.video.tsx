import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { VideoCaptionsForm } from "~/components/library/video-captions-form.tsx";
import { VideoPlayer } from "~/components/library/video-player.tsx";
import { VideoStatus } from "~/components/library/video-status.tsx";
import { VideoUploader } from "~/components/library/video-uploader.tsx";
import { useLiveRefresh } from "~/components/sessions/live/live-refresh.tsx";
import { Card, PageHeader } from "~/components/ui/page.tsx";
import { DomainError } from "~/modules/auth/errors.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { handleVideoScreenAction } from "~/modules/library/video-screen.server.ts";
import { chunkSizeKb } from "~/modules/library/video.schema.ts";
import { getVideoScreen } from "~/modules/library/video.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

// Mux takes a few seconds to a few minutes to prepare a video; the page asks again this often.
const PROCESSING_REFRESH_MS = 3_000;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Video: ${data?.item.title ?? "item"} · Lyceum` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "library.manage");
  try {
    const screen = await getVideoScreen(user, params.contentId ?? "");
    // ?chunkKb= picks smaller chunks (multiples of 256) for a flaky connection: less to resend.
    return { ...screen, chunkKb: chunkSizeKb(new URL(request.url).searchParams.get("chunkKb")) };
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "library.manage");
  // Mux only lets the browser PUT to its upload URL from this origin (the CSRF check vouched for it).
  const origin = request.headers.get("Origin") ?? new URL(request.url).origin;
  return handleVideoScreenAction(user, params.contentId ?? "", await readFormData(request), origin);
}

export default function VideoScreen() {
  const { item, video, playback, driver, maxMegabytes, chunkKb } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  // After the last chunk Mux needs a moment to report the asset (a webhook moves WAITING on).
  const [uploaded, setUploaded] = useState(false);
  const waitingForMux = uploaded && video?.provider === "MUX" && video.status === "WAITING";
  useLiveRefresh(video?.status === "PROCESSING" || waitingForMux, PROCESSING_REFRESH_MS);
  return (
    <>
      <p className="mb-4 text-sm">
        <Link to={`/console/library/${item.id}`} className="font-medium text-brand-700 underline underline-offset-4">
          ← Back to the item
        </Link>
      </p>
      <PageHeader
        title={`Video: ${item.title}`}
        description={
          driver === "mux"
            ? "Videos go to Mux, which prepares them for every device and plays them with signed links."
            : "Videos are stored by Lyceum and streamed from it."
        }
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <div className="space-y-6">
          <Card title="Status">
            <VideoStatus video={video} waitingForMux={waitingForMux} />
          </Card>
          <Card title={video ? "Replace the video" : "Upload the video"}>
            <VideoUploader chunkKb={chunkKb} maxMegabytes={maxMegabytes} replacing={video !== null} onUploaded={() => setUploaded(true)} />
          </Card>
        </div>
        <div className="space-y-6">
          <Card title="Preview">
            {playback ? (
              <VideoPlayer playback={playback} title={item.title} />
            ) : (
              <p className="text-sm text-slate-600">The preview appears here once the video is ready.</p>
            )}
          </Card>
          <Card title="Captions">
            <VideoCaptionsForm
              captions={video?.captions ?? null}
              reply={reply && "result" in reply ? reply : null}
              canUpload={video?.status === "READY"}
            />
          </Card>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
