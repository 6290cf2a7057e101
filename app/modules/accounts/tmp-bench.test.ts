import { test } from "vitest";
import { applyImportBatch, stageImport, confirmImport } from "./import.server.ts";
import { createUser } from "#test/factories.ts";

test("bench", async () => {
  const admin = await createUser({ role: "ADMIN" });
  await createUser({ role: "CSM", email: "csm@lyceum.example" });
  const rows = Array.from({ length: 10_000 }, (_, i) => `b-${i},Bench ${i},bench-${i}.example;bench-${i}-eu.example,Growth,"$48,000.00",USD,low,2026-09-30,csm@lyceum.example,Europe/Paris`);
  const csv = ["external_id,name,domains,plan,arr,currency,tier,renewal_date,owner_csm_email,time_zone", ...rows].join("\n");
  for (const round of [1, 2]) {
    let t = performance.now();
    const { id } = await stageImport({ kind: "ACCOUNTS", file: new File([csv], "b.csv"), createdById: admin.id });
    console.log(round, "stage ms", Math.round(performance.now() - t), "bytes", csv.length);
    await confirmImport(id);
    t = performance.now();
    await applyImportBatch(id);
    console.log(round, "apply ms", Math.round(performance.now() - t));
  }
}, 120_000);
