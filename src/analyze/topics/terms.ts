/**
 * The words a story is about. Topic grouping compares stories by normalised
 * terms, so the normalisation decides what counts as "the same word": case,
 * possessives and plurals are folded together.
 */
import type { Story } from "../../model.js";

/** Words whose trailing "s" is not a plural ending. */
const KEEP_FINAL_S = new Set(["news", "series", "species", "means", "always", "perhaps", "whereas", "overseas"]);

/**
 * Folds possessives and regular plurals of a lower-case word ("putin's" ->
 * "putin", "elections" -> "election", "companies" -> "company").
 * Deliberately light: a full stemmer merges words a reader keeps apart
 * ("general"/"generate") and its output is unreadable in keywords.
 */
export function normalizeTerm(word: string): string {
  let term = word.replace(/'s$/, "").replace(/'$/, "");
  if (term.length <= 3 || KEEP_FINAL_S.has(term)) return term;
  if (term.endsWith("ies") && term.length > 4) return term.slice(0, -3) + "y";
  if (term.endsWith("sses")) return term.slice(0, -2);
  if (term.endsWith("s") && !/(ss|us|is|ics)$/.test(term)) term = term.slice(0, -1);
  return term;
}

/** A piece of story text, how much it counts, and whether its capitals can be trusted. */
export interface TextPart {
  text: string;
  weight: number;
  /** False for title-case headlines, where every word is capitalised. */
  names: boolean;
}

/** A headline in title case ("Putin Caught Looking Bored") capitalises ordinary words. */
export function isTitleCase(headline: string): boolean {
  const words = headline.match(/\p{L}{4,}/gu) ?? [];
  if (words.length < 3) return false;
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return capitalised / words.length >= 0.6;
}

/**
 * Story text that says what it is about: headline (counted twice: it is the
 * editor's own statement of the subject, and short stories have little
 * else), lede, body and, for live blogs, every post. Captions are left out:
 * they describe pictures, and agency credit lines would make unrelated
 * stories look alike.
 */
export function storyParts(story: Story): TextPart[] {
  const parts: TextPart[] = [{ text: story.headline, weight: 2, names: !isTitleCase(story.headline) }];
  const body = (text: string): void => {
    if (text.trim() !== "") parts.push({ text, weight: 1, names: true });
  };
  if (story.summary) body(story.summary);
  story.paragraphs.forEach(body);
  for (const post of story.posts ?? []) {
    parts.push({ text: post.title, weight: 1, names: !isTitleCase(post.title) });
    post.paragraphs.forEach(body);
    post.bullets.forEach(body);
    post.quotes.forEach(body);
  }
  return parts;
}
