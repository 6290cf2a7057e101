import { z } from "zod";
import { isValidTimeZone } from "./format.ts";

const boolean = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((value) => value === "true" || value === "1" || value === "yes");

export const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  APP_URL: z
    .url({ message: "APP_URL must be an absolute URL such as https://lyceum.example.com" })
    .default("http://localhost:3000")
    .transform((value) => value.replace(/\/+$/, "")),
  DATABASE_URL: z
    .string()
    .regex(/^file:/, { message: "DATABASE_URL must be a SQLite file URL such as file:./data/lyceum.db" })
    .default("file:./data/lyceum.db"),
  TRUST_PROXY: boolean.default(false),
  EMAIL_FROM: z.string().min(3).default("Lyceum <no-reply@lyceum.localhost>"),
  RESEND_API_KEY: z.string().regex(/^re_/, { message: "RESEND_API_KEY looks wrong: Resend keys start with re_" }).optional(),
  RESEND_BASE_URL: z.url().optional(),
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
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

export type Env = z.infer<typeof EnvSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings (as left in a copied .env.example) mean "not set".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Lyceum cannot start: invalid configuration\n${lines.join("\n")}\nSee .env.example for every variable.`);
  }
  return result.data;
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
