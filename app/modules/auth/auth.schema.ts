import { z } from "zod";
import { isValidTimeZone } from "~/utils/format.ts";

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

export const EmailSchema = z
  .string({ error: "Enter your email address" })
  .trim()
  .min(1, { error: "Enter your email address" })
  .max(254, { error: "That email address is too long" })
  .pipe(z.email({ error: "Enter a valid email address, like name@company.com" }))
  .transform(normalizeEmail);

export const NewPasswordSchema = z
  .string({ error: "Choose a password" })
  .min(10, { error: "Use at least 10 characters" })
  .max(200, { error: "Use at most 200 characters" });

export const NameSchema = z
  .string({ error: "Enter your name" })
  .trim()
  .min(1, { error: "Enter your name" })
  .max(120, { error: "Use at most 120 characters" });

const RedirectToSchema = z.string().max(500).optional();

export const PasswordSignInSchema = z.object({
  email: EmailSchema,
  password: z.string({ error: "Enter your password" }).min(1, { error: "Enter your password" }).max(200),
  redirectTo: RedirectToSchema,
});

export const MagicLinkRequestSchema = z.object({ email: EmailSchema, redirectTo: RedirectToSchema });

export const SignUpRequestSchema = z.object({ email: EmailSchema });

/** Filled in by the browser when it can; anything unusable is simply dropped. */
export const BrowserTimeZoneSchema = z
  .string()
  .max(64)
  .optional()
  .transform((value) => (value && isValidTimeZone(value) ? value : undefined));

export const SetPasswordSchema = z
  .object({
    name: NameSchema,
    password: NewPasswordSchema,
    confirmPassword: z.string({ error: "Repeat the password" }),
    timeZone: BrowserTimeZoneSchema,
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ["confirmPassword"],
    error: "The two passwords differ",
  });

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().max(200).optional(),
    password: NewPasswordSchema,
    confirmPassword: z.string({ error: "Repeat the new password" }),
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ["confirmPassword"],
    error: "The two passwords differ",
  });
