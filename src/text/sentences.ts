/**
 * Sentence splitting, shared by ingest (ledes), analysis and compose. Regex-based on
 * purpose: it runs over thousands of articles per edition and must stay linear.
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
