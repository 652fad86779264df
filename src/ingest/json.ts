import { readJsonText, type JsonPath } from "../text/index.js";
import type { InputError, Post } from "../model.js";
import { storyFromFields, type StoryBody } from "./fields/index.js";
import { htmlToParagraphs, textToParagraphs } from "./html-paragraphs.js";
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
  const json = readJsonText(text);
  if (!json.ok) {
    const { line, column, reason } = json.error;
    return { stories: [], errors: [{ file, line, message: `not valid JSON (column ${column}: ${reason}): expected a story object or an array of them` }] };
  }
  const { value: data, positions } = json;

  const wrapped = isRecord(data) && Array.isArray(data["stories"]);
  const itemsPath: JsonPath = wrapped ? ["stories"] : [];
  const items: unknown[] = Array.isArray(data) ? data : wrapped ? (data as { stories: unknown[] }).stories : [data];
  const topLine = positions.lineOf([]);
  if (!Array.isArray(data) && !isRecord(data)) {
    return { stories: [], errors: [withLine({ file, message: `found ${describe(data)}: expected a story object or an array of them` }, topLine)] };
  }
  if (items.length === 0) return { stories: [], errors: [withLine({ file, message: "no stories: expected at least one story object in the array" }, topLine)] };

  const outcome: ReadOutcome = { stories: [], errors: [] };
  items.forEach((item, i) => {
    const itemPath: JsonPath = Array.isArray(data) || wrapped ? [...itemsPath, i] : [];
    const line = positions.lineOf(itemPath);
    const prefix = items.length > 1 || Array.isArray(data) || wrapped ? `story ${i + 1}: ` : "";
    if (!isRecord(item)) {
      outcome.errors.push(withLine({ file, message: `${prefix}found ${describe(item)}: expected a story object with a "title"` }, line));
      return;
    }
    // One story the reader fails on is reported; the file's other stories still load.
    try {
      const errors: InputError[] = [];
      // A problem inside a post is placed at the post's own line, anything else at the story's.
      const report: Report = (message, post) =>
        errors.push(withLine({ file, message: prefix + message }, (post === undefined ? undefined : positions.lineOf([...itemPath, "posts", post])) ?? line));
      const body = jsonBody(item, report);
      const read = storyFromFields(item, body, { file, line, prefix, titleHint: 'a "title" string', postsHint: 'a "posts" array' });
      if (read.story) outcome.stories.push(read.story);
      outcome.errors.push(...read.errors, ...errors);
    } catch (error) {
      outcome.errors.push(withLine({ file, message: `story ${i + 1}: ${internalStoryError(error)}` }, line));
    }
  });
  return outcome;
}

/** Reports a problem with a story; `post` is the index of the post it is in, if any. */
type Report = (message: string, post?: number) => void;

function jsonBody(item: Record<string, unknown>, report: Report): StoryBody {
  const body: StoryBody = { paragraphs: textOf(item, report), captions: strings(item, "captions", report), images: [] };
  if (item["posts"] !== undefined) {
    if (!Array.isArray(item["posts"])) report(`"posts" ignored: expected an array of posts`);
    else body.posts = item["posts"].flatMap((raw, index) => toPost(raw, index, (message) => report(message, index)));
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
