import type { InputError, Source, Story, StoryImage } from "../model.js";
import { htmlToParagraphs, textToParagraphs } from "./html-paragraphs.js";
import { internalStoryError, type ReadOutcome } from "./reader.js";
import { storyId } from "./story-id.js";

/**
 * JSON Feed (https://jsonfeed.org/version/1.1, and 1.0) reader: each item is
 * one article. Pure: the text comes in, stories and errors come out; feed text
 * is untrusted, so links that are not http(s) are dropped and HTML is reduced
 * to plain paragraphs.
 */
export function readJsonFeed(text: string, file: string): ReadOutcome {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return fail(file, `not valid JSON (${jsonErrorDetail(error)}): expected a JSON Feed`, jsonErrorLine(text, error));
  }
  if (!isRecord(document)) return fail(file, "expected a JSON Feed object with an \"items\" array");
  const version = document["version"];
  if (typeof version !== "string" || !/^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?$/.test(version)) {
    return fail(file, `expected a JSON Feed "version" such as "https://jsonfeed.org/version/1.1", got ${describe(version)}`);
  }
  const items = document["items"];
  if (!Array.isArray(items)) return fail(file, `expected "items" to be an array, got ${describe(items)}`);

  const source: Source = { name: nonEmptyString(document["title"]) ?? hostOf(httpUrl(document["home_page_url"])) ?? "Unknown" };
  const home = httpUrl(document["home_page_url"]);
  if (home) source.url = home;
  const feedAuthor = authorName(document);

  const stories: Story[] = [];
  const errors: InputError[] = [];
  items.forEach((item, index) => {
    const where = `item ${index + 1}`;
    if (!isRecord(item)) {
      errors.push({ file, message: `${where}: expected an object, got ${describe(item)}` });
      return;
    }
    // One item the reader fails on is reported; the feed's other items still load.
    try {
      const story = readItem(item, { file, where, source, feedAuthor, errors });
      if (story) stories.push(story);
    } catch (error) {
      errors.push({ file, message: `${where}: ${internalStoryError(error)}` });
    }
  });
  if (items.length === 0) errors.push({ file, message: "feed has no items: expected at least one story" });
  return { stories, errors };
}

interface ItemContext {
  file: string;
  where: string;
  source: Source;
  feedAuthor: string | undefined;
  errors: InputError[];
}

function readItem(item: Record<string, unknown>, ctx: ItemContext): Story | undefined {
  const html = nonEmptyString(item["content_html"]);
  const paragraphs = html !== undefined ? htmlToParagraphs(html) : textToParagraphs(nonEmptyString(item["content_text"]) ?? "");
  const summaryText = nonEmptyString(item["summary"]);
  // Items may lack a title (micro-posts): the summary or the first paragraph stands in.
  const headline = oneLine(nonEmptyString(item["title"]) ?? summaryText ?? paragraphs[0] ?? "");
  if (headline === "") {
    ctx.errors.push({ file: ctx.file, message: `${ctx.where}: no title, summary or content: expected a story` });
    return undefined;
  }
  const url = httpUrl(item["url"]) ?? httpUrl(item["external_url"]);
  const story: Story = {
    id: storyId(ctx.source.name, url, headline),
    kind: "article",
    source: { ...ctx.source },
    headline: truncateWords(headline, 160),
    paragraphs,
    captions: [],
    origin: { file: ctx.file },
  };
  if (url) story.url = url;
  const byline = authorName(item) ?? ctx.feedAuthor;
  if (byline) story.byline = byline;
  if (summaryText !== undefined) story.summary = oneLine(summaryText);
  const published = dateField(item, "date_published", ctx);
  const modified = dateField(item, "date_modified", ctx);
  if (published) story.publishedAt = published;
  if (modified) story.updatedAt = modified;
  const imageUrl = httpUrl(item["image"]) ?? httpUrl(item["banner_image"]);
  if (imageUrl) {
    const image: StoryImage = { url: imageUrl, alt: story.headline };
    story.images = [image];
  }
  return story;
}

/** An RFC 3339 date normalised to ISO 8601 UTC; a malformed one is reported and left out. */
function dateField(item: Record<string, unknown>, key: string, ctx: ItemContext): string | undefined {
  const value = item[key];
  if (value === undefined || value === null) return undefined;
  const time = typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) {
    ctx.errors.push({ file: ctx.file, message: `${ctx.where}: "${key}" is ${describe(value)}: expected an RFC 3339 date such as 2024-06-19T08:15:00Z` });
    return undefined;
  }
  return new Date(time).toISOString();
}

/** JSON Feed 1.1 has `authors` (array); 1.0 had a single `author`. */
function authorName(record: Record<string, unknown>): string | undefined {
  const authors = Array.isArray(record["authors"]) ? record["authors"] : record["author"] !== undefined ? [record["author"]] : [];
  const names = authors.map((a) => (isRecord(a) ? nonEmptyString(a["name"]) : undefined)).filter((n): n is string => n !== undefined);
  return names.length > 0 ? names.map(oneLine).join(", ") : undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** Only absolute http(s) links survive: feed text is untrusted (no javascript: or data: links). */
function httpUrl(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function hostOf(url: string | undefined): string | undefined {
  return url ? new URL(url).hostname.replace(/^www\./, "") : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

function fail(file: string, message: string, line?: number): ReadOutcome {
  const error: InputError = { file, message };
  if (line !== undefined) error.line = line;
  return { stories: [], errors: [error] };
}

function jsonErrorDetail(error: unknown): string {
  return error instanceof Error ? error.message.replace(/\s+/g, " ").slice(0, 120) : String(error);
}

/** V8 names the offending position ("at position 42"); turn it into a 1-based line. */
function jsonErrorLine(text: string, error: unknown): number | undefined {
  const match = error instanceof Error ? /position (\d+)/.exec(error.message) : null;
  if (!match) return undefined;
  const position = Number(match[1]);
  return text.slice(0, position).split("\n").length;
}
