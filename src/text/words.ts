/** Word-level helpers: tokens, stop words, counts and cutting at word boundaries. */

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

/**
 * Number of words: runs of characters that are not white space. One loop, no
 * regex or array: it runs on every line of every story at ingest.
 */
export function wordCount(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** ASCII controls and space, plus the Unicode spaces `\s` matches. */
function isSpace(code: number): boolean {
  return (
    code <= 32 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * At most `max` words; when cut, trailing punctuation is dropped and "…" added.
 * Never cuts inside a word.
 */
export function truncateWords(text: string, max: number): string {
  const words = text.split(/\s+/).filter((w) => w !== "");
  if (words.length <= max) return words.join(" ");
  return words.slice(0, Math.max(0, max)).join(" ").replace(/[\s,;:.!?–—-]+$/u, "") + "…";
}

/** At most `max` characters, cut at a word boundary with "…" when cut. */
export function truncateChars(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never end on half of a surrogate pair (an emoji cut in two shows as "�").
  const cut = text.slice(0, /[\ud800-\udbff]/.test(text.charAt(max - 2)) ? max - 2 : max - 1);
  const lastSpace = cut.lastIndexOf(" ");
  return (lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.!?–—-]+$/u, "") + "…";
}
