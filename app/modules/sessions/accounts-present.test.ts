import { describe, expect, it } from "vitest";
import { accountsPresent } from "./host-sheet.server.ts";

describe("accountsPresent", () => {
  it("counts an account present when any one of its people attended", () => {
    expect(
      accountsPresent([
        { accountId: "a", attendance: "NO_SHOW" },
        { accountId: "a", attendance: "ATTENDED" },
        { accountId: "b", attendance: "NO_SHOW" },
        { accountId: "c", attendance: "UNKNOWN" },
        { accountId: null, attendance: "ATTENDED" },
      ]),
    ).toEqual({ present: 1, registered: 3 });
  });
});
