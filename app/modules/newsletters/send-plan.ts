import { DomainError } from "~/modules/auth/errors.ts";
import { zonedLocalToUtc } from "~/utils/zoned-time.ts";
import type { NewsletterSchedulePlan } from "./due-times.ts";
import type { SendFormValue } from "./send.schema.ts";

/** The latest zone on Earth (UTC−12): once an hour has passed there, it has passed everywhere. */
const LATEST_ZONE = "Etc/GMT+12";

/**
 * The schedule a publisher chose. "At" is read in the publisher's zone; a local hour is refused only
 * once it has passed in every zone (the latest is UTC−12), since zones where it has passed get it at once.
 */
export function planFromForm(value: SendFormValue, publisherZone: string, now: Date): NewsletterSchedulePlan {
  if (value.when === "now") return { kind: "NOW" };
  if (value.when === "at") {
    const [date, time] = value.at!.split("T") as [string, string];
    let at: Date;
    try {
      at = zonedLocalToUtc(date, time, publisherZone);
    } catch {
      throw new DomainError(400, "Enter a real date and time", "at");
    }
    if (at.getTime() <= now.getTime()) throw new DomainError(400, "That time has passed: choose a later one, or send now", "at");
    return { kind: "AT", at };
  }
  let latest: Date;
  try {
    latest = zonedLocalToUtc(value.localDate!, `${String(value.localHour).padStart(2, "0")}:00`, LATEST_ZONE);
  } catch {
    throw new DomainError(400, "Enter a real date", "localDate");
  }
  if (latest.getTime() <= now.getTime()) throw new DomainError(400, "That hour has passed in every zone: choose a later day", "localDate");
  return { kind: "LOCAL_HOUR", localDate: value.localDate!, localHour: value.localHour! };
}
