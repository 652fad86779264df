import type { XMLParser } from "fast-xml-parser";
import { lazyLibrary } from "../../text/index.js";
import { LineIndex } from "../../text/index.js";

const fastXmlParser = lazyLibrary<typeof import("fast-xml-parser")>("fast-xml-parser");

/**
 * Reading the object tree fast-xml-parser builds: elements are strings, or
 * objects with "#text" and "@attribute" keys; repeated elements are arrays.
 */

export type XmlNode = Record<string, unknown>;

/** Elements that may repeat in a feed, always read as arrays so one and many look alike. */
const REPEATED = new Set(["item", "entry", "link", "author", "contributor", "enclosure", "media:content", "media:thumbnail", "media:group", "dc:creator"]);

/**
 * Atom text constructs keep their raw markup (stop nodes), because
 * type="xhtml" content is markup, not text, and must reach the HTML reducer
 * whole; the parser would otherwise turn it into an object tree.
 */
const RAW_ELEMENTS = ["feed.entry.content", "feed.entry.summary"];

let parser: XMLParser | undefined;
const newParser = (): XMLParser => new (fastXmlParser().XMLParser)({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  captureMetaData: true,
  stopNodes: RAW_ELEMENTS,
  isArray: (name) => REPEATED.has(name),
});

/** Where the parser keeps an element's position (its symbol exists once the library is loaded). */
const metaKey = (): symbol => fastXmlParser().XMLParser.getMetaDataSymbol() as unknown as symbol;

export function parseXml(text: string): XmlNode {
  parser ??= newParser();
  return parser.parse(text) as XmlNode;
}

/** 1-based line at which a parsed element starts, when the parser recorded it. */
export function lineOf(node: unknown, lines: LineIndex): number | undefined {
  if (typeof node !== "object" || node === null) return undefined;
  const meta = (node as Record<symbol, { startIndex?: number } | undefined>)[metaKey()];
  return meta?.startIndex === undefined ? undefined : lines.lineAt(meta.startIndex);
}

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Text content of an element (the first, when repeated). */
export function textOf(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === "string") return first;
  if (isNode(first) && typeof first["#text"] === "string") return first["#text"];
  return undefined;
}

export function attrOf(value: unknown, name: string): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (!isNode(first)) return undefined;
  const attr = first[`@${name}`];
  return typeof attr === "string" ? attr : undefined;
}

/** Text of a raw (stop-node) element: CDATA sections unwrapped, XML character references decoded. */
export function rawXmlText(raw: string): string {
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) => (part.startsWith("<![CDATA[") ? part.slice(9, -3) : decodeXmlEntities(part)))
    .join("");
}

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeXmlEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(lt|gt|amp|quot|apos));/gi, (whole, dec: string, hex: string, name: string) => {
    if (name) return NAMED[name.toLowerCase()] ?? whole;
    const code = dec ? Number(dec) : Number.parseInt(hex, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
