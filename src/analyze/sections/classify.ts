/**
 * Which built-in section a group of stories belongs to: each category
 * scores the group's weight on its words (summed TF-IDF weight per story:
 * a word the stories use often and the rest of the input seldom counts most).
 */
import { CATEGORIES } from "./vocabulary.js";

/** The distinct words of every category, for looking up their weights once. */
export const CATEGORY_WORDS: ReadonlyArray<string> = [...new Set(CATEGORIES.flatMap((c) => c.words))].sort();

/** Per category (in CATEGORIES order), the summed weight of its words; `weightOf` gives a word's weight in the group. */
export function scoreCategories(weightOf: (word: string) => number): Float64Array {
  return Float64Array.from(CATEGORIES, (category) => category.words.reduce((sum, word) => sum + weightOf(word), 0));
}

/** The best-scoring category (ties: the earlier one), or -1 when no category word occurs. */
export function bestCategory(scores: ArrayLike<number>): number {
  let best = -1;
  for (let c = 0; c < scores.length; c++) if (scores[c]! > 0 && (best < 0 || scores[c]! > scores[best]!)) best = c;
  return best;
}

export function categoryLabel(index: number): string {
  return CATEGORIES[index]!.label;
}
