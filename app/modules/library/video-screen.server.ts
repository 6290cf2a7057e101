import type { Actor } from "~/modules/auth/permissions.ts";
import { doneForm, invalidForm, parseForm, refusedForm } from "~/utils/forms.server.ts";
import { captionsLabel, CaptionsSchema, StartUploadSchema } from "./video.schema.ts";
import { saveVideoCaptions, startVideoUpload } from "./video.server.ts";

/**
 * The publisher's video screen posts two forms: "start-upload" (answered with where to PUT the
 * chunks; the browser then sends them itself) and "captions" (a .vtt file).
 */
export async function handleVideoScreenAction(actor: Actor, contentId: string, formData: FormData, corsOrigin: string) {
  const intent = formData.get("intent");
  if (intent === "start-upload") {
    const submission = parseForm(formData, StartUploadSchema);
    if (submission.status !== "success") return invalidForm("start-upload", submission);
    try {
      const upload = await startVideoUpload(actor, contentId, { ...submission.value, corsOrigin });
      return { intent: "start-upload" as const, result: submission.reply(), upload: { url: upload.uploadUrl, videoId: upload.videoId } };
    } catch (error) {
      return refusedForm("start-upload", submission, error);
    }
  }
  if (intent === "captions") {
    const submission = parseForm(formData, CaptionsSchema);
    if (submission.status !== "success") return invalidForm("captions", submission);
    const { captions, lang } = submission.value;
    try {
      await saveVideoCaptions(actor, contentId, { file: captions, lang, label: captionsLabel(lang) });
      return doneForm("captions", submission, `${captionsLabel(lang)} captions saved.`);
    } catch (error) {
      return refusedForm("captions", submission, error);
    }
  }
  throw new Response("Unknown action. Reload the page and try again.", { status: 400 });
}
