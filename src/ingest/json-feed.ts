import { readJsonText } from "../text/index.js";
import type { InputError, Source } from "../model.js";
import { storyFromItem, type FeedContext, type FeedItem, type ItemWording } from "./feed/index.js";
import { httpUrl, siteName } from "./fields/index.js";
import { htmlToParagraphs, textToParagraphs } from "./html-paragraphs.js";
import { internalStoryError, type ReadOutcome } from "./reader.js";

/**
 * JSON Feed (https://jsonfeed.org/version/1.1, and 1.0) reader: each item is
 * one article. Pure: the text comes in, stories and errors come out. Items go
 * through the same item and field code as RSS and Atom items (./feed/item.ts),
 * so dates, links and images follow the same rules whatever the feed format:
 * zone-less dates are UTC, relative links resolve against the feed's home page,
 * and only http(s) links survive (feed text is untrusted).
 */
export function readJsonFeed(text: string, file: string): ReadOutcome {
  const json = readJsonText(text);
  if (!json.ok) {
    const { line, column, reason } = json.error;
    return fail(file, `not valid JSON (column ${column}: ${reason}): expected a JSON Feed`, line);
  }
  const document = json.value;
  if (!isRecord(document)) return fail(file, "expected a JSON Feed object with an \"items\" array");
  const version = document["version"];
  if (typeof version !== "string" || !/^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?$/.test(version)) {
    return fail(file, `expected a JSON Feed "version" such as "https://jsonfeed.org/version/1.1", got ${describe(version)}`);
  }
  const items = document["items"];
  if (!Array.isArray(items)) return fail(file, `expected "items" to be an array, got ${describe(items)}`);

  const home = httpUrl(document["home_page_url"]);
  const source: Source = { name: nonEmptyString(document["title"]) ?? (home === undefined ? "" : siteName(home)) };
  if (home) source.url = home;
  const base = home ?? httpUrl(document["feed_url"]);
  const ctx: FeedContext = { file, source, wording: JSON_FEED_WORDING, ...(base === undefined ? {} : { base }) };
  const feedAuthors = authorNames(document);

  const outcome: ReadOutcome = { stories: [], errors: [] };
  items.forEach((item, index) => {
    const where = `item ${index + 1}`;
    if (!isRecord(item)) {
      outcome.errors.push({ file, message: `${where}: expected an object, got ${describe(item)}` });
      return;
    }
    // One item the reader fails on is reported; the feed's other items still load.
    try {
      const read = storyFromItem(feedItem(item, index + 1, feedAuthors, base), ctx);
      if (read.story) outcome.stories.push(read.story);
      outcome.errors.push(...read.errors);
    } catch (error) {
      outcome.errors.push({ file, message: `${where}: ${internalStoryError(error)}` });
    }
  });
  if (items.length === 0) outcome.errors.push({ file, message: "feed has no items: expected at least one story" });
  return outcome;
}

const JSON_FEED_WORDING: ItemWording = {
  noTitle: "no title, summary or content: expected a story",
  badDate: ({ field, value }) => `"${field}" is ${describe(value)}: expected an RFC 3339 date such as 2024-06-19T08:15:00Z`,
};

/** A JSON Feed item in the shape RSS and Atom items take, for the shared story code. */
function feedItem(item: Record<string, unknown>, position: number, feedAuthors: string[], base: string | undefined): FeedItem {
  const html = nonEmptyString(item["content_html"]);
  const paragraphs = html !== undefined ? htmlToParagraphs(html) : textToParagraphs(nonEmptyString(item["content_text"]) ?? "");
  const summary = nonEmptyString(item["summary"]);
  // Items may lack a title (micro-posts): the summary or the first paragraph stands in, cut to headline length.
  const title = truncateWords(oneLine(nonEmptyString(item["title"]) ?? summary ?? paragraphs[0] ?? ""), 160);
  const itemAuthors = authorNames(item);
  // One picture per story, as before: "image" is the item's main one, "banner_image" the fallback.
  const image = firstLink([item["image"], item["banner_image"]], base);
  const found: FeedItem = {
    element: "item",
    position,
    title,
    authors: itemAuthors.length > 0 ? itemAuthors : feedAuthors,
    paragraphs,
    images: image === undefined ? [] : [{ url: image, alt: title }],
  };
  // "external_url" is the page an item comments on: the item's address only when it has no usable "url".
  const link = firstLink([item["url"], item["external_url"]], base) ?? firstString([item["url"], item["external_url"]]);
  if (link !== undefined) found.link = link;
  if (summary !== undefined) found.summary = oneLine(summary);
  for (const [key, field] of [["date_published", "published"], ["date_modified", "updated"]] as const) {
    const value = item[key];
    if (value !== undefined && value !== null) found[field] = { field: key, value };
  }
  return found;
}

/** The first of `values` that is an http(s) link once resolved against `base`, as written. */
function firstLink(values: unknown[], base: string | undefined): string | undefined {
  return values.find((value): value is string => typeof value === "string" && httpUrl(value, base) !== undefined);
}

/** A link none of which is usable still goes to the shared item code, which reports dropping it. */
function firstString(values: unknown[]): string | undefined {
  return values.map(nonEmptyString).find((value) => value !== undefined);
}

/** JSON Feed 1.1 has `authors` (array); 1.0 had a single `author`. */
function authorNames(record: Record<string, unknown>): string[] {
  const authors = Array.isArray(record["authors"]) ? record["authors"] : record["author"] !== undefined ? [record["author"]] : [];
  return authors.map((a) => (isRecord(a) ? nonEmptyString(a["name"]) : undefined)).filter((n): n is string => n !== undefined);
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
