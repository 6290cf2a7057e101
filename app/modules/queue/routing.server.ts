import { DomainError } from "~/modules/auth/errors.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { prisma, sqlDate, writeTransaction, type Tx } from "~/utils/db.server.ts";
import { cast, placeholders } from "~/utils/sql.server.ts";
import { DEFAULT_RULES, routeRequest, type Rule } from "./routing.ts";
import type { RuleValues } from "./routing.schema.ts";

const RULE_SELECT = {
  id: true,
  position: true,
  label: true,
  keywords: true,
  target: true,
  topic: true,
  message: true,
  active: true,
} as const;

function refuseUnlessAdmin(actor: Actor) {
  if (!can(actor, "routing.manage")) throw new DomainError(403, "Only admins can change how bookings are routed.");
}

/**
 * A fresh install starts with the practitioners' rules. One INSERT … WHERE NOT EXISTS, so two
 * processes reading at once cannot both seed them. The rows are a UNION ALL in a subquery, where
 * PostgreSQL types bare parameters as text: cast() gives the typed columns their types there.
 */
async function ensureDefaultRules(db: Tx | typeof prisma = prisma) {
  const now = sqlDate(new Date());
  const params: unknown[] = [];
  const rows = DEFAULT_RULES.map((rule) => {
    params.push(`rule-default-${rule.position}`, rule.position, rule.label, rule.keywords, rule.target, rule.topic, rule.message, now);
    return `SELECT ?, ${cast("?", "integer")}, ?, ?, ${cast("?", '"RoutingTarget"')}, ?, ?, ${rule.active ? "TRUE" : "FALSE"}, ${cast("?", "timestamp")}`;
  });
  await db.$executeRawUnsafe(
    placeholders(`
    INSERT INTO "RoutingRule" ("id", "position", "label", "keywords", "target", "topic", "message", "active", "updatedAt")
    SELECT * FROM (${rows.join(" UNION ALL ")}) AS "defaults"
    WHERE NOT EXISTS (SELECT 1 FROM "RoutingRule")`),
    ...params,
  );
}

export async function listRules(): Promise<Rule[]> {
  await ensureDefaultRules();
  return prisma.routingRule.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }], select: RULE_SELECT });
}

/** Where a request would go, with the rule that decided it (shown to the customer and in the brief). */
export async function routePurpose(purpose: string) {
  return routeRequest(purpose, await listRules());
}

function ruleData(values: RuleValues) {
  return {
    label: values.label,
    keywords: values.keywords,
    target: values.target,
    topic: values.target === "SUPPORT" ? values.topic || null : null,
    message: values.message ?? "",
    active: values.active,
  };
}

export async function saveRule(actor: Actor, values: RuleValues) {
  refuseUnlessAdmin(actor);
  await ensureDefaultRules();
  return writeTransaction(prisma, async (tx) => {
    if (values.ruleId) {
      const updated = await tx.routingRule.updateMany({ where: { id: values.ruleId }, data: ruleData(values) });
      if (updated.count === 0) throw new DomainError(404, "This rule no longer exists. Reload the page.");
      return values.label;
    }
    const last = await tx.routingRule.aggregate({ _max: { position: true } });
    await tx.routingRule.create({ data: { ...ruleData(values), position: (last._max.position ?? 0) + 1 } });
    return values.label;
  });
}

/** Swaps a rule with its neighbour; positions stay 1…n. */
export async function moveRule(actor: Actor, ruleId: string, direction: "up" | "down") {
  refuseUnlessAdmin(actor);
  return writeTransaction(prisma, async (tx) => {
    const rules = await tx.routingRule.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, label: true } });
    const index = rules.findIndex((rule) => rule.id === ruleId);
    if (index === -1) throw new DomainError(404, "This rule no longer exists. Reload the page.");
    const other = direction === "up" ? index - 1 : index + 1;
    if (other < 0 || other >= rules.length) return rules[index]!.label;
    [rules[index], rules[other]] = [rules[other]!, rules[index]!];
    for (const [position, rule] of rules.entries())
      await tx.routingRule.update({ where: { id: rule.id }, data: { position: position + 1 } });
    return rules[other]!.label;
  });
}

export async function deleteRule(actor: Actor, ruleId: string) {
  refuseUnlessAdmin(actor);
  return writeTransaction(prisma, async (tx) => {
    const rule = await tx.routingRule.findUnique({ where: { id: ruleId }, select: { label: true } });
    if (!rule) throw new DomainError(404, "This rule no longer exists. Reload the page.");
    await tx.routingRule.delete({ where: { id: ruleId } });
    const rest = await tx.routingRule.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true } });
    for (const [position, row] of rest.entries()) await tx.routingRule.update({ where: { id: row.id }, data: { position: position + 1 } });
    return rule.label;
  });
}
