import { z } from "zod";

// The signals page's two forms, each posted with its `intent`.

export const SIGNALS_INTENTS = ["invite", "send-digests"] as const;
export type SignalsIntent = (typeof SIGNALS_INTENTS)[number];

export const InviteSchema = z.object({
  accountId: z.string({ error: "Choose an account" }).trim().min(1, { error: "Choose an account" }).max(40),
});

export const SendDigestsSchema = z.object({});
