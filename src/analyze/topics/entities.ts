/**
 * Named people, places and organisations, from the capitalised phrases that
 * scan.ts collected, decided with statistics of the whole input:
 * - a capitalised word is a name only if the input writes it capitalised
 *   more often than not ("Putin" always, "Government" rarely);
 * - a word seen capitalised only at sentence starts is a name only if it is
 *   also capitalised somewhere inside a sentence;
 * - variants fold into the form reporters use after the first mention:
 *   "Vladimir Putin" into "Putin", "Kim Jong Un" into "Kim", and a
 *   nationality into its country ("North Korean" into "North Korea");
 * - the publications' own names ("BBC", "Newsweek") are not subjects.
 */
import { nameKey, type StoryScan } from "./scan.js";

export interface EntityIndex {
  /** Per story, in input order: entity key -> mentions. */
  perStory: Array<Map<string, number>>;
  /** How each entity key is written in labels: its most frequent spelling. */
  display: Map<string, string>;
  /** Number of stories that mention each entity. */
  storyCount: Map<string, number>;
  /** The publications' own names as lower-case keys ("bbc", "guardian"): no subject of a story. */
  sourceKeys: Set<string>;
}

/** "The Guardian" is referred to as "Guardian". */
function sourceKeys(sourceNames: Iterable<string>): Set<string> {
  const keys = new Set<string>();
  for (const name of sourceNames) {
    const key = nameKey(name).replace(/^the /, "");
    keys.add(key);
    // "BBC News" and "BBC Sport" are "BBC" in running text. Only these two
    // endings: "Washington" of "Washington Post" is also a place.
    const brand = /^(.+) (news|sport)$/.exec(key)?.[1];
    if (brand && brand.length >= 2) keys.add(brand);
  }
  return keys;
}

/** What entity resolution needs from the scan of the input. */
interface NameSpellings {
  /** Spelling of a word number (names are counted by word number). */
  spelling(word: number): string;
  /** How often the input writes `word` (lower case) in lower case. */
  lowercaseCount(word: string): number;
}

export function resolveEntities(scans: ReadonlyArray<StoryScan>, words: NameSpellings, sourceNames: Iterable<string>): EntityIndex {
  // How often each spelling occurs: inside sentences, and in all.
  const inside = new Map<number, number>();
  const total = new Map<number, number>();
  for (const scan of scans) {
    const { ids, counts } = scan.names;
    for (let k = 0; k < ids.length; k++) {
      inside.set(ids[k]!, (inside.get(ids[k]!) ?? 0) + counts[k]!);
      total.set(ids[k]!, (total.get(ids[k]!) ?? 0) + counts[k]!);
    }
    const initial = scan.sentenceInitial;
    for (let k = 0; k < initial.ids.length; k++) total.set(initial.ids[k]!, (total.get(initial.ids[k]!) ?? 0) + initial.counts[k]!);
  }
  // The entity key of each spelling, or nothing when the spelling is no name.
  const keyOf = new Map<number, string>();
  const spellings = new Map<string, Map<string, number>>();
  const mentions = new Map<string, number>();
  for (const [word, count] of total) {
    const insideCount = inside.get(word) ?? 0;
    const surface = words.spelling(word);
    const name = insideCount > 0 && (surface.includes(" ") || words.lowercaseCount(surface.toLowerCase()) < insideCount);
    if (!name) continue;
    const key = nameKey(surface);
    keyOf.set(word, key);
    mentions.set(key, (mentions.get(key) ?? 0) + count);
    const forms = spellings.get(key) ?? new Map<string, number>();
    forms.set(surface, count);
    spellings.set(key, forms);
  }

  const excluded = sourceKeys(new Set(sourceNames));
  const fold = foldVariants(mentions, spellings);
  const target = new Map<string, string | undefined>();
  for (const key of mentions.keys()) {
    const folded = fold(key);
    target.set(key, excluded.has(folded) ? undefined : folded);
  }
  const perStory = scans.map((scan) => {
    const found = new Map<string, number>();
    for (const { ids, counts } of [scan.names, scan.sentenceInitial]) {
      for (let k = 0; k < ids.length; k++) {
        const key = keyOf.get(ids[k]!);
        const resolved = key === undefined ? undefined : target.get(key);
        if (resolved !== undefined) found.set(resolved, (found.get(resolved) ?? 0) + counts[k]!);
      }
    }
    return found;
  });

  const display = new Map<string, string>();
  for (const [key, forms] of spellings) {
    const best = [...forms].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0];
    if (best) display.set(key, best[0]);
  }
  const storyCount = new Map<string, number>();
  for (const found of perStory) for (const key of found.keys()) storyCount.set(key, (storyCount.get(key) ?? 0) + 1);
  return { perStory, display, storyCount, sourceKeys: excluded };
}

/**
 * Where each entity key folds to: a two- or three-word personal name folds
 * into its first or last word when the input uses that word alone at least as
 * often ("Vladimir Putin" -> "Putin"); names with "of" or "&" are
 * institutions and stay whole ("Bank of England" is not "England"). A
 * nationality folds into its country ("Russian" -> "Russia").
 */
/** "Bank of England", "Harlow & Pike": names of institutions, not people. */
const INSTITUTION = /(^|\s)(of|for|de|van|von|&)(\s|$)/i;

function foldVariants(mentions: Map<string, number>, spellings: Map<string, Map<string, number>>): (key: string) => string {
  const direct = new Map<string, string>();
  for (const [key, count] of mentions) {
    const words = key.split(" ");
    const looksPersonal = words.length >= 2 && words.length <= 3 && ![...(spellings.get(key)?.keys() ?? [])].some((s) => INSTITUTION.test(s));
    if (looksPersonal) {
      const options = [words[words.length - 1]!, words[0]!]
        .filter((w) => (mentions.get(w) ?? 0) >= count)
        .sort((a, b) => (mentions.get(b) ?? 0) - (mentions.get(a) ?? 0));
      if (options[0] !== undefined) {
        direct.set(key, options[0]);
        continue;
      }
    }
    for (const suffix of ["ns", "n"]) {
      const base = key.slice(0, -suffix.length);
      if (key.endsWith(suffix) && base.length >= 3 && mentions.has(base)) {
        direct.set(key, base);
        break;
      }
    }
  }
  return (key: string): string => {
    let current = key;
    for (let hops = 0; hops < 4; hops++) {
      const next = direct.get(current);
      if (next === undefined || next === current) break;
      current = next;
    }
    return current;
  };
}
