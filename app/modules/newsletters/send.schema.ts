import { z } from "zod";

// The send form. Whether a time is in the past depends on the publisher's zone and the clock, so the
// action checks that (send.server.ts); this schema checks shape and which fields each choice needs.

export const SEND_WHEN = ["now", "at", "local"] as const;

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const SendFormSchema = z
  .object({
    when: z.enum(SEND_WHEN, { message: "Choose when to send" }),
    at: z.string().trim().optional(),
    localDate: z.string().trim().optional(),
    localHour: z.coerce.number({ message: "Choose an hour" }).int().min(0).max(23).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.when === "at" && !(value.at && LOCAL_DATE_TIME.test(value.at))) {
      ctx.addIssue({ code: "custom", path: ["at"], message: "Enter the date and time to send" });
    }
    if (value.when === "local") {
      if (!(value.localDate && LOCAL_DATE.test(value.localDate))) {
        ctx.addIssue({ code: "custom", path: ["localDate"], message: "Enter the day to send" });
      }
      if (value.localHour === undefined) ctx.addIssue({ code: "custom", path: ["localHour"], message: "Choose an hour" });
    }
  });

export type SendFormValue = z.infer<typeof SendFormSchema>;

export const SEND_CONTROL_INTENTS = ["pause", "resume", "cancel"] as const;
export type SendControlIntent = (typeof SEND_CONTROL_INTENTS)[number];
