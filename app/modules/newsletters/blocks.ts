import { z } from "zod";

// The body of a newsletter: an ordered list of blocks. Rendered per time zone by emails/newsletter.tsx.

export const NewsletterBlockSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), markdown: z.string().max(20_000) }),
  // A live session: its current title, its time in the recipient's zone and a register button.
  z.object({ type: z.literal("session"), sessionId: z.string().min(1).max(40) }),
  // A library item: video, one-pager or e-book.
  z.object({ type: z.literal("content"), contentId: z.string().min(1).max(40) }),
  z.object({ type: z.literal("cta"), label: z.string().min(1).max(80), url: z.string().url().max(2000) }),
]);

export const NewsletterBlocksSchema = z.array(NewsletterBlockSchema).max(40);

export type NewsletterBlock = z.infer<typeof NewsletterBlockSchema>;

export function parseBlocks(json: string | null | undefined): NewsletterBlock[] {
  if (!json) return [];
  try {
    const parsed = NewsletterBlocksSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
