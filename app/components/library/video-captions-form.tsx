import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { FieldShell, FormErrors, SelectField, controlClass } from "~/components/ui/field.tsx";
import { Notice } from "~/components/ui/page.tsx";
import { CAPTION_LANGUAGES, CaptionsSchema } from "~/modules/library/video.schema.ts";
import { doneMessage, useSchemaForm } from "~/utils/forms.ts";

type Reply = { intent: string; result: SubmissionResult<string[]>; done?: string } | undefined | null;
type Captions = { kind: "generated" | "uploaded"; lang: string } | null;

/** Uploads WebVTT captions; shows which captions the video has now. */
export function VideoCaptionsForm({ captions, reply, canUpload }: { captions: Captions; reply: Reply; canUpload: boolean }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "captions";
  const [form, fields] = useSchemaForm("captions", CaptionsSchema, reply);
  const done = doneMessage(reply, "captions");
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        {captions?.kind === "generated"
          ? "Mux generates English captions from the video's audio. Upload a WebVTT file to add your own."
          : captions?.kind === "uploaded"
            ? `Captions uploaded (${captions.lang}). Uploading another file in that language replaces them.`
            : "No captions yet. Viewers who cannot hear the video rely on them."}
      </p>
      {canUpload ? (
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="space-y-4">
          <input type="hidden" name="intent" value="captions" />
          {done ? <Notice tone="success">{done}</Notice> : null}
          <FormErrors errors={form.errors} />
          <FieldShell id="captions-file" label="Captions file (.vtt)" errors={fields.captions.errors}>
            <input
              id="captions-file"
              name={fields.captions.name}
              type="file"
              accept=".vtt,text/vtt"
              className={controlClass}
              aria-invalid={fields.captions.errors?.length ? true : undefined}
              aria-describedby={fields.captions.errors?.length ? "captions-file-error" : undefined}
            />
          </FieldShell>
          <SelectField label="Language" name={fields.lang.name} id="captions-lang" defaultValue="en" errors={fields.lang.errors}>
            {CAPTION_LANGUAGES.map((language) => (
              <option key={language.code} value={language.code}>
                {language.label}
              </option>
            ))}
          </SelectField>
          <Button variant="secondary" disabled={busy}>
            {busy ? "Saving…" : "Save captions"}
          </Button>
        </Form>
      ) : (
        <p className="text-sm text-slate-600">Captions can be added once the video is uploaded and ready.</p>
      )}
    </div>
  );
}
