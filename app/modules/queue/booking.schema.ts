import { z } from "zod";

export const PURPOSE_MAX = 2_000;

const purpose = z
  .string({ error: "Say what you would like to discuss" })
  .trim()
  .min(10, { error: "Say a little more about what you would like to discuss (at least 10 characters)" })
  .max(PURPOSE_MAX, { error: `Use at most ${PURPOSE_MAX.toLocaleString("en-US")} characters` });

/** Step 1: what the hour is for (routing decides what comes next). `csm` skips the support answer. */
export const PurposeSchema = z.object({ purpose, csm: z.enum(["yes"]).optional() });

/** Step 2: the chosen start, an instant from the list the page showed. */
export const ChooseTimeSchema = z.object({
  purpose,
  startsAt: z.iso.datetime({ error: "Choose one of the times listed" }),
});
