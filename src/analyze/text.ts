/**
 * Text utilities shared by topic grouping and live-blog condensing: sentence
 * splitting, word tokens and stop words. Regex-based on purpose: they run over
 * thousands of articles per edition and must stay well under a second.
 */

/** Abbreviations whose trailing period does not end a sentence. */
const ABBREVIATIONS = new Set([
  "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "col", "lt", "sgt", "capt",
  "gov", "sen", "rep", "rev", "hon", "pres", "vs", "etc", "inc", "ltd", "co", "corp",
  "no", "nos", "vol", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
  "sept", "oct", "nov", "dec", "mt", "ft", "approx", "dept", "est", "e.g", "i.e", "u.s",
  "u.k", "u.n", "a.m", "p.m",
]);

/**
 * Splits text into sentences. A sentence ends at ., ! or ? (optionally followed
 * by closing quotes or brackets) when the next word starts a new sentence, and
 * not after a known abbreviation, an initial ("J. Smith") or inside a number.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  const normalized = text.replace(/\s+/g, " ").trim();
  if (normalized === "") return sentences;
  const boundary = /([.!?…]+)(["'”’)\]]*)\s+(?=["'“‘(\[]?[A-Z0-9])/g;
  let start = 0;
  let match: RegExpExecArray | null;
  while ((match = boundary.exec(normalized)) !== null) {
    const end = match.index + match[1]!.length + match[2]!.length;
    if (match[1] === "." && endsWithAbbreviation(normalized, start, end)) continue;
    sentences.push(normalized.slice(start, end).trim());
    start = match.index + match[0].length;
  }
  const rest = normalized.slice(start).trim();
  if (rest !== "") sentences.push(rest);
  return sentences;
}

/**
 * Longest stretch before a period that can hold an abbreviation or an initial with
 * its opening quotes or brackets. Only this tail is examined: looking at the whole
 * sentence so far made a long run of abbreviations ("Mr. Mr. Mr. ...") quadratic.
 */
const ABBREVIATION_WINDOW = 40;

/** Whether the period at `end - 1` of `text` follows an abbreviation or an initial. */
function endsWithAbbreviation(text: string, start: number, end: number): boolean {
  const from = Math.max(start, end - ABBREVIATION_WINDOW);
  const tail = text.slice(from, end);
  const word = /(\S+)\.$/.exec(tail);
  // The last word runs past the window: far too long to be an abbreviation.
  if (word && word.index === 0 && from > start && !/\s/.test(text[from - 1]!)) return false;
  const lastWord = word?.[1] ?? "";
  const bare = lastWord.replace(/^["'“‘(\[]+/, "").toLowerCase();
  if (ABBREVIATIONS.has(bare)) return true;
  // A single capital letter is an initial ("Kim J. Un"), not a sentence end.
  return /^[A-Z]$/.test(lastWord);
}

/** Lower-cased word tokens: letters and digits, inner apostrophes and hyphens kept. */
export function tokenize(text: string): string[] {
  const tokens = text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .match(/[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu);
  return tokens ?? [];
}

/** Words too common to tell one story or sentence from another. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all almost also although am among an and any are " +
    "aren't around as at be became because been before being below between both but by can " +
    "can't cannot could couldn't did didn't do does doesn't doing don't down during each " +
    "either else even ever every few for from further get gets getting got had hadn't has " +
    "hasn't have haven't having he he'd he'll he's her here here's hers herself him himself " +
    "his how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just " +
    "let's like made make makes many may me might more most much must mustn't my myself " +
    "near need needs neither never new no nor not now of off often on once one only or other " +
    "others ought our ours ourselves out over own per perhaps put quite rather really said " +
    "same say says see seen shall shan't she she'd she'll she's should shouldn't since so " +
    "some still such than that that's the their theirs them themselves then there there's " +
    "these they they'd they'll they're they've this those though through thus to too toward " +
    "towards under until up upon us very via was wasn't we we'd we'll we're we've well were " +
    "weren't what what's whatever when when's where where's whether which while who who's " +
    "whom whose why why's will with within without won't would wouldn't yet you you'd " +
    "you'll you're you've your yours yourself yourselves told according including two three " +
    "year years time times back going went come came take took way ways want wants lot lots " +
    "mr mrs ms dr"
  ).split(" "),
);

/** Tokens that carry meaning: no stop words, no bare numbers, no single letters. */
export function contentWords(text: string): string[] {
  return tokenize(text).filter(
    (token) => token.length > 1 && !STOP_WORDS.has(token) && !/^\d+$/.test(token),
  );
}

/** Number of words as a reader would count them. */
export function wordCount(text: string): number {
  const words = text.trim().split(/\s+/);
  return words.length === 1 && words[0] === "" ? 0 : words.length;
}
