import { intentOf, runForm, unknownIntent } from "~/modules/accounts/form-action.server.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { DeleteRuleSchema, MoveRuleSchema, RuleSchema, ruleFormId } from "./routing.schema.ts";
import { deleteRule, moveRule, saveRule } from "./routing.server.ts";

export async function handleRoutingAction(actor: Actor, formData: FormData) {
  switch (intentOf(formData)) {
    case "save-rule": {
      const ruleId = formData.get("ruleId");
      return runForm(formData, ruleFormId(typeof ruleId === "string" ? ruleId : null), RuleSchema, async (values) => {
        const label = await saveRule(actor, values);
        return values.ruleId ? `“${label}” saved.` : `“${label}” added at the end: move it up if it should win over others.`;
      });
    }
    case "move-rule":
      return runForm(formData, "move-rule", MoveRuleSchema, async ({ ruleId, direction }) => {
        const label = await moveRule(actor, ruleId, direction);
        return `“${label}” moved ${direction}.`;
      });
    case "delete-rule":
      return runForm(formData, "delete-rule", DeleteRuleSchema, async ({ ruleId }) => `“${await deleteRule(actor, ruleId)}” deleted.`);
  }
  return unknownIntent();
}
