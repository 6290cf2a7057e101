// What the fuzz suite throws at a route: random and malformed forms, JSON and raw bodies, oversized
// payloads, wrong methods and content types, random params and query strings. Real field names and
// intents come from the route's own source (and the modules it imports), so random input keeps
// hitting the branches that matter.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Imported everywhere and naming no form fields: their words would only dilute each route's own. */
const PLUMBING = ["utils/env.server.ts", "utils/db.server.ts", "utils/logger.server.ts", "modules/auth/session.server.ts"];

function importedFiles(file: string): string[] {
  const source = fs.readFileSync(file, "utf8");
  const found: string[] = [];
  for (const match of source.matchAll(/from\s+"~\/((?:modules|utils)\/[^"]+\.ts|components\/[^"]+\.tsx)"/g)) {
    const target = path.join(ROOT, "app", match[1]!);
    if (fs.existsSync(target) && !PLUMBING.some((file) => target.endsWith(file))) found.push(target);
  }
  return found;
}

export type Vocabulary = {
  /** Every string literal and object key: values and keys for purely random input. */
  words: string[];
  /** Field names the route's forms and schemas use (zod keys, formData.get, name="…"). */
  fields: string[];
  /** Intents and other literal choices (z.literal, intent === "…", value="…"). */
  choices: string[];
};

/** What the route's own source (and the modules and components it imports, three levels deep) names. */
export function vocabularyOf(routeId: string): Vocabulary {
  const start = path.join(ROOT, "app/routes", `${routeId}.tsx`);
  const files = new Set([start]);
  let frontier = [start];
  for (let depth = 0; depth < 3; depth++) {
    frontier = frontier.flatMap(importedFiles).filter((file) => !files.has(file));
    for (const file of frontier) files.add(file);
  }
  const words = new Set<string>(["intent"]);
  const fields = new Set<string>(["intent"]);
  const choices = new Set<string>();
  const collect = (into: Set<string>, source: string, pattern: RegExp) => {
    for (const match of source.matchAll(pattern)) into.add(match[1]!);
  };
  for (const file of files) {
    const source = fs.readFileSync(file, "utf8");
    collect(words, source, /"([A-Za-z][\w.:[\]-]{0,40})"/g);
    collect(words, source, /\b([a-z][A-Za-z0-9]{1,30})\s*:\s/g);
    collect(fields, source, /\b([a-zA-Z][\w]{0,30})\s*:\s*z\./g);
    collect(fields, source, /\b([a-zA-Z][\w]{0,30})\s*:\s*[A-Z]\w*Schema\b/g);
    collect(fields, source, /\.get(?:All)?\("([^"]{1,40})"\)/g);
    collect(fields, source, /\bname="([^"]{1,40})"/g);
    collect(choices, source, /z\.literal\("([^"]{1,40})"\)/g);
    collect(choices, source, /z\.enum\(\[([^\]]{1,400})\]/g);
    collect(choices, source, /intent\s*===\s*"([^"]{1,40})"/g);
    collect(choices, source, /case\s+"([^"]{1,40})"/g);
    collect(choices, source, /\bvalue="([^"]{1,40})"/g);
  }
  // z.enum(["A", "B"]) was collected whole: split it into its members.
  const split = [...choices].flatMap((choice) => (choice.includes('"') ? [...choice.matchAll(/"([^"]+)"/g)].map((m) => m[1]!) : [choice]));
  return { words: [...words], fields: [...fields], choices: split.length ? [...new Set(split)] : ["none"] };
}

const HUGE = "x".repeat(200_000);
/** Bigger than any form or API batch should be: 3 MB. */
export const OVERSIZED = "A".repeat(3_000_000);

const NASTY = [
  "",
  " ",
  "0",
  "-1",
  "1",
  "1.5",
  "-0",
  "1e309",
  "NaN",
  "Infinity",
  "99999999999999999999999999",
  "9007199254740993",
  "0x10",
  "true",
  "false",
  "null",
  "undefined",
  "on",
  "off",
  "[]",
  "{}",
  '{"a":',
  "[object Object]",
  "__proto__",
  "constructor",
  "../../../../etc/passwd",
  "..%2F..%2F..%2Fetc%2Fpasswd",
  "%00",
  "\u0000",
  "\r\n\r\n",
  "\t",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "2030-01-07T10:00:00.000Z",
  "2030-01-07T10:00",
  "2030-01-02",
  "2021-02-30",
  "9999-12-31",
  "0000-00-00",
  "+275760-09-13",
  "25:61",
  "10:00",
  "Europe/Paris",
  "Mars/Olympus_Mons",
  "a@b.example",
  "not-an-email",
  "https://example.com/x",
  "javascript:alert(1)",
  "😀",
  "\uD800",
  "\u202E",
  "ǅ",
  "Ω≈ç√∫",
  HUGE,
];

export function valueArb(vocab: string[], ids: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...vocab) },
    { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
    { weight: 2, arbitrary: fc.constantFrom(...ids) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: fc.double().map(String) },
    {
      weight: 1,
      arbitrary: fc.date({ noInvalidDate: false }).map((date) => (Number.isNaN(date.getTime()) ? "Invalid Date" : date.toISOString())),
    },
    { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
  );
}

function keyArb(vocab: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...vocab) },
    { weight: 1, arbitrary: fc.constantFrom(...vocab).map((key) => `${key}[0]`) },
    { weight: 1, arbitrary: fc.constantFrom(...vocab).map((key) => `${key}.x`) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  );
}

const PLAUSIBLE = [
  "on",
  "1",
  "5",
  "60",
  "100",
  "2030-01-07",
  "2030-01-07T10:00",
  "2030-01-07T10:00:00.000Z",
  "10:00",
  "17:30",
  "Europe/Paris",
  "UTC",
  "America/New_York",
  "a@b.example",
  "https://example.com/page",
  "A reasonable sentence about our rollout plans.",
  "Fuzz title",
];

/** A form that looks like one the route's page would send: a real intent and real field names, mostly sensible values. */
function plausibleEntries(vocab: Vocabulary, ids: string[]): fc.Arbitrary<FormEntry[]> {
  const value = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...PLAUSIBLE) },
    { weight: 3, arbitrary: fc.constantFrom(...vocab.choices) },
    { weight: 3, arbitrary: fc.constantFrom(...ids) },
    { weight: 2, arbitrary: valueArb(vocab.words, ids) },
  );
  const fields = vocab.fields.filter((field) => field !== "intent");
  return fc
    .tuple(fc.constantFrom(...vocab.choices), fc.subarray(fields, { maxLength: Math.min(20, fields.length) }))
    .chain(([intent, names]) =>
      fc
        .tuple(...names.map((name) => value.map((picked): FormEntry => [name, picked])))
        .map((entries): FormEntry[] => [["intent", intent], ...entries]),
    );
}

type Seed = Record<string, string | string[]> | { json: unknown };

/** A valid seed with one to three mutations: a value replaced, a field dropped or repeated, a stranger added. */
export function mutatedSeedArb(seeds: Seed[], vocab: Vocabulary, ids: string[]): fc.Arbitrary<BodySpec> {
  const value = valueArb(vocab.words, ids);
  const mutation = fc.oneof(
    fc.record({ op: fc.constant("replace" as const), at: fc.nat(), value }),
    fc.record({ op: fc.constant("drop" as const), at: fc.nat() }),
    fc.record({ op: fc.constant("repeat" as const), at: fc.nat(), value }),
    fc.record({ op: fc.constant("add" as const), key: keyArb(vocab.words), value }),
  );
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([seed, mutations, multipart]) => {
      if ("json" in seed) {
        const text = JSON.stringify(mutateJson(seed.json, mutations));
        return { kind: "json", text } as const;
      }
      let entries: FormEntry[] = Object.entries(seed).flatMap(([key, v]) =>
        (Array.isArray(v) ? v : [v]).map((item): FormEntry => [key, item]),
      );
      for (const m of mutations) {
        const at = "at" in m ? m.at % Math.max(entries.length, 1) : 0;
        if (m.op === "replace" && entries[at]) entries[at] = [entries[at]![0], m.value];
        if (m.op === "drop") entries = entries.filter((_, index) => index !== at);
        if (m.op === "repeat" && entries[at]) entries.push([entries[at]![0], m.value]);
        if (m.op === "add") entries.push([m.key, m.value]);
      }
      return { kind: multipart ? "multipart" : "urlencoded", entries } as const;
    });
}

type Mutation = { op: "replace" | "drop" | "repeat" | "add"; at?: number; key?: string; value?: string };

/** The same mutations on a JSON seed: on one of its leaves, wherever it sits. */
function mutateJson(seed: unknown, mutations: Mutation[]): unknown {
  const copy = structuredClone(seed) as Record<string, unknown>;
  for (const m of mutations) {
    const leaves: Array<[Record<string, unknown>, string]> = [];
    const walk = (node: unknown) => {
      if (node && typeof node === "object")
        for (const [key, child] of Object.entries(node)) {
          leaves.push([node as Record<string, unknown>, key]);
          walk(child);
        }
    };
    walk(copy);
    if (!leaves.length) continue;
    const [parent, key] = leaves[(m.at ?? 0) % leaves.length]!;
    if (m.op === "replace") parent[key] = m.value;
    if (m.op === "drop") delete parent[key];
    if (m.op === "repeat") parent[key] = [parent[key], parent[key]];
    if (m.op === "add")
      (typeof parent[key] === "object" && parent[key] ? (parent[key] as Record<string, unknown>) : copy)[m.key!] = m.value;
  }
  return copy;
}

export type FormEntry = [string, string | { file: string; name: string; type: string }];

export type BodySpec =
  | { kind: "none" }
  | { kind: "multipart"; entries: FormEntry[] }
  | { kind: "urlencoded"; entries: FormEntry[] }
  | { kind: "json"; text: string }
  | { kind: "raw"; contentType: string | null; text: string }
  | { kind: "oversized"; contentType: string };

export function bodyArb(vocabulary: Vocabulary, ids: string[], seeds: Seed[] = []): fc.Arbitrary<BodySpec> {
  const vocab = vocabulary.words;
  const value = valueArb(vocab, ids);
  const file = fc.record({
    file: fc.oneof(value, fc.constant("Record ID,Company name\ncrm-2,Acme\n"), fc.constant("%PDF-1.4\n%%EOF\n")),
    name: fc.oneof(fc.constantFrom("a.csv", "a.pdf", "../../x.pdf", "", "a\u0000.pdf", "😀.vtt"), fc.string({ maxLength: 20 })),
    type: fc.constantFrom("text/csv", "application/pdf", "text/vtt", "application/octet-stream", "", "image/png"),
  });
  const entries = fc.array(fc.tuple(keyArb(vocab), fc.oneof({ weight: 9, arbitrary: value }, { weight: 1, arbitrary: file })), {
    maxLength: 12,
  }) as fc.Arbitrary<FormEntry[]>;
  const jsonObject = fc.dictionary(
    keyArb(vocab),
    fc.oneof(value, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(value, { maxLength: 4 }), fc.jsonValue()),
    { maxKeys: 8 },
  );
  const jsonText = fc.oneof(
    jsonObject.map((object) => JSON.stringify(object)),
    fc.array(jsonObject, { maxLength: 5 }).map((events) => JSON.stringify({ events })),
    fc.array(jsonObject, { maxLength: 5 }).map((events) => JSON.stringify(events)),
    fc.jsonValue().map((json) => JSON.stringify(json)),
    jsonObject.map((object) => JSON.stringify(object).slice(0, -1)),
    fc.string({ unit: "binary", maxLength: 60 }),
  );
  return fc.oneof(
    {
      weight: seeds.length ? 12 : 0,
      arbitrary: seeds.length ? mutatedSeedArb(seeds, vocabulary, ids) : fc.constant({ kind: "none" } as const),
    },
    { weight: 1, arbitrary: fc.constant({ kind: "none" } as const) },
    { weight: 8, arbitrary: plausibleEntries(vocabulary, ids).map((list) => ({ kind: "multipart", entries: list }) as const) },
    { weight: 4, arbitrary: entries.map((list) => ({ kind: "multipart", entries: list }) as const) },
    { weight: 3, arbitrary: entries.map((list) => ({ kind: "urlencoded", entries: list }) as const) },
    { weight: 3, arbitrary: jsonText.map((text) => ({ kind: "json", text }) as const) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("raw" as const),
        contentType: fc.constantFrom(
          null,
          "text/plain",
          "application/json",
          "multipart/form-data",
          "multipart/form-data; boundary=zzz",
          "application/x-www-form-urlencoded",
          "application/xml",
          "application/json; charset=utf-16",
        ),
        text: fc.oneof(
          fc.string({ unit: "binary", maxLength: 200 }),
          jsonText,
          fc.constant("--zzz\r\nContent-Disposition: form-data\r\n\r\nx"),
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom("application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=zzz", "text/plain")
        .map((contentType) => ({ kind: "oversized", contentType }) as const),
    },
  );
}

export function queryArb(vocab: string[], ids: string[]): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(keyArb(vocab), valueArb(vocab, ids)), { maxLength: 5 })
    .map((pairs) => (pairs.length ? `?${new URLSearchParams(pairs).toString()}` : ""));
}

/** Remix decodes params from a URL, so they are always well-formed strings (no lone surrogates). */
export function paramArb(name: string, vocab: string[], ids: Record<string, string[]>, all: string[]): fc.Arbitrary<string> {
  const own = ids[name] ?? [];
  return fc
    .oneof(
      { weight: own.length ? 5 : 0, arbitrary: own.length ? fc.constantFrom(...own) : fc.constant("") },
      { weight: 2, arbitrary: fc.constantFrom(...all) },
      { weight: 2, arbitrary: fc.constantFrom(...vocab) },
      { weight: 3, arbitrary: fc.constantFrom(...NASTY.filter((value) => value !== HUGE)) },
      { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 40 }) },
      { weight: 1, arbitrary: fc.constant("x".repeat(5000)) },
    )
    .map((value) => Buffer.from(value, "utf8").toString("utf8"));
}

export function buildBody(spec: BodySpec): { body?: BodyInit; contentType?: string } {
  switch (spec.kind) {
    case "none":
      return {};
    case "multipart": {
      const form = new FormData();
      for (const [key, value] of spec.entries) {
        if (typeof value === "string") form.append(key, value);
        else form.append(key, new File([value.file], value.name, { type: value.type }));
      }
      return { body: form };
    }
    case "urlencoded":
      return {
        body: new URLSearchParams(spec.entries.map(([key, value]) => [key, typeof value === "string" ? value : value.file])),
      };
    case "json":
      return { body: spec.text, contentType: "application/json" };
    case "raw":
      return { body: spec.text, contentType: spec.contentType ?? undefined };
    case "oversized":
      return {
        body: spec.contentType.startsWith("multipart")
          ? `--zzz\r\nContent-Disposition: form-data; name="intent"\r\n\r\n${OVERSIZED}\r\n--zzz--\r\n`
          : spec.contentType === "application/json"
            ? JSON.stringify({ events: [{ name: OVERSIZED }] })
            : `intent=${OVERSIZED}`,
        contentType: spec.contentType,
      };
  }
}
