/**
 * The plain-text live-blog scrape (BBC "Live Reporting" pages and the like):
 * a head with the editor and the time zone of post times, then posts, newest
 * first. Posts are numbered ("  1. Title") or start at a time line ("Posted at
 * 08:15", "4.25pm BST", "16:30 GMT – Title"). Each post is a header (label,
 * title, time, byline; some outlets print no title) and a body whose lines
 * are paragraphs, bullets, captions or quotes. Day headers ("Tuesday, 4 June")
 * and the signature line of an embedded post ("— Name (@handle) June 4, 2024")
 * are layout: the embedded post itself is kept as a quote.
 */
import type { Post } from "../../model.js";
import type { Line } from "./lines.js";
import {
  bulletText, bylineText, endsWithCredit, isBareAltLine, isDayHeader, isEmbedSignature, isHeadlineLike, isLabelLine, isNameLine, isRoleLine,
  markedCaption, markedQuote, splitGluedCaption, splitGluedLabel, wordCount,
} from "./shapes.js";
import { parseTimeLine, splitGluedTime, splitLeadingTime, zoneFromLabel, type PrintedTime } from "./time.js";

export interface LiveBlogParts {
  /** A headline line printed above the posts; most scrapes have none. */
  headline?: { text: string; line: number };
  /** The editor ("Edited by Flora Drury" -> "Flora Drury"). */
  byline?: string;
  /** Zone of the post times, from "All times stated are UK" or the times themselves. */
  timeZone?: string;
  /** Text above the posts: "Summary" bullets and any introduction. */
  paragraphs: string[];
  captions: string[];
  posts: Post[];
}

const TIME_ZONE_LEAD_INS = ["all times stated are ", "all times are ", "all times in "];

/**
 * "All times stated are UK" -> "UK". The zone must be a short capitalised
 * name, so a sentence such as "All times are approximate." is not taken.
 */
function timeZoneLine(text: string): string | undefined {
  if (text.length > 50) return undefined;
  const lower = text.toLowerCase();
  const leadIn = TIME_ZONE_LEAD_INS.find((candidate) => lower.startsWith(candidate));
  if (leadIn === undefined) return undefined;
  const zone = text.slice(leadIn.length).replace(/\.$/, "").trim();
  return /^\p{Lu}/u.test(zone) && wordCount(zone) <= 4 ? zone : undefined;
}

/** Lines that are only a time, or a time leading a title: three of them make a run of posts, not an article's timeline mention. */
const BARE_TIMES_FOR_LIVE_BLOG = 3;

/**
 * A live blog announces itself ("Live Reporting", "All times stated are UK")
 * or shows a run of post times ("Posted at 08:15", "...published at 12:36",
 * "4.25pm BST" lines, "16:30 GMT – Title" lines).
 */
export function looksLikeLiveBlog(content: readonly Line[]): boolean {
  let postedTimes = 0;
  let bareTimes = 0;
  for (const line of content) {
    const text = line.text;
    if (text.length > 200) continue;
    const lower = text.toLowerCase();
    if (lower === "live reporting" || lower === "live reporting:") return true;
    if (text.length <= 80 && timeZoneLine(text) !== undefined) return true;
    if (lower.startsWith("posted at ") && parseTimeLine(text)) postedTimes++;
    else if (lower.includes("published at ") && splitGluedTime(text)) postedTimes++;
    else if (parseTimeLine(text) || splitLeadingTime(text)) bareTimes++;
    if (postedTimes >= 2 || bareTimes >= BARE_TIMES_FOR_LIVE_BLOG) return true;
  }
  return false;
}

const POST_NUMBER = /^(\d{1,3})\.(?:\s+|$)/;

interface PostStart {
  /** Index in the content lines. */
  at: number;
  /** The start line's text after the post number; the whole line for time-led posts. */
  rest: string;
}

/**
 * Numbered posts count up from the first number without gaps, and their
 * numbers sit no deeper than the first one: a "2." deeper in, or out of
 * sequence, is a list inside a post.
 */
function numberedPostStarts(content: readonly Line[]): PostStart[] {
  const starts: PostStart[] = [];
  let expected = -1;
  let indent = 0;
  for (let i = 0; i < content.length; i++) {
    const line = content[i]!;
    const c = line.text.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const match = POST_NUMBER.exec(line.text);
    if (!match) continue;
    const n = Number(match[1]);
    if (expected < 0) {
      expected = n;
      indent = line.indent;
    }
    if (n !== expected || line.indent > indent) continue;
    starts.push({ at: i, rest: line.text.slice(match[0].length) });
    expected++;
  }
  return starts;
}

/** Unnumbered posts start at their time line, or at a title with the time glued on. */
function timedPostStarts(content: readonly Line[]): PostStart[] {
  const starts: PostStart[] = [];
  for (let i = 0; i < content.length; i++) {
    const text = content[i]!.text;
    if (text.length > 200) continue;
    // "Updated at 17.02" inside a post amends it; it starts nothing.
    if (text.toLowerCase().startsWith("updated at ")) continue;
    const timed = parseTimeLine(text) !== undefined || splitGluedTime(text) !== undefined || splitLeadingTime(text) !== undefined;
    // "Posted at 08:15" then "Title published at 08:15" is one post, not two.
    const previous = starts[starts.length - 1];
    if (timed && !(previous && previous.at === i - 1 && parseTimeLine(previous.rest))) starts.push({ at: i, rest: text });
  }
  return starts;
}

export function parseLiveBlog(content: readonly Line[]): LiveBlogParts {
  let starts = numberedPostStarts(content);
  if (starts.length === 0) starts = timedPostStarts(content);
  const headEnd = starts.length > 0 ? starts[0]!.at : content.length;
  const parts = parseHead(content.slice(0, headEnd));
  for (let p = 0; p < starts.length; p++) {
    const start = starts[p]!;
    const end = p + 1 < starts.length ? starts[p + 1]!.at : content.length;
    const startLine = content[start.at]!;
    const items: Line[] = [];
    if (start.rest !== "") items.push({ ...startLine, text: start.rest });
    for (let i = start.at + 1; i < end; i++) items.push(content[i]!);
    const { post, zone } = parsePost(items, p, startLine.no);
    parts.posts.push(post);
    if (zone && parts.timeZone === undefined) parts.timeZone = zoneFromLabel(zone);
  }
  return parts;
}

const HEAD_HEADINGS = new Set(["live reporting", "live reporting:", "summary", "key points", "key events", "latest updates", "the latest", "what we know", "live"]);

function parseHead(lines: readonly Line[]): LiveBlogParts {
  const parts: LiveBlogParts = { paragraphs: [], captions: [], posts: [] };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const text = line.text;
    const lower = text.length <= 80 ? text.toLowerCase() : "";
    if (HEAD_HEADINGS.has(lower) || isDayHeader(text)) continue;
    const zone = timeZoneLine(text);
    if (zone !== undefined) {
      parts.timeZone = zoneFromLabel(zone);
      continue;
    }
    const byline = parts.byline === undefined ? bylineText(text) : undefined;
    if (byline !== undefined) {
      parts.byline = byline;
      continue;
    }
    const bullet = bulletText(text);
    if (bullet !== undefined) {
      if (bullet !== "") parts.paragraphs.push(bullet);
      continue;
    }
    if (placeCaption(lines, i, parts.captions)) continue;
    if (parts.headline === undefined && parts.paragraphs.length === 0 && isHeadlineLike(text)) {
      parts.headline = { text, line: line.no };
      continue;
    }
    parts.paragraphs.push(text);
  }
  return parts;
}

/**
 * Captions: "Image caption: ..." and "Video caption: ..." lines, an alt line
 * glued to its caption, and the alt line printed right above a caption.
 * Returns whether the line was a caption (pushed to `captions`).
 */
function placeCaption(lines: readonly Line[], i: number, captions: string[]): boolean {
  const text = lines[i]!.text;
  const marked = markedCaption(text);
  if (marked !== undefined) {
    if (marked !== "") captions.push(marked);
    return true;
  }
  const glued = splitGluedCaption(text);
  if (glued) {
    for (const part of glued) if (part !== "") captions.push(part);
    return true;
  }
  const next = lines[i + 1];
  if (next && !next.afterGap && (markedCaption(next.text) !== undefined)) {
    captions.push(text);
    return true;
  }
  return false;
}

interface ParsedPost {
  post: Post;
  /** Zone words printed with the post's time, e.g. "Greenwich Mean Time". */
  zone?: string;
}

/** One post: header (time, label, title, byline), then its body lines. */
function parsePost(items: readonly Line[], index: number, lineNo: number): ParsedPost {
  let label: string | undefined;
  let title: string | undefined;
  let time: PrintedTime | undefined;
  let c = 0;
  for (; c < items.length; c++) {
    const text = items[c]!.text;
    if (time === undefined) {
      const printed = parseTimeLine(text);
      if (printed) {
        time = printed;
        continue;
      }
    }
    if (title !== undefined) break;
    let rest = text;
    const glued = splitGluedTime(rest) ?? splitLeadingTime(rest);
    if (glued) {
      rest = glued.title;
      time ??= glued.time;
    }
    // Some outlets print no title: after its time line, the post opens with its first paragraph.
    if (!glued && time !== undefined && label === undefined && !isHeadlineLike(rest)) {
      title = "";
      break;
    }
    if (label === undefined && isLabelLine(rest)) {
      label = rest;
      continue;
    }
    const labelled = label === undefined ? splitGluedLabel(rest) : undefined;
    if (labelled) [label, rest] = labelled;
    title = rest;
  }
  // A post printed as a bare label ("Breaking") has the label for its title.
  if (title === undefined) {
    title = label ?? "";
    label = undefined;
  }

  const post: Post = { index, title, paragraphs: [], bullets: [], captions: [], quotes: [], line: lineNo };
  if (label !== undefined) post.label = label;
  c = readPostByline(items, c, post);

  for (let i = c; i < items.length; i++) {
    const text = items[i]!.text;
    if (isDayHeader(text)) continue;
    if (isEmbedSignature(text)) {
      // The embedded post is the paragraph above its signature: a quote, not the blog's words.
      const embedded = post.paragraphs.pop();
      if (embedded !== undefined) post.quotes.push(embedded);
      continue;
    }
    const quote = markedQuote(text);
    if (quote !== undefined) {
      if (quote !== "") post.quotes.push(quote);
      continue;
    }
    const bullet = bulletText(text);
    if (bullet !== undefined) {
      if (bullet !== "") post.bullets.push(bullet);
      continue;
    }
    if (placeCaption(items, i, post.captions)) continue;
    const printed = parseTimeLine(text);
    if (printed && (time === undefined || printed.time === time.time)) {
      // The first time in the body is the post's; a repeat ("07:30 GMT" under "published at 07:30") is layout.
      time ??= printed;
      continue;
    }
    if (isBareAltLine(text) || endsWithCredit(text)) post.captions.push(text);
    else post.paragraphs.push(text);
  }
  if (time) post.time = time.time;
  return time?.zone ? { post, zone: time.zone } : { post };
}

/**
 * A post byline is "By NAME" or a name line over a role line ("Ben Tavener" /
 * "Moscow producer"), right under the title. An alt line over its caption
 * looks like a name over a role, so a role line followed by a caption is not
 * one. Returns the index of the first body line.
 */
function readPostByline(items: readonly Line[], c: number, post: Post): number {
  const first = items[c];
  if (!first) return c;
  const by = bylineText(first.text);
  if (by !== undefined) {
    post.byline = by;
    return c + 1;
  }
  const second = items[c + 1];
  if (!second || !isNameLine(first.text) || !isRoleLine(second.text)) return c;
  const third = items[c + 2];
  if (third && !third.afterGap && markedCaption(third.text) !== undefined) return c;
  post.byline = `${first.text}, ${second.text}`;
  return c + 2;
}
