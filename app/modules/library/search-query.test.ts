import { describe, expect, test } from "vitest";
import { HIT_END, HIT_START, indexableText, MAX_TERMS, snippetPieces, toFtsQuery, toTsQuery } from "./search-query.ts";

describe("toFtsQuery", () => {
  test.each([
    ["usage dashboard", '"usage" "dashboard"*'],
    ["usage dashboard ", '"usage" "dashboard"'],
    ['"usage dashboard" weekly', '"usage dashboard" "weekly"*'],
    ['weekly "usage dashboard"', '"weekly" "usage dashboard"'],
    ["single-sign-on", '"single" "sign" "on"*'],
    ["naïve café 日本", '"naïve" "café" "日本"*'],
  ])("%s → %s", (input, expected) => {
    expect(toFtsQuery(input)).toBe(expected);
  });

  test.each([['"'], ["AND"], ["*"], ["NEAR("], ["a OR b NOT c"], ["title:secret"], ["^start"], ["(((("], ['" AND "'], ["-"]])(
    "makes operators and syntax plain words: %s",
    (input) => {
      const query = toFtsQuery(input);
      if (query === null) return;
      // Only quoted words, spaces and a final prefix star: nothing FTS5 could read as syntax.
      expect(query).toMatch(/^"[\p{L}\p{N}\p{M} ]+"\*?( "[\p{L}\p{N}\p{M} ]+"\*?)*$/u);
      expect(query.match(/\*/g)?.length ?? 0).toBeLessThanOrEqual(1);
    },
  );

  test("nothing searchable is null", () => {
    for (const input of ["", "   ", '"', "*", "(", null, undefined]) expect(toFtsQuery(input)).toBeNull();
  });

  test(`keeps at most ${MAX_TERMS} terms`, () => {
    expect(toFtsQuery("a b c d e f g h i j k")?.split(" ")).toHaveLength(MAX_TERMS);
  });

  test("an unpaired quote leaves its words loose", () => {
    expect(toFtsQuery('usage "dashboard weekly')).toBe('"usage" "dashboard" "weekly"*');
  });
});

describe("toTsQuery (PostgreSQL): the same terms", () => {
  test.each([
    ["usage dashboard", "usage & dashboard:*"],
    ["usage dashboard ", "usage & dashboard"],
    ['"usage dashboard" weekly', "usage <-> dashboard & weekly:*"],
    ['weekly "usage dashboard"', "weekly & usage <-> dashboard"],
    ["naïve café 日本", "naïve & café & 日本:*"],
    ['usage "dashboard weekly', "usage & dashboard & weekly:*"],
  ])("%s → %s", (input, expected) => {
    expect(toTsQuery(input)).toBe(expected);
  });

  test.each([["!"], ["a & b | c"], ["title:secret"], ["<->"], ["(((("], ["a:*B"], ["'x'"]])(
    "makes operators and syntax plain words: %s",
    (input) => {
      const query = toTsQuery(input);
      if (query === null) return;
      // Only words joined by & and <->, and a final prefix mark.
      expect(query).toMatch(/^[\p{L}\p{N}\p{M}]+( (&|<->) [\p{L}\p{N}\p{M}]+)*(:\*)?$/u);
    },
  );

  test("nothing searchable is null", () => {
    for (const input of ["", "   ", '"', "*", null]) expect(toTsQuery(input)).toBeNull();
  });
});

describe("snippetPieces", () => {
  test("splits on the markers into text and hits", () => {
    expect(snippetPieces(`The ${HIT_START}weekly${HIT_END} active ${HIT_START}users${HIT_END}.`)).toEqual([
      { text: "The ", hit: false },
      { text: "weekly", hit: true },
      { text: " active ", hit: false },
      { text: "users", hit: true },
      { text: ".", hit: false },
    ]);
  });

  test("markup in the text stays text", () => {
    expect(snippetPieces(`<img src=x onerror=alert(1)> ${HIT_START}<b>${HIT_END}`)).toEqual([
      { text: "<img src=x onerror=alert(1)> ", hit: false },
      { text: "<b>", hit: true },
    ]);
  });

  test("indexed text can never carry our markers", () => {
    expect(indexableText(`a${HIT_START}b${HIT_END}c`)).toBe("abc");
  });
});
