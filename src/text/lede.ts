/**
 * The one rule for a lede: the first sentence, plus the second when the first is
 * too short to say what the story is. Ingest uses it for a scrape's summary and
 * compose for the text under a headline; each caps the length its own way.
 */
import { splitSentences } from "./sentences.js";

/** A first sentence shorter than this (in characters) gets its second sentence too... */
const SHORT_SENTENCE_CHARS = 100;
/** ...unless the two together would run this long. */
const MAX_PAIR_CHARS = 320;
/** Only the opening of a long paragraph can hold the first two sentences. */
const OPENING_CHARS = 2000;

export function leadSentences(text: string): string | undefined {
  const [first, second] = splitSentences(text.length > OPENING_CHARS ? text.slice(0, OPENING_CHARS) : text);
  if (first === undefined) return undefined;
  const pair = second === undefined ? undefined : `${first} ${second}`;
  return pair !== undefined && first.length < SHORT_SENTENCE_CHARS && pair.length < MAX_PAIR_CHARS ? pair : first;
}
