import { z } from "zod";
import { isValidTimeZone } from "./format.ts";

const boolean = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((value) => value === "true" || value === "1" || value === "yes");

export const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  // Unset: http://localhost:<PORT> (filled in by parseEnv), so links and the CSRF origin check follow PORT.
  APP_URL: z
    .url({ message: "APP_URL must be an absolute URL such as https://lyceum.example.com" })
    .optional()
    .transform((value) => value?.replace(/\/+$/, "")),
  // A SQLite file (the embedded default), or PostgreSQL for several app nodes (README, "Several nodes").
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, {
      message: "DATABASE_URL must be a SQLite file URL such as file:./data/lyceum.db, or postgresql://user@host:5432/lyceum",
    })
    .default("file:./data/lyceum.db"),
  // PostgreSQL only: connections each app process keeps open.
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  TRUST_PROXY: boolean.default(false),
  EMAIL_FROM: z.string().min(3).default("Lyceum <no-reply@lyceum.localhost>"),
  RESEND_API_KEY: z.string().regex(/^re_/, { message: "RESEND_API_KEY looks wrong: Resend keys start with re_" }).optional(),
  RESEND_BASE_URL: z.url().optional(),
  // The signing secret of the Resend webhook pointing at <APP_URL>/webhooks/resend (delivery, opens, clicks, bounces, complaints).
  RESEND_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_/, { message: "RESEND_WEBHOOK_SECRET looks wrong: Resend webhook secrets start with whsec_" })
    .optional(),
  // Newsletter batch requests per second (each up to 100 emails); Resend's default limit is 2.
  NEWSLETTER_SEND_RATE: z.coerce.number().positive().max(1000).default(2),
  SESSION_IDLE_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  SESSION_ABSOLUTE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  WORKER_ENABLED: boolean.default(true),
  WORKER_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  SEED_ON_START: boolean.default(true),
  DEFAULT_TIME_ZONE: z
    .string()
    .refine(isValidTimeZone, { message: "DEFAULT_TIME_ZONE must be an IANA zone such as Europe/Paris" })
    .default("UTC"),
  // Prisma query plans cached by shape (utils/query-plans.server.ts); `verify` also compiles each query the old way and throws on a difference.
  QUERY_PLAN_CACHE: z.enum(["on", "off", "verify"]).default("on"),
  /** How long a write waits for another connection's lock before the request answers 503 (ms). */
  DATABASE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(5_000),
  // On SIGTERM, how long in-flight requests and running jobs get before the process exits 1 anyway.
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(25_000),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  // Uploaded files (local videos, e-book PDFs, captions) live under this folder.
  STORAGE_DIR: z.string().min(1).default("./data/storage"),
  UPLOAD_MAX_MB: z.coerce.number().int().min(1).max(51_200).default(4096),
  // With all five Mux values, videos go to Mux; with none, they are stored and served locally.
  MUX_TOKEN_ID: z.string().min(1).optional(),
  MUX_TOKEN_SECRET: z.string().min(1).optional(),
  MUX_WEBHOOK_SECRET: z.string().min(1).optional(),
  MUX_SIGNING_KEY_ID: z.string().min(1).optional(),
  // The signing key's private key, base64-encoded PEM, as Mux shows it when the key is created.
  MUX_SIGNING_KEY_PRIVATE: z.string().min(1).optional(),
  MUX_BASE_URL: z.url().optional(),
});

const MUX_KEYS = ["MUX_TOKEN_ID", "MUX_TOKEN_SECRET", "MUX_WEBHOOK_SECRET", "MUX_SIGNING_KEY_ID", "MUX_SIGNING_KEY_PRIVATE"] as const;

const CheckedEnvSchema = EnvSchema.superRefine((env, ctx) => {
  const set = MUX_KEYS.filter((key) => env[key] !== undefined);
  if (set.length > 0 && set.length < MUX_KEYS.length) {
    for (const key of MUX_KEYS.filter((key) => env[key] === undefined)) {
      ctx.addIssue({ code: "custom", path: [key], message: `${key} is required once any MUX_ value is set (${set.join(", ")} set)` });
    }
  }
});

export type Env = Omit<z.infer<typeof EnvSchema>, "APP_URL"> & { APP_URL: string };

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings (as left in a copied .env.example) mean "not set".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = CheckedEnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Lyceum cannot start: invalid configuration\n${lines.join("\n")}\nSee .env.example for every variable.`);
  }
  return { ...result.data, APP_URL: result.data.APP_URL ?? `http://localhost:${result.data.PORT}` };
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests change process.env between cases; the next getEnv() reads it again. */
export function resetEnvForTests() {
  cached = undefined;
}
