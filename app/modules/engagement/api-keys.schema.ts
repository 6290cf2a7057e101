import { z } from "zod";

export const CreateApiKeySchema = z.object({
  name: z
    .string({ error: "Name the key after what will use it." })
    .trim()
    .min(1, "Name the key after what will use it.")
    .max(80, "Keep the name under 80 characters."),
});

export const RevokeApiKeySchema = z.object({ keyId: z.string().min(1).max(100) });
