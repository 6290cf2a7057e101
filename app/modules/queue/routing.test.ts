import { describe, expect, test } from "vitest";
import { DEFAULT_RULES, parseKeywords, routeRequest, type Rule } from "./routing.ts";

const rules: Rule[] = DEFAULT_RULES.map((rule, index) => ({ ...rule, id: `r${index + 1}` }));

describe("routeRequest with the default rules", () => {
  test.each([
    ["I forgot my password and I'm locked out", "SUPPORT", "Passwords and signing in"],
    ["How do I export a report to CSV?", "SUPPORT", "How-to questions"],
    ["We need to add users from the sales team", "SUPPORT", "Adding and removing users"],
    ["Can't log in since yesterday", "SUPPORT", "Passwords and signing in"],
    ["We'd like a feature request: scheduled exports to S3", "CSM", "Feature requests"],
    ["Does it support Salesforce as a data source?", "CSM", "Capability questions"],
    ["Our goal is to roll out to 3 more teams before renewal", "CSM", "Goals and planning"],
    // A complaint reaches a human even when it mentions a support topic.
    ["I'm frustrated: nobody can reset my password", "CSM", "Complaints"],
  ])("%s → %s (%s)", (purpose, target, label) => {
    const routing = routeRequest(purpose, rules);
    expect(routing.target).toBe(target);
    expect(routing.rule?.label).toBe(label);
  });

  test("matches whole words, case and accents aside, and defaults to a CSM", () => {
    expect(routeRequest("Our lasso integration", rules).matched).toBe("integration");
    expect(routeRequest("LOGIN broken", rules)).toMatchObject({ target: "SUPPORT", matched: "login" });
    expect(routeRequest("Stratégie de déploiement", rules)).toEqual({ target: "CSM", rule: null, matched: null });
    expect(routeRequest("", rules)).toEqual({ target: "CSM", rule: null, matched: null });
  });

  test("skips inactive rules and follows the admins' order", () => {
    const reordered = rules.map((rule) =>
      rule.label === "How-to questions" ? { ...rule, position: 0 } : rule.label === "Complaints" ? { ...rule, active: false } : rule,
    );
    expect(routeRequest("I'm frustrated, how do I reset my password?", reordered).rule?.label).toBe("How-to questions");
  });
});

test("parseKeywords trims, lower-cases, drops empties and duplicates", () => {
  expect(parseKeywords(" Password, ,password , Log-In ")).toEqual(["password", "log in"]);
});
