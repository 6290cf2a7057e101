import { describe, expect, it } from "vitest";
import { pathForLog, urlForLog } from "./log-path.ts";

describe("pathForLog", () => {
  it.each([
    ["/bookings/Abc123_secret", "/bookings/:token"],
    ["/bookings/Abc123_secret/", "/bookings/:token/"],
    ["/queue/offers/s3cr3t", "/queue/offers/:token"],
    ["/offers/s3cr3t", "/offers/:token"],
    ["/invite/s3cr3t", "/invite/:token"],
    ["/signup/s3cr3t", "/signup/:token"],
    ["/join/CODE42", "/join/:token"],
    ["/feedback/CODE42", "/feedback/:token"],
  ])("hides the credential in %s", (path, logged) => {
    expect(pathForLog(path)).toBe(logged);
  });

  it.each(["/portal/bookings/ckbooking1", "/console/bookings/ckbooking1", "/portal/book", "/bookings", "/", "/queue/offers"])(
    "leaves %s as it is",
    (path) => {
      expect(pathForLog(path)).toBe(path);
    },
  );
});

describe("urlForLog", () => {
  it("hides a credential in the path or in a token or code parameter, and keeps the rest", () => {
    expect(urlForLog("http://localhost:3000/bookings/s3cr3t?step=reschedule")).toBe(
      "http://localhost:3000/bookings/:token?step=reschedule",
    );
    expect(urlForLog("http://localhost:3000/login/magic?token=s3cr3t&next=%2Fportal")).toBe(
      "http://localhost:3000/login/magic?token=%3Atoken&next=%2Fportal",
    );
    expect(urlForLog("http://localhost:3000/console/bookings/ck1")).toBe("http://localhost:3000/console/bookings/ck1");
  });
});
