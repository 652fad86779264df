/**
 * The plain-text article scrape: a headline line, then one paragraph per line
 * (blank lines between blocks). Around them: date and byline lines, image
 * blocks (an alt line over a caption that ends in a photo credit), bullets.
 * Some scrapes have no headline line and glue a date to the first sentence.
 */
import type { Line } from "./lines.js";
import { readDateLine, readDateTag } from "./dates.js";
import {
  bulletText, bylineText, endsLikeSentence, endsWithCredit, isHeadlineLike, markedCaption,
  markedQuote, splitGluedCaption,
} from "./shapes.js";

export interface ArticleParts {
  /** The headline line, or undefined when the scrape has none (the caller derives one). */
  headline?: { text: string; line: number };
  byline?: string;
  publishedAt?: string;
  updatedAt?: string;
  paragraphs: string[];
  captions: string[];
}

export function parseArticle(content: readonly Line[]): ArticleParts {
  const parts: ArticleParts = { paragraphs: [], captions: [] };
  let i = readHead(content, parts);
  /** Content index of the line the last paragraph ended on, to spot alt lines and wrapped lines. */
  let lastParagraphLine = -2;
  for (; i < content.length; i++) {
    const line = content[i]!;
    const text = line.text;
    const caption = markedCaption(text) ?? (endsWithCredit(text) ? text : undefined);
    if (caption !== undefined) {
      // The alt line sits right above its caption, with no blank line between.
      if (lastParagraphLine === i - 1 && !line.afterGap && !endsLikeSentence(content[i - 1]!.text) && parts.paragraphs[parts.paragraphs.length - 1] === content[i - 1]!.text) {
        parts.captions.push(parts.paragraphs.pop()!);
      }
      if (caption !== "") parts.captions.push(caption);
      continue;
    }
    const glued = splitGluedCaption(text);
    if (glued) {
      for (const part of glued) if (part !== "") parts.captions.push(part);
      continue;
    }
    const paragraph = bulletText(text) ?? markedQuote(text) ?? text;
    if (paragraph === "") continue;
    if (lastParagraphLine === i - 1 && continuesParagraph(content[i - 1]!.text, line)) {
      parts.paragraphs[parts.paragraphs.length - 1] += ` ${paragraph}`;
    } else {
      parts.paragraphs.push(paragraph);
    }
    lastParagraphLine = i;
  }
  return parts;
}

/**
 * Reads the lines above the body: date lines, a "By NAME" line and the
 * headline, in any order. A first line that is a paragraph (a date tag glued
 * to it, or several sentences) means the scrape has no headline line.
 * Returns the index of the first body line.
 */
function readHead(content: readonly Line[], parts: ArticleParts): number {
  let i = 0;
  for (; i < content.length; i++) {
    const text = content[i]!.text;
    if (readMeta(text, parts)) continue;
    if (parts.headline !== undefined) break;
    const tag = readDateTag(text);
    if (tag && tag.rest !== "" && /^["'“‘(]?\p{Lu}/u.test(tag.rest)) {
      parts.publishedAt ??= tag.date;
      parts.paragraphs.push(tag.rest);
      return i + 1;
    }
    if (!isHeadlineLike(text)) break;
    parts.headline = { text, line: content[i]!.no };
  }
  return i;
}

/** Consumes a date or byline line; returns whether the line was one. */
function readMeta(text: string, parts: ArticleParts): boolean {
  const dated = readDateLine(text);
  if (dated) {
    if (dated.kind === "updated") parts.updatedAt ??= dated.date;
    else parts.publishedAt ??= dated.date;
    return true;
  }
  if (parts.byline === undefined) {
    const byline = bylineText(text);
    if (byline !== undefined) {
      parts.byline = byline;
      return true;
    }
  }
  return false;
}

/**
 * A hard-wrapped paragraph: the previous line stops mid-sentence at a
 * wrapping width and this one carries on in lower case with no blank between.
 */
function continuesParagraph(previous: string, line: Line): boolean {
  if (line.afterGap || previous.length < 40 || endsLikeSentence(previous)) return false;
  const first = line.text.charAt(0);
  return first !== first.toUpperCase() && bulletText(previous) === undefined && bulletText(line.text) === undefined;
}
