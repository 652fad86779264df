/**
 * One pass over a story's text that yields both what topic grouping compares
 * (normalised content terms) and what labels are made of (capitalised
 * phrases: the people, places and organisations a story names).
 *
 * Names are found by capitalisation, which is fast and needs no model: a run
 * of capitalised words inside a sentence ("Bank of England", "Kim Jong Un")
 * is a name. A capitalised word that opens a sentence may be an ordinary word
 * ("Analysts said"), so single words there are kept aside and decided later
 * from how the whole input capitalises them (see entities.ts).
 *
 * Terms are numbered as they are first met (a shared TermIndex), which keeps
 * the thousands of per-story counts small and every later step deterministic.
 */
import { STOP_WORDS } from "../../text/index.js";
import { Accumulator, TermIndex, type TermCounts } from "./term-index.js";
import { normalizeTerm, type TextPart } from "./terms.js";
import { finishHash, FNV_OFFSET, FNV_PRIME, hashRange, WordTable } from "./word-table.js";

/** Marks a word whose term is not worked out yet. */
const UNKNOWN = -2;

/** Roles of a word in names (see ScanContext.roles). */
const ROLES_KNOWN = 1;
/** Splits a name: "President". */
const WORD_TITLE = 2;
/** Dropped from either end of a name: "The", "of". */
const WORD_EDGE = 4;
/** May sit inside a name: "of" in "Bank of England". */
const WORD_CONNECTOR = 8;
/** Never a name on its own: "Monday". */
const WORD_NOT_NAME = 16;

/** What is shared while scanning all the stories of one input. */
export class ScanContext {
  readonly index = new TermIndex();
  /** Every spelling met, numbered; the arrays below are indexed by that number. */
  readonly words = new WordTable();
  /** Term as an ordinary word (plurals folded), -1 if not a content word. */
  private plainTerm = new Int32Array(1024).fill(UNKNOWN);
  /** Term as part of a name (no plural folding: "Wilders" is not "Wilder"). */
  private properTerm = new Int32Array(1024).fill(UNKNOWN);
  /** Times each spelling was met in lower case. */
  private lowercase = new Int32Array(1024);
  private roleFlags = new Int32Array(1024);
  private readonly nameTerms = new Map<string, number>();
  /** The story being scanned: term counts, names inside sentences, names opening sentences. */
  readonly termCounts = new Accumulator();
  readonly insideNames = new Accumulator();
  readonly initialNames = new Accumulator();
  readonly scanner: StoryScanner = new StoryScanner(this);

  /** The number of the word text[start..end), whose hash (see word-table.ts) is `hash`. */
  word(text: string, start: number, end: number, hash: number): number {
    const id = this.words.intern(text, start, end, hash);
    if (id >= this.plainTerm.length) {
      const size = this.plainTerm.length * 2;
      this.plainTerm = grow(this.plainTerm, size, UNKNOWN);
      this.properTerm = grow(this.properTerm, size, UNKNOWN);
      this.lowercase = grow(this.lowercase, size, 0);
      this.roleFlags = grow(this.roleFlags, size, 0);
    }
    return id;
  }

  countLowercase(word: number): void {
    this.lowercase[word] = this.lowercase[word]! + 1;
  }

  /** How often the input writes `word` (already lower case) in lower case. */
  lowercaseCount(word: string): number {
    const id = this.words.find(word);
    return id === undefined ? 0 : this.lowercase[id]!;
  }

  /** The term of a multi-word name, by its spelling. */
  nameTerm(surface: string): number {
    let term = this.nameTerms.get(surface);
    if (term === undefined) {
      term = this.index.id(nameKey(surface));
      this.nameTerms.set(surface, term);
    }
    return term;
  }

  /** The term of a word, or -1 for stop words, numbers and single letters. */
  termOf(word: number, proper: boolean): number {
    const known = proper ? this.properTerm[word]! : this.plainTerm[word]!;
    if (known !== UNKNOWN) return known;
    const lower = this.words.words[word]!.toLowerCase().replace(/’/g, "'");
    let id = -1;
    if (lower.length >= 2 && !STOP_WORDS.has(lower) && !/^\d+$/.test(lower)) {
      const term = proper ? lower.replace(/'s?$/, "") : normalizeTerm(lower);
      if (term.length >= 2) id = this.index.id(term);
    }
    (proper ? this.properTerm : this.plainTerm)[word] = id;
    return id;
  }

  add(term: number, weight: number): void {
    this.termCounts.add(term, weight);
  }

  /** The spelling of word number `word`. */
  spelling(word: number): string {
    return this.words.words[word]!;
  }

  /** The word number of a multi-word name's spelling. */
  nameWord(surface: string): number {
    return this.word(surface, 0, surface.length, hashRange(surface, 0, surface.length));
  }

  /** What role a word can play in a name (WORD_* flags), worked out once per spelling. */
  roles(word: number): number {
    let flags = this.roleFlags[word]!;
    if (flags === 0) {
      const lower = this.words.words[word]!.toLowerCase();
      flags = ROLES_KNOWN;
      if (TITLES.has(lower)) flags |= WORD_TITLE;
      if (STOP_WORDS.has(lower) || NAME_CONNECTORS.has(lower)) flags |= WORD_EDGE;
      if (NAME_CONNECTORS.has(lower)) flags |= WORD_CONNECTOR;
      if (NOT_NAMES.has(lower) || lower.length < 2) flags |= WORD_NOT_NAME;
      this.roleFlags[word] = flags;
    }
    return flags;
  }
}

function grow(array: Int32Array, size: number, fill: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(size).fill(fill);
  grown.set(array);
  return grown;
}

/** What one story's text says, as counts. */
export interface StoryScan {
  /** Weighted term counts; multi-word names are also terms of their own. */
  terms: TermCounts;
  /** Names found inside sentences ("North Korea"), by word number (ScanContext.spelling). */
  names: TermCounts;
  /** Single capitalised words seen at a sentence start, by word number. */
  sentenceInitial: TermCounts;
  /** Content terms in text order, -1 where adjacency breaks; for two-word terms. */
  sequence: Int32Array;
  /** Where the body starts in `sequence`: what comes before is the first part, the headline. */
  bodyStart: number;
}

/** Lower-case words that may sit inside a name: "Bank of England", "Harlow & Pike". */
const NAME_CONNECTORS = new Set(["of", "for", "de", "del", "della", "da", "dos", "van", "von", "der", "den", "al", "bin", "le", "la", "du"]);

/**
 * Titles and roles that precede names but are not part of them: "President
 * Vladimir Putin" names Vladimir Putin. They split a capitalised run.
 */
const TITLES = new Set([
  "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "president", "prime", "minister", "chancellor",
  "secretary", "governor", "senator", "judge", "coach", "manager", "captain", "chairman",
  "chairwoman", "leader", "spokesman", "spokeswoman", "professor", "prof", "ambassador", "mayor",
]);

/** Capitalised words that never make a name on their own. */
const NOT_NAMES = new Set([
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
  "february", "march", "april", "may", "june", "july", "august", "september", "october",
  "november", "december", "today", "yesterday", "tomorrow", "i", "i'm", "i've", "i'd", "i'll",
  "ok", "tv", "am", "pm", "read", "watch", "live", "analysis", "breaking", "update", "updates",
  // Modifiers left over when a title splits a run ("Foreign Secretary David Lammy").
  "foreign", "home", "deputy", "shadow", "former", "chief", "executive", "general", "acting", "senior",
]);

const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;

/** Letters and digits of any script; ASCII decided without a regular expression. */
function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return c < 0xd800 || c > 0xdfff ? LETTER_OR_DIGIT.test(String.fromCharCode(c)) : false;
}

/** Apostrophes and hyphens join two runs of letters into one word ("don't", "Jong-un"). */
function isJoiner(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 45;
}

interface RunWord {
  /** Word number in the scan context. */
  id: number;
  text: string;
  /** What separates it from the previous word of the run (" " or " & "). */
  gap: string;
  /** The word opens a sentence, so its capital proves nothing. */
  initial: boolean;
}

/** The term a name counts as: case and hyphens folded ("Kim Jong-un" = "Kim Jong Un"). */
export function nameKey(surface: string): string {
  return surface.toLowerCase().replace(/[-‐]/g, " ").replace(/\s+/g, " ");
}

/**
 * Splits a capitalised run into names: titles split it ("Russian President
 * Vladimir Putin" -> "Russian", "Vladimir Putin"), stop words and connectors
 * at either end are dropped ("The Bank of England" -> "Bank of England").
 */
function namesInRun(run: RunWord[], context: ScanContext): RunWord[][] {
  const names: RunWord[][] = [];
  let current: RunWord[] = [];
  const flush = (): void => {
    let from = 0;
    let to = current.length;
    while (from < to && context.roles(current[from]!.id) & WORD_EDGE) from++;
    while (to > from && context.roles(current[to - 1]!.id) & WORD_EDGE) to--;
    if (to > from) names.push(current.slice(from, to));
    current = [];
  };
  for (const word of run) {
    if (context.roles(word.id) & WORD_TITLE) flush();
    else current.push(word);
  }
  flush();
  return names;
}

/** True for text between words that ends a sentence (., !, ?, :, ; or …). */
function endsSentence(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 46 || c === 33 || c === 63 || c === 58 || c === 59 || c === 0x2026) return true;
  }
  return false;
}

/** Only spaces, or " & ", between two words of one name. */
function joinsName(text: string, from: number, to: number): string | undefined {
  if (to - from === 1 && text.charCodeAt(from) === 32) return " ";
  if (to - from === 3 && text.slice(from, to) === " & ") return " & ";
  return undefined;
}

function isUpperAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c >= 65 && c <= 90) return true;
  if (c < 128) return false;
  const first = text.charAt(at);
  return first !== first.toLowerCase() && first === first.toUpperCase();
}

/** Where a word ends without its possessive: "Putin's" -> "Putin", "Jones'" -> "Jones". */
function possessiveEnd(text: string, start: number, end: number): number {
  const last = text.charCodeAt(end - 1);
  if ((last === 39 || last === 0x2019) && end - start > 1) return end - 1;
  if ((last === 115 || last === 83) && end - start > 2) {
    const apostrophe = text.charCodeAt(end - 2);
    if (apostrophe === 39 || apostrophe === 0x2019) return end - 2;
  }
  return end;
}

/**
 * Scans the text parts of one story. Names are collected only from parts
 * whose capitals can be trusted (not from title-case headlines).
 */
export function scanParts(parts: ReadonlyArray<TextPart>, context: ScanContext): StoryScan {
  return context.scanner.scan(parts);
}

/**
 * The scanning loop. One instance per ScanContext, reused for every story:
 * its state lives in fields rather than in closures made per paragraph, so
 * the engine sees one function at every call site and keeps them fast.
 */
class StoryScanner {
  private text = "";
  private weight = 1;
  private collectNames = true;
  private run: RunWord[] = [];
  private lastEnd = 0;
  private sentenceStart = true;
  /** Content terms in text order for the story being scanned (grown as needed, reused). */
  private sequence = new Int32Array(4096);
  private sequenceLength = 0;

  constructor(private readonly context: ScanContext) {}

  scan(parts: ReadonlyArray<TextPart>): StoryScan {
    const context = this.context;
    this.sequenceLength = 0;
    let bodyStart = -1;
    for (const part of parts) {
      this.scanPart(part);
      if (bodyStart < 0) bodyStart = this.sequenceLength;
    }
    return {
      terms: context.termCounts.drain(),
      names: context.insideNames.drain(),
      sentenceInitial: context.initialNames.drain(),
      sequence: this.sequence.slice(0, this.sequenceLength),
      bodyStart: Math.max(0, bodyStart),
    };
  }

  /**
   * Every word of one part: letters and digits, inner apostrophes and
   * hyphens kept ("don't", "Jong-un"). The loop is written out by hand and
   * hashes each word for the word table as it goes: it runs over every
   * character of every story, where a Unicode regular expression and a
   * separate hashing pass cost several times more.
   */
  private scanPart({ text, weight, names }: TextPart): void {
    this.text = text;
    this.weight = weight;
    this.collectNames = names;
    this.run = [];
    this.lastEnd = 0;
    this.sentenceStart = true;
    const length = text.length;
    let k = 0;
    while (k < length) {
      let c = text.charCodeAt(k);
      if (!isWordChar(c)) {
        k++;
        continue;
      }
      const start = k;
      // Hash of the word so far, and before its last one and two characters.
      let hash = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
      let before1 = FNV_OFFSET;
      let before2 = FNV_OFFSET;
      k++;
      while (k < length) {
        c = text.charCodeAt(k);
        let next = 0;
        if (isWordChar(c)) next = 1;
        else if (isJoiner(c) && k + 1 < length && isWordChar(text.charCodeAt(k + 1))) next = 2;
        else break;
        for (let step = 0; step < next; step++) {
          before2 = before1;
          before1 = hash;
          hash = Math.imul(hash ^ text.charCodeAt(k++), FNV_PRIME);
        }
      }
      const end = possessiveEnd(text, start, k);
      this.word(start, end, k, finishHash(end === k ? hash : end === k - 1 ? before1 : before2));
    }
    this.closeRun();
    this.push(-1);
  }

  /** One word: text[start..end) without its possessive, text[start..rawEnd) with it. */
  private word(start: number, end: number, rawEnd: number, hash: number): void {
    const text = this.text;
    const context = this.context;
    if (endsSentence(text, this.lastEnd, start)) this.sentenceStart = true;
    const gap = joinsName(text, this.lastEnd, start);
    this.lastEnd = rawEnd;
    const id = context.word(text, start, end, hash);
    if (isUpperAt(text, start)) {
      if (gap === undefined) this.closeRun();
      this.run.push({ id, text: context.spelling(id), gap: gap ?? " ", initial: this.sentenceStart && this.run.length === 0 });
      // "Russia's Foreign Ministry": a possessive ends the name.
      if (end !== rawEnd) this.closeRun();
    } else if (this.run.length > 0 && gap !== undefined && context.roles(id) & WORD_CONNECTOR) {
      this.run.push({ id, text: context.spelling(id), gap, initial: false });
    } else {
      this.closeRun();
      if (gap === undefined) this.push(-1);
      context.countLowercase(id);
      this.addWord(id, false);
    }
    this.sentenceStart = false;
  }

  private push(term: number): void {
    if (this.sequenceLength === this.sequence.length) {
      const grown = new Int32Array(this.sequence.length * 2);
      grown.set(this.sequence);
      this.sequence = grown;
    }
    this.sequence[this.sequenceLength++] = term;
  }

  private addWord(word: number, proper: boolean): void {
    const term = this.context.termOf(word, proper);
    this.push(term);
    if (term >= 0) this.context.termCounts.add(term, this.weight);
  }

  /** A run of capitalised words is over: count its names, then its words. */
  private closeRun(): void {
    const run = this.run;
    if (run.length === 0) return;
    if (this.collectNames) {
      // Most runs are one word ("Putin"): no splitting needed.
      if (run.length === 1) {
        if (!(this.context.roles(run[0]!.id) & (WORD_EDGE | WORD_TITLE))) this.countName(run);
      } else for (const name of namesInRun(run, this.context)) this.countName(name);
    }
    for (const word of run) this.addWord(word.id, this.collectNames && !word.initial);
    // A name is a unit: no two-word term reaches across its edges. A lone
    // capitalised word that opens a sentence is an ordinary word.
    if (run.length > 1 || !run[0]!.initial) this.push(-1);
    this.run = [];
  }

  private countName(name: RunWord[]): void {
    const context = this.context;
    if (name.length === 1) {
      const only = name[0]!;
      if (context.roles(only.id) & WORD_NOT_NAME) return;
      (only.initial ? context.initialNames : context.insideNames).add(only.id, 1);
      return;
    }
    const surface = name.map((w, i) => (i === 0 ? w.text : w.gap + w.text)).join("");
    context.insideNames.add(context.nameWord(surface), 1);
    // A multi-word name is also a term of its own: "Bank of England" is
    // more than "bank" and "England", and two stories naming it share more.
    context.add(context.nameTerm(surface), this.weight);
  }
}
