import { intentOf, runForm, unknownIntent } from "~/modules/accounts/form-action.server.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { doneForm, invalidForm, parseForm } from "~/utils/forms.server.ts";
import { CreateApiKeySchema, RevokeApiKeySchema } from "./api-keys.schema.ts";
import { createApiKey, revokeApiKey } from "./api-keys.server.ts";

export async function handleApiKeyAction(actor: Actor, formData: FormData) {
  switch (intentOf(formData)) {
    case "create-key": {
      const submission = parseForm(formData, CreateApiKeySchema);
      if (submission.status !== "success") return invalidForm("create-key", submission);
      const key = await createApiKey(actor, submission.value.name);
      // The secret travels in this one answer and is never stored or shown again.
      return { ...doneForm("create-key", submission, `“${key.name}” created.`), secret: key.secret };
    }
    case "revoke-key":
      return runForm(formData, "revoke-key", RevokeApiKeySchema, async ({ keyId }) => `“${await revokeApiKey(actor, keyId)}” revoked.`);
  }
  return unknownIntent();
}
