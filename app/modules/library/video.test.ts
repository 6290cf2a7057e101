import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { isWebVtt, parseContentRange, planChunk, sniffVideoType, storedRange } from "./video.ts";

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === "string" ? [...Buffer.from(part, "latin1")] : part)));

describe("sniffVideoType", () => {
  it("recognises the test fixture as WebM", () => {
    const head = fs.readFileSync("test/fixtures/video/sample.webm").subarray(0, 64);
    expect(sniffVideoType(new Uint8Array(head))).toBe("video/webm");
  });

  it.each([
    ["MP4 (isom brand)", bytes([0, 0, 0, 0x20], "ftypisom", [0, 0, 2, 0]), "video/mp4"],
    ["MP4 (mp42 brand)", bytes([0, 0, 0, 0x18], "ftypmp42"), "video/mp4"],
    ["QuickTime (qt brand)", bytes([0, 0, 0, 0x14], "ftypqt  "), "video/quicktime"],
    ["QuickTime without ftyp", bytes([0, 0, 0, 8], "wide", [0, 0, 0, 0]), "video/quicktime"],
    ["Ogg", bytes("OggS", [0, 2, 0, 0]), "video/ogg"],
  ])("recognises %s", (_name, head, type) => {
    expect(sniffVideoType(head)).toBe(type);
  });

  it.each([
    ["Matroska that is not WebM", bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x88], "matroska")],
    ["a PDF", bytes("%PDF-1.7\n")],
    ["plain text", bytes("Hello, this is not a video at all")],
    ["a PNG", bytes([0x89], "PNG\r\n", [0x1a, 0x0a])],
    ["too few bytes", bytes([0, 0])],
  ])("refuses %s", (_name, head) => {
    expect(sniffVideoType(head)).toBeNull();
  });
});

describe("parseContentRange", () => {
  it("reads a chunk's range and the file's total", () => {
    expect(parseContentRange("bytes 0-262143/277013")).toEqual({ start: 0, end: 262143, total: 277013 });
    expect(parseContentRange("bytes 262144-277012/277013")).toEqual({ start: 262144, end: 277012, total: 277013 });
  });

  it("reads a status query without bytes", () => {
    expect(parseContentRange("bytes */277013")).toEqual({ start: null, end: null, total: 277013 });
  });

  it.each([null, "", "bytes 0-10", "bytes 5-4/10", "bytes 0-10/10", "items 0-1/2", "bytes -1-4/10", "bytes */0", "bytes 0-1/*"])(
    "refuses %j",
    (header) => {
      expect(parseContentRange(header)).toBeNull();
    },
  );
});

describe("planChunk", () => {
  it("writes the chunk that continues the file", () => {
    expect(planChunk({ start: 0, end: 99 }, 0)).toEqual({ action: "write" });
    expect(planChunk({ start: 100, end: 199 }, 100)).toEqual({ action: "write" });
  });

  it("acknowledges a chunk that is already stored", () => {
    expect(planChunk({ start: 0, end: 99 }, 100)).toEqual({ action: "already-stored" });
    expect(planChunk({ start: 0, end: 99 }, 300)).toEqual({ action: "already-stored" });
  });

  it("refuses a gap and a chunk straddling the stored end, naming the offset expected", () => {
    expect(planChunk({ start: 200, end: 299 }, 100)).toEqual({ action: "refuse", reason: "gap", expectedStart: 100 });
    expect(planChunk({ start: 50, end: 149 }, 100)).toEqual({ action: "refuse", reason: "overlap", expectedStart: 100 });
  });

  it("describes what is stored the way a 308 answer does", () => {
    expect(storedRange(0)).toBeNull();
    expect(storedRange(100)).toBe("bytes=0-99");
  });
});

describe("isWebVtt", () => {
  it.each([
    ["WEBVTT\n\n00:00.000 --> 00:01.000\nHi", true],
    ["\uFEFFWEBVTT\r\n", true],
    ["WEBVTT - with a header\n", true],
    ["WEBVTT", true],
    ["1\n00:00:00,000 --> 00:00:01,000\nSRT", false],
    ["WEBVTTX\n", false],
    ["", false],
  ])("%j → %s", (text, expected) => {
    expect(isWebVtt(text)).toBe(expected);
  });
});
