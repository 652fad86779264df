import type { Source } from "../../model.js";
import { httpUrl, siteName } from "../fields/index.js";
import { htmlToLine, htmlToParagraphs } from "../html-paragraphs.js";
import type { LineIndex } from "../../text/index.js";
import type { FeedItem } from "./item.js";
import { mediaImages } from "./item.js";
import { asArray, isNode, lineOf, textOf, type XmlNode } from "./xml.js";

/**
 * RSS 2.0 (and RSS 1.0, whose items sit beside the channel rather than in it):
 * the channel names the source, each <item> is a story.
 */

export function rssSource(channel: XmlNode): { source: Source; base?: string } {
  const base = httpUrl(firstPlainLink(channel["link"]));
  const name = htmlToLine(textOf(channel["title"]) ?? "") || (base === undefined ? "" : siteName(base));
  return base === undefined ? { source: { name } } : { source: { name, url: base }, base };
}

export function rssItem(item: XmlNode, position: number, lines: LineIndex): FeedItem {
  const content = textOf(item["content:encoded"]);
  const description = textOf(item["description"]);
  const found: FeedItem = {
    element: "item",
    position,
    title: htmlToLine(textOf(item["title"]) ?? ""),
    authors: authorsOf(item),
    paragraphs: htmlToParagraphs(content ?? description ?? ""),
    images: mediaImages(item, asArray(item["enclosure"])),
  };
  const line = lineOf(item, lines);
  if (line !== undefined) found.line = line;
  const link = firstPlainLink(item["link"]) ?? permalinkGuid(item["guid"]);
  if (link !== undefined) found.link = link;
  // With full content present, the description is the teaser: keep it as the summary.
  if (content !== undefined && description !== undefined) found.summary = htmlToLine(description);
  // The first <category> is the outlet's section ("World", "Sport"); later ones are tags.
  const category = asArray(item["category"]).map((c) => htmlToLine(textOf(c) ?? "")).find((c) => c !== "");
  if (category !== undefined) found.section = category;
  const published = textOf(item["pubDate"]) ?? textOf(item["dc:date"]);
  if (published !== undefined) found.published = { field: item["pubDate"] !== undefined ? "pubDate" : "dc:date", value: published };
  return found;
}

/** RSS <author> is "email (Name)" by the spec and a bare name in practice; <dc:creator> is a name. */
function authorsOf(item: XmlNode): string[] {
  const names = asArray(item["dc:creator"]).map((c) => textOf(c) ?? "");
  for (const author of asArray(item["author"])) {
    const text = textOf(author) ?? "";
    const named = /\(([^()]+)\)\s*$/.exec(text);
    names.push(named?.[1] ?? text);
  }
  return [...new Set(names.map((n) => n.trim()).filter((n) => n !== ""))];
}

/** The first <link> holding text (an <atom:link> self-reference has only attributes). */
function firstPlainLink(value: unknown): string | undefined {
  for (const link of asArray(value)) {
    const text = typeof link === "string" ? link : isNode(link) && typeof link["#text"] === "string" ? link["#text"] : undefined;
    if (text !== undefined && text.trim() !== "") return text.trim();
  }
  return undefined;
}

/** A <guid> is the item's address unless it says isPermaLink="false". */
function permalinkGuid(guid: unknown): string | undefined {
  const text = textOf(guid);
  if (text === undefined) return undefined;
  const permalink = isNode(guid) ? guid["@isPermaLink"] : undefined;
  return permalink === "false" ? undefined : httpUrl(text);
}
