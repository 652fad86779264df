import type { Source } from "../../model.js";
import { httpUrl, siteName } from "../fields/index.js";
import { htmlToLine, htmlToParagraphs, textToParagraphs } from "../html-paragraphs.js";
import type { LineIndex } from "../../text/index.js";
import type { FeedItem } from "./item.js";
import { mediaImages } from "./item.js";
import { asArray, attrOf, isNode, lineOf, rawXmlText, textOf, type XmlNode } from "./xml.js";

/** Atom 1.0: the <feed> names the source, each <entry> is a story. */

export function atomSource(feed: XmlNode): { source: Source; base?: string } {
  const base = httpUrl(alternateLink(feed["link"]) ?? attrOf(feed, "xml:base"));
  const name = textConstruct(feed["title"]).join(" ") || (base === undefined ? "" : siteName(base));
  return base === undefined ? { source: { name } } : { source: { name, url: base }, base };
}

export function atomEntry(entry: XmlNode, position: number, lines: LineIndex): FeedItem {
  const content = rawTextConstruct(entry["content"]);
  const summary = rawTextConstruct(entry["summary"]);
  const links = asArray(entry["link"]);
  const found: FeedItem = {
    element: "entry",
    position,
    title: textConstruct(entry["title"]).join(" "),
    authors: asArray(entry["author"]).map((a) => (isNode(a) ? textOf(a["name"]) ?? "" : "")),
    paragraphs: content ?? summary ?? [],
    images: mediaImages(entry, links.filter((l) => attrOf(l, "rel") === "enclosure")),
  };
  const line = lineOf(entry, lines);
  if (line !== undefined) found.line = line;
  const link = alternateLink(links);
  if (link !== undefined) found.link = link;
  if (content !== undefined && summary !== undefined) found.summary = summary.join(" ");
  // The first <category> is the outlet's section: its text, else its label, else its term.
  const category = asArray(entry["category"])
    .map((c) => htmlToLine(textOf(c) ?? attrOf(c, "label") ?? attrOf(c, "term") ?? ""))
    .find((c) => c !== "");
  if (category !== undefined) found.section = category;
  const published = textOf(entry["published"]);
  if (published !== undefined) found.published = { field: "published", value: published };
  const updated = textOf(entry["updated"]);
  if (updated !== undefined) found.updated = { field: "updated", value: updated };
  return found;
}

/** The page a feed or entry points to: rel="alternate", or a link with no rel (which means alternate). */
function alternateLink(value: unknown): string | undefined {
  const links = asArray(value);
  const alternate = links.find((l) => (attrOf(l, "rel") ?? "alternate") === "alternate");
  return attrOf(alternate, "href");
}

/** An Atom text construct the parser has already decoded (title): type="html" or "xhtml" is markup, otherwise text. */
function textConstruct(value: unknown): string[] {
  const text = textOf(value);
  if (text === undefined) return [];
  const type = attrOf(value, "type") ?? "text";
  return type === "text" ? textToParagraphs(text) : [htmlToLine(text, true)].filter((t) => t !== "");
}

/**
 * An Atom text construct kept raw (content, summary). type="xhtml" is markup
 * as it stands; "html" is markup escaped as text; "text" is text. Content with
 * a src attribute lives elsewhere and is not fetched.
 */
function rawTextConstruct(value: unknown): string[] | undefined {
  const node = Array.isArray(value) ? value[0] : value;
  if (node === undefined || attrOf(node, "src") !== undefined) return undefined;
  const raw = typeof node === "string" ? node : isNode(node) && typeof node["#text"] === "string" ? node["#text"] : "";
  const type = attrOf(node, "type") ?? "text";
  if (type === "xhtml") return htmlToParagraphs(raw, true);
  if (type === "html" || type === "text/html") return htmlToParagraphs(rawXmlText(raw), true);
  return textToParagraphs(rawXmlText(raw));
}
