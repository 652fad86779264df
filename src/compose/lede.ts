/**
 * The lede shown under a headline: one sentence, or two when the first is too
 * short to say what the story is. Taken from the story's summary when it has one,
 * else from its first paragraph that reads like prose.
 */
import type { Story } from "../model.js";
import { splitSentences } from "../analyze/text.js";
import { cleanText, countWords, truncateChars, truncateWords } from "./text.js";

/** A first sentence shorter than this gets its second sentence too. */
const SHORT_SENTENCE_WORDS = 14;
/** A lede never runs longer than this, however long its sentences. */
export const MAX_LEDE_WORDS = 55;
/** Nor longer than this: 55 "words" may be one unbroken 100 KB string. */
export const MAX_LEDE_CHARS = 500;
/** Paragraphs shorter than this are captions, credits or labels, not prose. */
const MIN_PARAGRAPH_WORDS = 8;

export function ledeOf(story: Story): string | null {
  const candidates = [story.summary, ...story.paragraphs].map((text) => cleanText(text ?? ""));
  const source = candidates.find((text, i) => (i === 0 ? text !== "" : countWords(text) >= MIN_PARAGRAPH_WORDS));
  if (!source) return null;
  const sentences = splitSentences(source);
  const [first, second] = sentences;
  if (first === undefined) return null;
  const chosen = countWords(first) < SHORT_SENTENCE_WORDS && second !== undefined ? `${first} ${second}` : first;
  return truncateChars(truncateWords(chosen, MAX_LEDE_WORDS), MAX_LEDE_CHARS);
}
