import type { InputError, Source, Story, StoryImage } from "../../model.js";
import { toIsoDate } from "../fields/index.js";
import { httpUrl } from "../fields/index.js";
import { quote } from "../fields/index.js";
import { storyId } from "../story-id.js";
import { attrOf, isNode, asArray, type XmlNode } from "./xml.js";

/** What RSS, Atom and JSON Feed items have in common, as found in the item (raw, unchecked). */
export interface FeedItem {
  /** "item" or "entry", for messages. */
  element: string;
  /** 1-based position among the feed's items, for messages when there is no line. */
  position: number;
  line?: number;
  title?: string;
  link?: string;
  published?: ItemDate;
  updated?: ItemDate;
  authors: string[];
  paragraphs: string[];
  summary?: string;
  images: { url: string; alt: string }[];
  /** The outlet's own section: the first category the item gives. */
  section?: string;
}

/** A date as the item gives it, under the element (RSS, Atom) or key (JSON Feed) that holds it. */
export interface ItemDate {
  field: string;
  value: unknown;
}

export interface FeedContext {
  file: string;
  source: Source;
  /** Base for relative links: the feed's home page. */
  base?: string;
  /** How messages name the format's parts; RSS and Atom wording when absent. */
  wording?: ItemWording;
}

/** The messages that name the format's own parts: XML feeds speak of elements, JSON Feed of keys. */
export interface ItemWording {
  noTitle: string;
  badDate: (date: ItemDate) => string;
}

const XML_WORDING: ItemWording = {
  noTitle: "no title: expected a <title> with the headline",
  badDate: ({ field, value }) => `<${field}> ${quote(value)} ignored: expected a date such as "Wed, 19 Jun 2024 08:15:00 GMT" or 2024-06-19T08:15:00Z`,
};

/** A story from one feed item; an item without a title is reported and skipped, a bad date or link only dropped. */
export function storyFromItem(item: FeedItem, ctx: FeedContext): { story?: Story; errors: InputError[] } {
  const errors: InputError[] = [];
  const where = `${item.element} ${item.position}: `;
  const report = (message: string): void => {
    errors.push(item.line === undefined ? { file: ctx.file, message: where + message } : { file: ctx.file, line: item.line, message: where + message });
  };

  const wording = ctx.wording ?? XML_WORDING;
  const headline = item.title?.replace(/\s+/g, " ").trim();
  if (!headline) {
    report(wording.noTitle);
    return { errors };
  }
  const url = item.link === undefined ? undefined : httpUrl(item.link, ctx.base);
  if (item.link !== undefined && url === undefined) report(`link ${quote(item.link)} dropped: expected an http(s) link`);

  const date = (found: ItemDate | undefined): string | undefined => {
    if (found === undefined) return undefined;
    const iso = toIsoDate(found.value);
    if (iso === undefined) report(wording.badDate(found));
    return iso;
  };
  const publishedAt = date(item.published);
  const updatedAt = date(item.updated);

  const story: Story = {
    id: storyId(ctx.source.name, url, headline),
    kind: "article",
    source: ctx.source,
    headline,
    paragraphs: item.paragraphs,
    captions: [],
    origin: item.line === undefined ? { file: ctx.file } : { file: ctx.file, line: item.line },
  };
  if (url !== undefined) story.url = url;
  const byline = item.authors.map((a) => a.replace(/\s+/g, " ").trim()).filter((a) => a !== "").join(", ");
  if (byline !== "") story.byline = byline;
  // An Atom entry must have <updated> and may lack <published> (a JSON Feed item may have either):
  // the update is then the best publication date known.
  if (publishedAt !== undefined || updatedAt !== undefined) story.publishedAt = publishedAt ?? updatedAt;
  if (updatedAt !== undefined) story.updatedAt = updatedAt;
  if (item.summary !== undefined && item.summary !== "") story.summary = item.summary;
  const section = sectionName(item.section);
  if (section !== undefined) story.section = section;
  const images = imagesOf(item.images, ctx.base);
  if (images.length > 0) story.images = images;
  return { story, errors };
}

/** A section name is one short line of plain text (it is shown as a heading). */
const SECTION_MAX_CHARS = 80;

export function sectionName(value: string | undefined): string | undefined {
  const text = value?.replace(/\s+/g, " ").trim().slice(0, SECTION_MAX_CHARS).trim();
  return text ? text : undefined;
}

function imagesOf(found: { url: string; alt: string }[], base: string | undefined): StoryImage[] {
  const seen = new Set<string>();
  const images: StoryImage[] = [];
  for (const { url: raw, alt } of found) {
    const url = httpUrl(raw, base);
    if (url === undefined || seen.has(url)) continue;
    seen.add(url);
    images.push({ url, alt });
  }
  return images;
}

const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/i;

/**
 * Images of an item from Media RSS (<media:content>, <media:thumbnail>, also
 * inside <media:group>) and from enclosures (RSS <enclosure>, Atom
 * <link rel="enclosure">) whose type, medium or file name says image.
 */
export function mediaImages(item: XmlNode, enclosures: unknown[]): { url: string; alt: string }[] {
  const found: { url: string; alt: string }[] = [];
  const add = (node: unknown, urlAttr: string): void => {
    const url = attrOf(node, urlAttr);
    if (url === undefined) return;
    const type = attrOf(node, "type") ?? "";
    const medium = attrOf(node, "medium") ?? "";
    const isImage = type.startsWith("image/") || medium === "image" || (type === "" && medium === "" && IMAGE_FILE.test(url));
    if (isImage) found.push({ url, alt: isNode(node) ? altOf(node) : "" });
  };
  const groups = [item, ...asArray(item["media:group"]).filter(isNode)];
  for (const group of groups) for (const node of asArray(group["media:content"])) add(node, "url");
  for (const node of enclosures) add(node, isNode(node) && node["@href"] !== undefined ? "href" : "url");
  for (const group of groups) {
    for (const node of asArray(group["media:thumbnail"])) {
      const url = attrOf(node, "url");
      if (url !== undefined) found.push({ url, alt: "" });
    }
  }
  return found;
}

function altOf(node: XmlNode): string {
  const description = node["media:description"] ?? node["media:title"];
  if (typeof description === "string") return description.trim();
  if (isNode(description) && typeof description["#text"] === "string") return description["#text"].trim();
  return "";
}
