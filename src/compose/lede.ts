/**
 * The lede shown under a headline: one sentence, or two when the first is too
 * short to say what the story is. Taken from the story's summary when it has one,
 * else from its first paragraph that reads like prose.
 */
import type { Story } from "../model.js";
import { cleanText, leadSentences, truncateChars, truncateWords, wordCount } from "../text/index.js";

/** A lede never runs longer than this, however long its sentences. */
export const MAX_LEDE_WORDS = 55;
/** Nor longer than this: 55 "words" may be one unbroken 100 KB string. */
export const MAX_LEDE_CHARS = 500;
/** Paragraphs shorter than this are captions, credits or labels, not prose. */
const MIN_PARAGRAPH_WORDS = 8;

export function ledeOf(story: Story): string | null {
  const candidates = [story.summary, ...story.paragraphs].map((text) => cleanText(text ?? ""));
  const source = candidates.find((text, i) => (i === 0 ? text !== "" : wordCount(text) >= MIN_PARAGRAPH_WORDS));
  if (!source) return null;
  const chosen = leadSentences(source);
  if (chosen === undefined) return null;
  return truncateChars(truncateWords(chosen, MAX_LEDE_WORDS), MAX_LEDE_CHARS);
}
