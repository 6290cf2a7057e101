import { prisma, type Prisma } from "~/utils/db.server.ts";

// Admin-only views of the job table; the route checks the admin role before calling these.

import { JOB_STATUSES, type JobStatus } from "./job-status.ts";

export { JOB_STATUSES, type JobStatus };
export const JOBS_PAGE_SIZE = 50;

function whereStatus(status: JobStatus, at: Date): Prisma.JobWhereInput {
  switch (status) {
    case "pending":
      // Includes jobs whose lease expired: a crashed worker's job is waiting to be taken over.
      return { completedAt: null, failedAt: null, OR: [{ leasedUntil: null }, { leasedUntil: { lt: at } }] };
    case "running":
      return { completedAt: null, failedAt: null, leasedUntil: { gte: at } };
    case "done":
      return { completedAt: { not: null } };
    case "failed":
      return { failedAt: { not: null } };
    case "all":
      return {};
  }
}

function orderStatus(status: JobStatus): Prisma.JobOrderByWithRelationInput[] {
  switch (status) {
    case "pending":
      return [{ runAt: "asc" }, { id: "asc" }];
    case "done":
      return [{ completedAt: "desc" }, { id: "desc" }];
    case "failed":
      return [{ failedAt: "desc" }, { id: "desc" }];
    default:
      return [{ createdAt: "desc" }, { id: "desc" }];
  }
}

// No payload: it can hold addresses and message bodies the list doesn't need to show.
const jobListSelect = {
  id: true,
  kind: true,
  attempts: true,
  maxAttempts: true,
  runAt: true,
  leaseOwner: true,
  leasedUntil: true,
  lastError: true,
  idempotencyKey: true,
  completedAt: true,
  failedAt: true,
  createdAt: true,
} satisfies Prisma.JobSelect;

export type JobListItem = Prisma.JobGetPayload<{ select: typeof jobListSelect }>;

export async function listJobs({ status, page = 1, now = new Date() }: { status: JobStatus; page?: number; now?: Date }) {
  const where = whereStatus(status, now);
  const total = await prisma.job.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / JOBS_PAGE_SIZE));
  const current = Math.min(pageCount, Math.max(1, Math.floor(page) || 1));
  const jobs = await prisma.job.findMany({
    where,
    orderBy: orderStatus(status),
    skip: (current - 1) * JOBS_PAGE_SIZE,
    take: JOBS_PAGE_SIZE,
    select: jobListSelect,
  });
  return { jobs, total, page: current, pageCount, pageSize: JOBS_PAGE_SIZE };
}

/** Counts for the status tabs. */
export async function countJobsByStatus(now = new Date()): Promise<Record<JobStatus, number>> {
  const counts = {} as Record<JobStatus, number>;
  for (const status of JOB_STATUSES) counts[status] = await prisma.job.count({ where: whereStatus(status, now) });
  return counts;
}

/**
 * Gives a dead job one more run, now. Attempts are kept so the history stays honest; the worker
 * allows one more attempt because it only declares a job dead after a failed run.
 */
export async function retryJob(id: string, now = new Date()): Promise<void> {
  const job = await prisma.job.findUnique({ where: { id }, select: { id: true } });
  if (!job) throw new Response("Job not found", { status: 404 });
  // Conditional on failedAt so a double click or a job that isn't dead can't be reset.
  const { count } = await prisma.job.updateMany({
    where: { id, failedAt: { not: null } },
    data: { failedAt: null, runAt: now, leaseOwner: null, leasedUntil: null },
  });
  if (count === 0) throw new Response("Only a failed job can be retried", { status: 409 });
}
