import { extname } from "node:path";
import { readFeed } from "../feed/index.js";
import { readJson } from "../json.js";
import { readJsonFeed } from "../json-feed.js";
import { readMarkdown } from "../markdown/index.js";
import { readPlainText } from "../plain-text/index.js";
import type { Reader } from "../reader.js";

/**
 * Picks the reader for a file: its extension when that names a format, its
 * content otherwise (.txt and unknown extensions), since scrapes and exports
 * are often saved under whatever name was at hand.
 */

const BY_EXTENSION: Record<string, Reader> = {
  ".md": readMarkdown,
  ".markdown": readMarkdown,
  ".json": readJson,
  ".xml": readFeed,
  ".rss": readFeed,
  ".atom": readFeed,
  ".rdf": readFeed,
};

export function chooseReader(file: string, text: string): Reader {
  const reader = BY_EXTENSION[extname(file).toLowerCase()] ?? sniffReader(text);
  // A JSON Feed saved to disk is a feed, not a story object: its "version" says so.
  return reader === readJson && JSON_FEED_VERSION.test(text.slice(0, 4096)) ? readJsonFeed : reader;
}

const JSON_FEED_VERSION = /"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//;

/**
 * A reader from the first characters. Conservative: plain text is the
 * fallback, and a story whose first line happens to start with "[" or "---"
 * must still read as plain text, so each format needs more than one sign.
 */
export function sniffReader(text: string): Reader {
  const head = text.slice(0, 1024).replace(/^\uFEFF/, "").trimStart();
  if (/^<\?xml\b/.test(head) || /^(?:<!--[\s\S]*?-->\s*)*<(?:rss|feed|rdf:RDF)[\s>]/.test(head)) return readFeed;
  if (/^---[ \t]*\r?\n(?:[ \t]*#.*\r?\n)*[A-Za-z_][\w-]*[ \t]*:/.test(head) && /\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.test(text)) return readMarkdown;
  const tail = text.slice(-64).trimEnd();
  if ((head.startsWith("{") && tail.endsWith("}")) || (/^\[\s*[{\]]/.test(head) && tail.endsWith("]"))) return readJson;
  return readPlainText;
}
