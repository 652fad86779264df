import type { InputError, Post, Source, Story, StoryImage, StoryKind } from "../../model.js";
import { storyId } from "../story-id.js";
import { toIsoDate } from "./dates.js";
import { httpUrl, siteName } from "./links.js";
import { quote } from "./quote.js";

/**
 * The story fields that Markdown front matter and JSON share (title, url,
 * source, published, updated, byline, topic, section, kind, image, summary), checked and
 * turned into a Story.
 *
 * A missing title sinks the story (there is nothing to show); any other bad
 * field is reported and left out, and the story still loads.
 */

/** Accepted spellings of each field, canonical first; aliases let `inspect --json` output and common front-matter habits be read back. */
const FIELD_NAMES = {
  title: ["title", "headline"],
  url: ["url", "link"],
  source: ["source"],
  published: ["published", "publishedAt", "date"],
  updated: ["updated", "updatedAt"],
  byline: ["byline", "author"],
  topic: ["topic"],
  section: ["section", "category"],
  kind: ["kind"],
  image: ["image"],
  images: ["images"],
  summary: ["summary", "description"],
} as const;

type Field = keyof typeof FIELD_NAMES;

/** What the format found besides the fields: the body text and, for live blogs, the posts. */
export interface StoryBody {
  paragraphs: string[];
  captions: string[];
  images: StoryImage[];
  posts?: Post[];
}

export interface FieldContext {
  file: string;
  /** Line where the story starts, when the format has lines. */
  line?: number;
  /** Line of a field's key, when the format knows it (front matter does). */
  lineOf?: (key: string) => number | undefined;
  /** Names the story inside a file holding several, e.g. "story 3: ". */
  prefix?: string;
  /** Where a title was expected, for the error when there is none. */
  titleHint: string;
  /** Where posts were expected, for the error when a live blog has none. */
  postsHint: string;
}

export interface FieldsOutcome {
  story?: Story;
  errors: InputError[];
}

export function storyFromFields(fields: Record<string, unknown>, body: StoryBody, ctx: FieldContext): FieldsOutcome {
  const errors: InputError[] = [];
  const prefix = ctx.prefix ?? "";
  const pick = (field: Field): { key: string; value: unknown } | undefined => {
    for (const key of FIELD_NAMES[field]) if (fields[key] !== undefined && fields[key] !== null) return { key, value: fields[key] };
    return undefined;
  };
  const report = (key: string | undefined, message: string): void => {
    const line = (key === undefined ? undefined : ctx.lineOf?.(key)) ?? ctx.line;
    errors.push(line === undefined ? { file: ctx.file, message: prefix + message } : { file: ctx.file, line, message: prefix + message });
  };

  const title = pick("title");
  const headline = title === undefined ? undefined : oneLine(title.value);
  if (!headline) {
    report(title?.key, `no title: expected ${ctx.titleHint}`);
    return { errors };
  }

  const urlField = pick("url");
  const url = urlField === undefined ? undefined : httpUrl(urlField.value);
  if (urlField !== undefined && url === undefined) report(urlField.key, `${urlField.key} ${quote(urlField.value)} dropped: expected an http(s) link`);

  const source = readSource(pick("source"), url, report);
  const publishedAt = readDate(pick("published"), report);
  const updatedAt = readDate(pick("updated"), report);
  const byline = readText(pick("byline"), report, "a name or a list of names");
  const topic = readText(pick("topic"), report, "a topic name");
  // A list of categories ("[Sport, Tennis]") names the section first.
  const sectionField = pick("section");
  const section = readText(
    sectionField !== undefined && Array.isArray(sectionField.value) ? { key: sectionField.key, value: sectionField.value[0] } : sectionField,
    report,
    "a section name such as Sport",
  );
  const summary = readText(pick("summary"), report, "a sentence or two");
  const images = dedupeImages([...readImages(pick("image"), report), ...readImages(pick("images"), report), ...body.images]);

  const posts = body.posts ?? [];
  let kind = readKind(pick("kind"), report) ?? (posts.length > 0 ? "liveblog" : "article");
  if (kind === "liveblog" && posts.length === 0) {
    report(pick("kind")?.key, `kind liveblog but no posts: expected ${ctx.postsHint}; read as an article`);
    kind = "article";
  }

  const story: Story = {
    id: storyId(source.name, url, headline),
    kind,
    source,
    headline,
    paragraphs: body.paragraphs,
    captions: body.captions,
    origin: ctx.line === undefined ? { file: ctx.file } : { file: ctx.file, line: ctx.line },
  };
  if (url !== undefined) story.url = url;
  if (byline !== undefined) story.byline = byline;
  if (publishedAt !== undefined) story.publishedAt = publishedAt;
  if (updatedAt !== undefined) story.updatedAt = updatedAt;
  if (summary !== undefined) story.summary = summary;
  if (images.length > 0) story.images = images;
  if (kind === "liveblog") story.posts = posts;
  if (topic !== undefined) story.topic = topic;
  if (section !== undefined) story.section = section;
  return { story, errors };
}

type Picked = { key: string; value: unknown } | undefined;
type Report = (key: string | undefined, message: string) => void;

/** Collapses whitespace: fields are single-line values. Numbers are accepted as text (a title such as 1984). */
function oneLine(value: unknown): string | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const text = String(value).replace(/\s+/g, " ").trim();
  return text === "" ? undefined : text;
}

function readText(picked: Picked, report: Report, expected: string): string | undefined {
  if (picked === undefined) return undefined;
  const { key, value } = picked;
  const names = Array.isArray(value) ? value.map(personName) : [personName(value)];
  if (names.some((n) => n === undefined)) {
    report(key, `${key} ${quote(value)} ignored: expected ${expected}`);
    return undefined;
  }
  const text = names.join(", ");
  return text === "" ? undefined : text;
}

/** A name given as text or as `{ name: ... }` (JSON Feed and Atom habit). */
function personName(value: unknown): string | undefined {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return oneLine((value as Record<string, unknown>)["name"]);
  return oneLine(value);
}

function readSource(picked: Picked, url: string | undefined, report: Report): Source {
  const fallback: Source = { name: url === undefined ? "" : siteName(url) };
  if (picked === undefined) return fallback;
  const { key, value } = picked;
  if (typeof value === "object" && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const name = oneLine(record["name"]);
    if (name === undefined) {
      report(key, `${key} ${quote(value)} ignored: expected a name, or { name, url }`);
      return fallback;
    }
    const home = httpUrl(record["url"]);
    if (record["url"] !== undefined && home === undefined) report(key, `${key} url ${quote(record["url"])} dropped: expected an http(s) link`);
    return home === undefined ? { name } : { name, url: home };
  }
  const name = oneLine(value);
  if (name === undefined) {
    report(key, `${key} ${quote(value)} ignored: expected a name, or { name, url }`);
    return fallback;
  }
  return { name };
}

function readDate(picked: Picked, report: Report): string | undefined {
  if (picked === undefined) return undefined;
  const iso = toIsoDate(picked.value);
  if (iso === undefined) report(picked.key, `${picked.key} ${quote(picked.value)} ignored: expected a date such as 2024-06-19T08:15:00Z`);
  return iso;
}

function readKind(picked: Picked, report: Report): StoryKind | undefined {
  if (picked === undefined) return undefined;
  const text = typeof picked.value === "string" ? picked.value.trim().toLowerCase().replace(/[\s_-]+/g, "") : "";
  if (text === "article" || text === "liveblog") return text;
  report(picked.key, `${picked.key} ${quote(picked.value)} ignored: expected article or liveblog`);
  return undefined;
}

function readImages(picked: Picked, report: Report): StoryImage[] {
  if (picked === undefined) return [];
  const items = Array.isArray(picked.value) ? picked.value : [picked.value];
  const images: StoryImage[] = [];
  for (const item of items) {
    const image = readImage(item);
    if (image === undefined) report(picked.key, `${picked.key} ${quote(item)} dropped: expected an http(s) address, or { url, alt, caption }`);
    else images.push(image);
  }
  return images;
}

function readImage(value: unknown): StoryImage | undefined {
  if (typeof value === "string") {
    const url = httpUrl(value);
    return url === undefined ? undefined : { url, alt: "" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const url = httpUrl(record["url"] ?? record["src"]);
  if (url === undefined) return undefined;
  const image: StoryImage = { url, alt: oneLine(record["alt"]) ?? "" };
  const caption = oneLine(record["caption"]);
  if (caption !== undefined) image.caption = caption;
  return image;
}

/** The same picture named twice (front matter and body) is shown once, with the first description given. */
function dedupeImages(images: StoryImage[]): StoryImage[] {
  const byUrl = new Map<string, StoryImage>();
  for (const image of images) if (!byUrl.has(image.url)) byUrl.set(image.url, image);
  return [...byUrl.values()];
}
