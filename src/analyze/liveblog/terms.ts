import { contentWords } from "../../text/index.js";

/**
 * Term handling for the condenser: light stemming so that "arrived",
 * "arriving" and "arrival" count as one concept, and number signatures so
 * that "24 years" said in six posts is recognised as one repeated fact.
 */

/**
 * A deliberately small suffix stripper (not Porter): it only has to make
 * inflections of the same word meet, and must be fast on thousands of
 * sentences. Over-stemming is harmless here; stems are never shown.
 */
export function stem(word: string): string {
  let known = STEMS.get(word);
  if (known === undefined) {
    known = stripSuffixes(word);
    // Bounded so that a stream of odd tokens cannot grow it without limit.
    if (STEMS.size < 50_000) STEMS.set(word, known);
  }
  return known;
}

/** Vocabulary repeats heavily across a blog: each word is stemmed once. */
const STEMS = new Map<string, string>();

function stripSuffixes(word: string): string {
  let w = word.replace(/['’]s$/, "").replace(/['’]$/, "");
  w = IRREGULAR.get(w) ?? w;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith("ing") && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith("ed") && w.length > 4) w = undouble(w.slice(0, -2));
  else if (w.endsWith("al") && w.length > 5) w = w.slice(0, -2);
  if (w.endsWith("e") && w.length > 3) w = w.slice(0, -1);
  return w;
}

/** Past forms a suffix stripper cannot reach, mapped to their base ("met" -> "meet"). */
const IRREGULAR = new Map(
  (
    "met:meet won:win ran:run left:leave fell:fall rose:rise took:take gave:give told:tell held:hold led:lead " +
    "came:come went:go gone:go brought:bring began:begin begun:begin sent:send spoke:speak spoken:speak " +
    "struck:strike flew:fly flown:fly shot:shoot sought:seek fought:fight caught:catch thought:think " +
    "bought:buy sold:sell found:find lost:lose hit:hit hurt:hurt kept:keep stood:stand chose:choose " +
    "chosen:choose drove:drive driven:drive broke:break broken:break wrote:write written:write " +
    "killed:kill dead:die died:die deaths:die death:die"
  )
    .split(" ")
    .map((pair) => pair.split(":") as [string, string]),
);

function undouble(w: string): string {
  return /([b-df-hj-np-tv-z])\1$/.test(w) && !/(?:ll|ss|zz)$/.test(w) ? w.slice(0, -1) : w;
}

/** Distinct stemmed content words of a text, in first-seen order. */
export function termsOf(text: string): string[] {
  const seen = new Set<string>();
  for (const word of contentWords(text)) seen.add(stem(word));
  return [...seen];
}

const NUMBER_WITH_UNIT = /(\d[\d,.:]*\d|\d)(%|[a-z]{1,3}\b)?(?:\s+([a-z][a-z-]*))?/gi;
const NOT_A_UNIT = new Set([
  "a", "an", "the", "and", "or", "to", "in", "on", "at", "of", "by", "for", "from", "with", "as", "is", "was",
  "are", "were", "has", "have", "had", "am", "pm", "it", "its", "that", "this", "but", "after", "before",
]);

/**
 * Numbers with what they count ("24 years", "41,000 homes", "94mph", "38.2%").
 * Two sentences sharing one almost always repeat the same fact.
 */
export function numberSignatures(text: string): string[] {
  const signatures = new Set<string>();
  for (const match of text.matchAll(NUMBER_WITH_UNIT)) {
    const value = match[1]!.replace(/,/g, "");
    const glued = match[2]?.toLowerCase();
    const next = match[3]?.toLowerCase();
    if (glued !== undefined) signatures.add(value + glued);
    else if (next !== undefined && !NOT_A_UNIT.has(next)) signatures.add(`${value} ${stem(next)}`);
    else signatures.add(value);
  }
  return [...signatures];
}

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/**
 * Phrases that name one fact: three content words in a row (stop words
 * skipped) of which at least two are common nouns or verbs, not names
 * ("first orbital launch", "sign security partnership"). A run of names
 * ("North Korean leader Kim") is who, not what, and is left out.
 */
export function phraseSignatures(text: string, isStopWord: (word: string) => boolean): string[] {
  const content: { stem: string; name: boolean }[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    const lower = word.toLowerCase().replace(/’/g, "'");
    if (lower.length < 2 || /^\d+$/.test(lower) || isStopWord(lower)) continue;
    content.push({ stem: stem(lower), name: /^\p{Lu}/u.test(word) });
  }
  const phrases: string[] = [];
  for (let at = 0; at + 2 < content.length; at++) {
    const run = content.slice(at, at + 3);
    if (run.filter((word) => !word.name).length >= 2) phrases.push(run.map((word) => word.stem).join(" "));
  }
  return phrases;
}
