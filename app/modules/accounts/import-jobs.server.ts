import { z } from "zod";
import { registerJobHandler } from "~/modules/jobs/handlers.server.ts";
import { applyImportBatch, IMPORT_JOB_KIND } from "./import-apply.server.ts";

const ImportJobPayload = z.object({ batchId: z.string().min(1) });

export function registerImportJobs() {
  return registerJobHandler(IMPORT_JOB_KIND, async (payload, job) => {
    const { batchId } = ImportJobPayload.parse(payload);
    // A later attempt means the first died mid-run (the handler itself never throws for a bad file).
    await applyImportBatch(batchId, { retry: job.attempts > 1 });
  });
}
