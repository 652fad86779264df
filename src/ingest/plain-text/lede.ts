/**
 * The lede (Story.summary) and, for scrapes without a headline line, a
 * headline taken from the first sentence. Both are copies of story text,
 * never new words.
 */
import { leadSentences, splitSentences } from "../../text/index.js";

const MAX_HEADLINE = 120;

/** The first sentence, plus the second when the first is short: what the story is. */
export function lede(paragraph: string | undefined): string | undefined {
  if (paragraph === undefined || paragraph.trim() === "") return undefined;
  return leadSentences(paragraph);
}

/** A headline from the first sentence, cut at a word boundary when long. */
export function headlineFrom(paragraph: string): string {
  const first = splitSentences(paragraph.length > 2000 ? paragraph.slice(0, 2000) : paragraph)[0] ?? paragraph.trim();
  if (first.length <= MAX_HEADLINE) return first;
  const cut = first.lastIndexOf(" ", MAX_HEADLINE);
  return first.slice(0, cut > 40 ? cut : MAX_HEADLINE).trim();
}
