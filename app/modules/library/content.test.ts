import { describe, expect, test } from "vitest";
import { parseTopics } from "~/utils/topics.ts";
import { countWords, formatBytes, joinChapters, readingMinutes, slugify, splitChapters } from "./content.ts";
import { ContentFormSchema } from "./content.schema.ts";

describe("slugify", () => {
  test.each([
    ["Adding users and SSO", "adding-users-and-sso"],
    ["  The admin's handbook!  ", "the-admins-handbook"],
    ["Café — naïve résumé", "cafe-naive-resume"],
    ["Q3 2026: what’s new?", "q3-2026-whats-new"],
    ["---", ""],
    ["日本語", ""],
  ])("%s → %s", (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  test("a long title is cut at a word boundary, at most 80 characters", () => {
    const slug = slugify("Reading your usage dashboard ".repeat(6));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(slug.endsWith("-")).toBe(false);
    expect("reading-your-usage-dashboard-".repeat(6).startsWith(`${slug}-`)).toBe(true);
  });
});

describe("parseTopics", () => {
  test("lower-cases, trims, collapses spaces and drops repeats and blanks", () => {
    expect(parseTopics(" Onboarding, API ,  onboarding,,Success   planning ")).toEqual(["onboarding", "api", "success planning"]);
  });
});

describe("reading time", () => {
  test("counts the words a reader reads, not link targets or markup", () => {
    expect(countWords("**Bold** [docs](https://example.com/a/very/long/path) and ![a chart](https://x.example/c.png) <b>x</b>")).toBe(6);
    expect(countWords("don't stop")).toBe(2);
  });

  test("rounds up at 200 words a minute, at least one minute, none for no text", () => {
    expect(readingMinutes("")).toBeNull();
    expect(readingMinutes("# \n\n**")).toBeNull();
    expect(readingMinutes("one word")).toBe(1);
    expect(readingMinutes("word ".repeat(200))).toBe(1);
    expect(readingMinutes("word ".repeat(201))).toBe(2);
    expect(readingMinutes("word ".repeat(1000))).toBe(5);
  });
});

describe("splitChapters", () => {
  test("cuts at ## headings, keeping the text before the first as the introduction", () => {
    expect(splitChapters("Welcome.\n\n## Setup\n\nDo this.\n\n### Detail\n\nMore.\n\n## Use\n\nThen that.")).toEqual([
      { title: "Introduction", body: "Welcome." },
      { title: "Setup", body: "Do this.\n\n### Detail\n\nMore." },
      { title: "Use", body: "Then that." },
    ]);
  });

  test("prefers # headings when the text has any, so ## sections stay inside their chapter", () => {
    expect(splitChapters("# One\n\nA\n\n## Section\n\nB\n\n# Two ##\n\nC")).toEqual([
      { title: "One", body: "A\n\n## Section\n\nB" },
      { title: "Two", body: "C" },
    ]);
  });

  test("ignores headings inside fenced code, and #hashtags without a space", () => {
    const text = "## Shell\n\n```sh\n# not a chapter\n## nor this\n```\n\n#hashtag\n\n## Next\n\nok";
    expect(splitChapters(text).map((chapter) => chapter.title)).toEqual(["Shell", "Next"]);
    expect(splitChapters(text)[0]!.body).toContain("# not a chapter");
  });

  test("a text without headings is one chapter; an empty text none; an empty heading keeps its chapter", () => {
    expect(splitChapters("Just prose.", "The book")).toEqual([{ title: "The book", body: "Just prose." }]);
    expect(splitChapters("   \n")).toEqual([]);
    expect(splitChapters("## Empty\n## Full\ntext")).toEqual([
      { title: "Empty", body: "" },
      { title: "Full", body: "text" },
    ]);
  });

  test("joinChapters gives text that splits into the same chapters", () => {
    for (const text of ["Intro\n\n## A\n\nx\n\n### sub\n\n## B\n\ny", "# A\n\nx\n\n## section\n\n# B\n\ny"]) {
      const chapters = splitChapters(text);
      expect(splitChapters(joinChapters(chapters))).toEqual(chapters);
    }
  });
});

describe("ContentFormSchema", () => {
  const parse = (input: Record<string, unknown>) =>
    ContentFormSchema.safeParse({ kind: "ONE_PAGER", title: "Hello", body: "Text", ...input });

  test("makes the slug from the title when none is given, and estimates minutes", () => {
    const result = parse({ title: "Adding users & SSO" });
    expect(result.success && result.data).toMatchObject({ slug: "adding-users-sso", slugChosen: false, minutes: 1, chapters: [] });
  });

  test("a chosen slug is lower-cased and must be kebab-case", () => {
    expect(parse({ slug: "My-Guide" }).data).toMatchObject({ slug: "my-guide", slugChosen: true });
    for (const slug of ["my guide", "my--guide", "-guide", "guide/../x", "ünï"]) expect(parse({ slug }).success, slug).toBe(false);
  });

  test("a one-pager needs text; an e-book's text becomes chapters and leaves the body empty", () => {
    expect(parse({ body: undefined }).error?.issues.map((issue) => issue.path.join("."))).toEqual(["body"]);
    const book = parse({ kind: "EBOOK", body: "## One\n\nA\n\n## Two\n\nB" });
    expect(book.data).toMatchObject({ body: "", chapters: [{ title: "One" }, { title: "Two" }] });
    expect(parse({ kind: "EBOOK", body: undefined }).data).toMatchObject({ chapters: [], minutes: null });
  });

  test("a title with nothing to make a slug from asks for one", () => {
    expect(parse({ title: "日本語" }).error?.issues.map((issue) => issue.path.join("."))).toEqual(["slug"]);
    expect(parse({ title: "日本語", slug: "japanese-guide" }).success).toBe(true);
  });

  test("tiers keep their canonical order and unknown ones are refused", () => {
    expect(parse({ audienceTiers: ["TECH", "HIGH"] }).data?.audienceTiers).toEqual(["HIGH", "TECH"]);
    expect(parse({ audienceTiers: ["GOLD"] }).success).toBe(false);
  });
});

describe("formatBytes", () => {
  test.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1536, "2 KB"],
    [1024 * 1024, "1 MB"],
    [2_411_724, "2.3 MB"],
    [4096 * 1024 * 1024, "4 GB"],
  ])("%d → %s", (bytes, label) => {
    expect(formatBytes(bytes)).toBe(label);
  });
});
