export const JOB_STATUSES = ["pending", "running", "done", "failed", "all"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
