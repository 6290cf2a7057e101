import { EMAIL_JOB_KIND, handleSendEmailJob } from "~/modules/email/send-email.server.ts";
import { registerJobHandler } from "~/modules/jobs/handlers.server.ts";
import { startWorkerFromEnv, stopWorker } from "~/modules/jobs/worker.server.ts";
import { registerImportJobs } from "~/modules/accounts/import-jobs.server.ts";
import { registerBookingEmailJobs } from "~/modules/queue/booking-emails.server.ts";
import { registerSessionEmailJobs } from "~/modules/sessions/session-email-jobs.server.ts";
import { registerSessionJobs } from "~/modules/sessions/session-jobs.server.ts";
import { registerQueueJobs } from "~/modules/queue/queue-jobs.server.ts";
import { registerSignalJobs, scheduleDigestTick } from "~/modules/engagement/digest.server.ts";
import { registerScoreJobs, scheduleScoreJobs } from "~/modules/engagement/score-jobs.server.ts";
import { registerNewsletterTestJobs } from "~/modules/newsletters/test-send.server.ts";
import { registerNewsletterDeliveryJobs } from "~/modules/newsletters/delivery.server.ts";
import { videoContentSecurity } from "~/providers/video.server.ts";
import { csrfRefusal } from "~/utils/csrf.ts";
import { withDatabaseFailureAnswers } from "~/utils/database-failure.server.ts";
import { ensureDatabaseReady, prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { pathForLog } from "~/utils/log-path.ts";
import { currentLogContext, logger, withLogContext } from "~/utils/logger.server.ts";
import { runInRequestScope } from "~/utils/request-scope.server.ts";

let started = false;

export function registerJobHandlers() {
  registerJobHandler(EMAIL_JOB_KIND, (payload, job) => handleSendEmailJob(payload, job));
  registerImportJobs();
  registerSessionEmailJobs();
  registerSessionJobs();
  registerBookingEmailJobs();
  registerQueueJobs();
  registerSignalJobs();
  registerScoreJobs();
  registerNewsletterTestJobs();
  registerNewsletterDeliveryJobs();
}

/** What server.js needs from the app bundle: the same module instances the routes use. */
export const lyceumServer = {
  env: () => getEnv(),
  logger,
  /** The path for the request log, with the credential of a signed-out link hidden. */
  pathForLog,
  /** Extra CSP sources for the Mux player; empty when videos are stored locally. */
  videoContentSecurity,
  /** The build to serve: resource routes answer a busy or full database with 503/507 (see utils/database-failure.server.ts). */
  withDatabaseFailureAnswers,
  /** Runs one HTTP request's handling in a scope its loaders share (see utils/request-scope.server.ts). */
  runInRequestScope,
  /** `busy`: whether requests are in flight; the job worker yields to them (see createWorker). */
  async start(options: { busy?: () => boolean } = {}) {
    if (started) return;
    started = true;
    await ensureDatabaseReady();
    registerJobHandlers();
    // The weekly digest runs on an hourly tick that reschedules itself; this starts the chain (one key per hour, so a restart adds nothing).
    await scheduleDigestTick();
    await scheduleScoreJobs();
    startWorkerFromEnv({ busy: options.busy });
  },
  /** For shutdown: the worker claims nothing more, finishes running jobs and releases the rest. */
  stopWorker,
  /** For shutdown, once requests and jobs are done. */
  async close() {
    await prisma.$disconnect();
  },
  async stop() {
    await stopWorker();
    await prisma.$disconnect();
  },
  /** Runs a request's handling with its id on every log line (see logger.server.ts). */
  withLogContext,
  currentLogContext,
  csrfRefusal(input: {
    method: string;
    path: string;
    origin: string | null;
    secFetchSite: string | null;
    host: string | null;
    protocol: string;
  }) {
    const allowedOrigins = [new URL(getEnv().APP_URL).origin];
    if (input.host) allowedOrigins.push(`${input.protocol}://${input.host}`);
    return csrfRefusal({ ...input, allowedOrigins });
  },
};
