import { beforeEach, describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { JOBS_PAGE_SIZE, countJobsByStatus, listJobs, retryJob } from "./jobs.server.ts";

const now = new Date("2026-03-01T12:00:00.000Z");
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

async function seed() {
  const base = { kind: "test.admin", payload: JSON.stringify({ secret: "not for the list" }) };
  const pending = await prisma.job.create({ data: { ...base, runAt: minutes(5) } });
  const orphaned = await prisma.job.create({
    data: { ...base, runAt: minutes(-5), attempts: 1, leaseOwner: "gone", leasedUntil: minutes(-1) },
  });
  const running = await prisma.job.create({ data: { ...base, attempts: 1, leaseOwner: "w1", leasedUntil: minutes(1) } });
  const done = await prisma.job.create({ data: { ...base, attempts: 1, completedAt: minutes(-2) } });
  const failed = await prisma.job.create({ data: { ...base, attempts: 3, maxAttempts: 3, failedAt: minutes(-3), lastError: "boom" } });
  return { pending, orphaned, running, done, failed };
}

beforeEach(async () => {
  await prisma.job.deleteMany();
});

describe("listJobs", () => {
  test("filters by status; an expired lease counts as pending", async () => {
    const jobs = await seed();
    const ids = async (status: Parameters<typeof listJobs>[0]["status"]) =>
      (await listJobs({ status, now })).jobs.map((job) => job.id).sort();

    expect(await ids("pending")).toEqual([jobs.pending.id, jobs.orphaned.id].sort());
    expect(await ids("running")).toEqual([jobs.running.id]);
    expect(await ids("done")).toEqual([jobs.done.id]);
    expect(await ids("failed")).toEqual([jobs.failed.id]);
    expect(await ids("all")).toHaveLength(5);
    expect(await countJobsByStatus(now)).toEqual({ pending: 2, running: 1, done: 1, failed: 1, all: 5 });
  });

  test("leaves the payload out and pages through results", async () => {
    await prisma.job.createMany({
      data: Array.from({ length: JOBS_PAGE_SIZE + 3 }, () => ({ kind: "test.admin", payload: "{}", completedAt: now })),
    });
    const first = await listJobs({ status: "done", page: 1, now });
    expect(first).toMatchObject({ total: JOBS_PAGE_SIZE + 3, page: 1, pageCount: 2 });
    expect(first.jobs).toHaveLength(JOBS_PAGE_SIZE);
    expect(first.jobs[0]).not.toHaveProperty("payload");

    const second = await listJobs({ status: "done", page: 2, now });
    expect(second.jobs).toHaveLength(3);
    // Out-of-range pages clamp instead of showing an empty list.
    expect((await listJobs({ status: "done", page: 99, now })).page).toBe(2);
    expect((await listJobs({ status: "done", page: -1, now })).page).toBe(1);
  });
});

describe("retryJob", () => {
  test("revives a failed job now, keeping its attempts", async () => {
    const { failed } = await seed();
    await retryJob(failed.id, now);
    const row = await prisma.job.findUniqueOrThrow({ where: { id: failed.id } });
    expect(row).toMatchObject({ failedAt: null, attempts: 3, leaseOwner: null });
    expect(row.runAt).toEqual(now);
  });

  test("refuses jobs that are missing or not failed", async () => {
    const { done } = await seed();
    await expect(retryJob("missing", now)).rejects.toMatchObject({ status: 404 });
    await expect(retryJob(done.id, now)).rejects.toMatchObject({ status: 409 });
    const row = await prisma.job.findUniqueOrThrow({ where: { id: done.id } });
    expect(row.completedAt).toEqual(minutes(-2));
  });
});
