import type { InputError, Post } from "../model.js";
import { storyFromFields, type StoryBody } from "./fields/index.js";
import { htmlToParagraphs, textToParagraphs } from "./html-paragraphs.js";
import { LineIndex } from "./line-index.js";
import { internalStoryError, type ReadOutcome } from "./reader.js";

/**
 * JSON stories: one story object, an array of them, or `{ "stories": [...] }`
 * (the shape `inspect --json` prints, so its output reads back in). A story has
 * the same fields as Markdown front matter, and its text as `paragraphs`
 * (strings), `body` (plain text, blank lines between paragraphs) or `html`.
 * Live blogs carry `posts`: { title, label, time, byline, paragraphs, bullets,
 * captions, quotes }.
 */
export function readJson(text: string, file: string): ReadOutcome {
  const source = text.replace(/^\uFEFF/, "");
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = jsonErrorLine(source, message);
    const reason = message.replace(/\s*\(line \d+ column \d+\)/, "").replace(/ in JSON at position \d+.*$/, "").replace(/^JSON\.parse: /, "");
    const problem: InputError = { file, message: `not valid JSON (${reason}): expected a story object or an array of them` };
    if (line !== undefined) problem.line = line;
    return { stories: [], errors: [problem] };
  }

  const wrapped = isRecord(data) && Array.isArray(data["stories"]);
  const items: unknown[] = Array.isArray(data) ? data : wrapped ? (data as { stories: unknown[] }).stories : [data];
  if (!Array.isArray(data) && !isRecord(data)) {
    return { stories: [], errors: [{ file, line: 1, message: `found ${describe(data)}: expected a story object or an array of them` }] };
  }
  if (items.length === 0) return { stories: [], errors: [{ file, line: 1, message: "no stories: expected at least one story object in the array" }] };

  const lines = new LineIndex(source);
  const offsets = elementOffsets(source, Array.isArray(data) ? 1 : wrapped ? 2 : 0);
  const outcome: ReadOutcome = { stories: [], errors: [] };
  items.forEach((item, i) => {
    const offset = Array.isArray(data) || wrapped ? offsets[i] : 0;
    const line = offset === undefined ? undefined : lines.lineAt(offset);
    const prefix = items.length > 1 || Array.isArray(data) || wrapped ? `story ${i + 1}: ` : "";
    if (!isRecord(item)) {
      outcome.errors.push(withLine({ file, message: `${prefix}found ${describe(item)}: expected a story object with a "title"` }, line));
      return;
    }
    // One story the reader fails on is reported; the file's other stories still load.
    try {
      const errors: InputError[] = [];
      const body = jsonBody(item, (message) => errors.push(withLine({ file, message: prefix + message }, line)));
      const read = storyFromFields(item, body, { file, line, prefix, titleHint: 'a "title" string', postsHint: 'a "posts" array' });
      if (read.story) outcome.stories.push(read.story);
      outcome.errors.push(...read.errors, ...errors);
    } catch (error) {
      outcome.errors.push(withLine({ file, message: `story ${i + 1}: ${internalStoryError(error)}` }, line));
    }
  });
  return outcome;
}

function jsonBody(item: Record<string, unknown>, report: (message: string) => void): StoryBody {
  const body: StoryBody = { paragraphs: textOf(item, report), captions: strings(item, "captions", report), images: [] };
  if (item["posts"] !== undefined) {
    if (!Array.isArray(item["posts"])) report(`"posts" ignored: expected an array of posts`);
    else body.posts = item["posts"].flatMap((raw, index) => toPost(raw, index, report));
  }
  return body;
}

/** Story or post text from `paragraphs`, `body` or `html`, whichever is present. */
function textOf(item: Record<string, unknown>, report: (message: string) => void, where = ""): string[] {
  if (item["paragraphs"] !== undefined) return strings(item, "paragraphs", report, where);
  for (const key of ["body", "html"] as const) {
    const value = item[key];
    if (value === undefined) continue;
    if (typeof value === "string") return key === "html" ? htmlToParagraphs(value) : textToParagraphs(value);
    report(`${where}"${key}" ignored: expected a string`);
  }
  return [];
}

function toPost(raw: unknown, index: number, report: (message: string) => void): Post[] {
  const where = `post ${index + 1}: `;
  if (!isRecord(raw)) {
    report(`${where}found ${describe(raw)}: expected an object with a "title"`);
    return [];
  }
  const title = typeof raw["title"] === "string" ? raw["title"].replace(/\s+/g, " ").trim() : "";
  if (title === "") {
    report(`${where}no title: expected a "title" string`);
    return [];
  }
  const post: Post = {
    index,
    title,
    paragraphs: textOf(raw, report, where),
    bullets: strings(raw, "bullets", report, where),
    captions: strings(raw, "captions", report, where),
    quotes: strings(raw, "quotes", report, where),
  };
  for (const key of ["label", "time", "byline"] as const) {
    const value = raw[key];
    if (typeof value === "string" && value.trim() !== "") post[key] = value.trim();
    else if (value !== undefined && value !== null) report(`${where}"${key}" ignored: expected a string`);
  }
  return [post];
}

function strings(item: Record<string, unknown>, key: string, report: (message: string) => void, where = ""): string[] {
  const value = item[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    report(`${where}"${key}" ignored: expected an array of strings`);
    return [];
  }
  return (value as string[]).map((s) => s.replace(/\s+/g, " ").trim()).filter((s) => s !== "");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function withLine(error: InputError, line: number | undefined): InputError {
  return line === undefined ? error : { ...error, line };
}

/** The line JSON.parse complained about: V8 names a position, newer versions a line. */
function jsonErrorLine(text: string, message: string): number | undefined {
  const line = /\(line (\d+) column \d+\)/.exec(message);
  if (line) return Number(line[1]);
  const position = /at position (\d+)/.exec(message);
  if (position) return new LineIndex(text).lineAt(Number(position[1]));
  if (/Unexpected end of JSON input/.test(message)) return new LineIndex(text).lineAt(text.length);
  return undefined;
}

/**
 * Offsets at which the elements of the story array begin: the top-level array
 * (depth 1) or the array under the top-level key "stories" (depth 2). Only
 * called on text JSON.parse accepted, so it can skip over strings simply.
 */
function elementOffsets(text: string, depth: number): number[] {
  const offsets: number[] = [];
  if (depth === 0) return offsets;
  let level = 0;
  let inTarget = depth === 1;
  let expectValue = false;
  let lastString = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      if (inTarget && level === depth && expectValue) offsets.push(i);
      expectValue = false;
      const start = i + 1;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      if (level === 1) lastString = text.slice(start, i);
    } else if (c === "[" || c === "{") {
      if (inTarget && level === depth && expectValue) offsets.push(i);
      level++;
      if (depth === 2 && level === 2 && c === "[") inTarget = lastString === "stories";
      expectValue = inTarget && c === "[" && level === depth;
    } else if (c === "]" || c === "}") {
      level--;
      if (depth === 2 && level === 1) inTarget = false;
      expectValue = false;
    } else if (c === "," && level === depth) {
      expectValue = inTarget;
    } else if (inTarget && level === depth && expectValue && c !== undefined && !/\s/.test(c)) {
      offsets.push(i);
      expectValue = false;
    }
  }
  return offsets;
}
