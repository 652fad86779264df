import { lazyLibrary } from "../../text/index.js";
import type { Source } from "../../model.js";
import { LineIndex } from "../../text/index.js";
import { internalStoryError, type ReadOutcome } from "../reader.js";
import { atomEntry, atomSource } from "./atom.js";
import { storyFromItem, type FeedItem } from "./item.js";
import { rssItem, rssSource } from "./rss.js";
import { asArray, isNode, lineOf, parseXml, type XmlNode } from "./xml.js";

const fastXmlParser = lazyLibrary<typeof import("fast-xml-parser")>("fast-xml-parser");

/**
 * An RSS 2.0, RSS 1.0 or Atom feed: every item a story, the channel its
 * source. Pure, so a feed fetched over HTTP reads the same as one on disk
 * (pass its URL as `file`).
 */
export function readFeed(text: string, file: string): ReadOutcome {
  const xml = text.replace(/^\uFEFF/, "");
  const valid = fastXmlParser().XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line } = valid.err;
    return { stories: [], errors: [{ file, line, message: `not XML (${msg.replace(/\.$/, "")}): expected an RSS or Atom feed` }] };
  }

  let doc: XmlNode;
  try {
    doc = parseXml(xml);
  } catch (error) {
    // The parser refuses what validates but is unsafe, e.g. entity expansion beyond its limits.
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { stories: [], errors: [{ file, message: `feed cannot be read (${reason}): expected an RSS or Atom feed` }] };
  }

  const lines = new LineIndex(xml);
  const feed = findFeed(doc);
  if (feed === undefined) {
    const root = Object.keys(doc).find((key) => !key.startsWith("?")) ?? "nothing";
    return { stories: [], errors: [{ file, line: 1, message: `root element is <${root}>: expected <rss>, <feed> (Atom) or <rdf:RDF> (RSS 1.0)` }] };
  }

  const { source, base, nodes, readItem, container, element } = feed;
  if (nodes.length === 0) {
    const line = lineOf(container, lines) ?? 1;
    return { stories: [], errors: [{ file, line, message: `feed has no <${element}> elements: expected one per story` }] };
  }
  const outcome: ReadOutcome = { stories: [], errors: [] };
  nodes.forEach((node, i) => {
    // One item the reader fails on is reported; the feed's other items still load.
    try {
      const read = storyFromItem(readItem(node, i + 1, lines), { file, source, ...(base === undefined ? {} : { base }) });
      if (read.story) outcome.stories.push(read.story);
      outcome.errors.push(...read.errors);
    } catch (error) {
      const line = lineOf(node, lines);
      const message = `${element} ${i + 1}: ${internalStoryError(error)}`;
      outcome.errors.push(line === undefined ? { file, message } : { file, line, message });
    }
  });
  return outcome;
}

type ItemReader = (node: XmlNode, position: number, lines: LineIndex) => FeedItem;

interface FoundFeed {
  source: Source;
  base?: string;
  nodes: XmlNode[];
  readItem: ItemReader;
  /** The element holding the items, for the line of a "no items" error. */
  container: unknown;
  element: "item" | "entry";
}

function findFeed(doc: XmlNode): FoundFeed | undefined {
  const rss = doc["rss"];
  if (isNode(rss)) {
    const channel = isNode(rss["channel"]) ? rss["channel"] : {};
    return { ...rssSource(channel), nodes: nodesOf(channel["item"]), readItem: rssItem, container: channel, element: "item" };
  }
  const rdf = doc["rdf:RDF"];
  if (isNode(rdf)) {
    const channel = isNode(rdf["channel"]) ? rdf["channel"] : {};
    return { ...rssSource(channel), nodes: nodesOf(rdf["item"]), readItem: rssItem, container: rdf, element: "item" };
  }
  const atom = doc["feed"];
  if (isNode(atom)) return { ...atomSource(atom), nodes: nodesOf(atom["entry"]), readItem: atomEntry, container: atom, element: "entry" };
  // An empty root (<rss/>, <feed></feed>) parses as an empty string.
  if (doc["rss"] === "") return { source: { name: "" }, nodes: [], readItem: rssItem, container: undefined, element: "item" };
  if (doc["feed"] === "") return { source: { name: "" }, nodes: [], readItem: atomEntry, container: undefined, element: "entry" };
  return undefined;
}

/** Items as element objects; an empty <item/> parses as "" and still counts, as an item with nothing in it. */
function nodesOf(value: unknown): XmlNode[] {
  return asArray(value).map((node) => (isNode(node) ? node : {}));
}
export { type FeedContext, type FeedItem, type ItemWording, storyFromItem } from "./item.js";
