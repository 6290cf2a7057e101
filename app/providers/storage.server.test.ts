import { describe, expect, test } from "vitest";
import { fileResponse, newStorageKey, pathForKey, putFile, statFile, writeAt } from "./storage.server.ts";

const bytes = new TextEncoder().encode("0123456789abcdefghij");

async function stored() {
  const key = newStorageKey("videos", "My talk (final).MP4");
  await putFile(key, bytes);
  return key;
}

function get(key: string, headers: Record<string, string> = {}, method = "GET") {
  return fileResponse(new Request("http://localhost/file", { method, headers }), key, { mimeType: "video/mp4" });
}

describe("storage keys", () => {
  test("keep a readable name and refuse anything that could leave the folder", () => {
    expect(newStorageKey("videos", "My talk (final).MP4")).toMatch(/^videos\/[a-f0-9]{24}\/My-talk-final-\.MP4$/);
    expect(newStorageKey("ebooks", "../../etc/passwd")).toMatch(/^ebooks\/[a-f0-9]{24}\/etc-passwd$/);
    expect(() => pathForKey("videos/../../etc/passwd")).toThrow(/not a storage key/);
    expect(() => pathForKey("/etc/passwd")).toThrow(/not a storage key/);
  });
});

describe("fileResponse", () => {
  test("serves the whole file with its length when no range is asked", async () => {
    const response = await get(await stored());
    expect(response.status).toBe(200);
    expect(response.headers.get("Accept-Ranges")).toBe("bytes");
    expect(response.headers.get("Content-Length")).toBe("20");
    expect(await response.text()).toBe("0123456789abcdefghij");
  });

  test("serves a byte range with 206 and Content-Range, including open-ended and suffix ranges", async () => {
    const key = await stored();
    const middle = await get(key, { Range: "bytes=5-9" });
    expect(middle.status).toBe(206);
    expect(middle.headers.get("Content-Range")).toBe("bytes 5-9/20");
    expect(middle.headers.get("Content-Length")).toBe("5");
    expect(await middle.text()).toBe("56789");
    expect(await (await get(key, { Range: "bytes=15-" })).text()).toBe("fghij");
    expect(await (await get(key, { Range: "bytes=-3" })).text()).toBe("hij");
  });

  test("answers 416 with the size for a range past the end, and HEAD without a body", async () => {
    const key = await stored();
    const outside = await get(key, { Range: "bytes=50-60" });
    expect(outside.status).toBe(416);
    expect(outside.headers.get("Content-Range")).toBe("bytes */20");
    const head = await get(key, {}, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers.get("Content-Length")).toBe("20");
    expect(head.body).toBeNull();
  });

  test("offers downloads under their name, and 404s for a file that is gone", async () => {
    const key = await stored();
    const download = await fileResponse(new Request("http://localhost/f"), key, {
      mimeType: "application/pdf",
      downloadName: "Guide été.pdf",
    });
    expect(download.headers.get("Content-Disposition")).toBe("attachment; filename*=UTF-8''Guide%20%C3%A9t%C3%A9.pdf");
    const missing = await get(newStorageKey("videos", "gone.mp4")).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(Response);
    expect((missing as Response).status).toBe(404);
  });
});

describe("writeAt", () => {
  test("assembles a file from chunks written at their offsets", async () => {
    const key = newStorageKey("videos", "chunked.webm");
    const chunk = (text: string) => new Blob([text]).stream();
    expect(await writeAt(key, 0, chunk("01234"))).toBe(5);
    expect(await writeAt(key, 5, chunk("56789"))).toBe(5);
    expect((await statFile(key))?.size).toBe(10);
    expect(await (await get(key)).text()).toBe("0123456789");
  });
});
