/**
 * A label a reader understands, built from what a topic's stories share:
 * named people, places and organisations first ("Putin · North Korea"), then
 * key terms ("Interest rate · Bank of England"). Candidates are scored by
 *   coverage  - the share of the topic's stories that mention them,
 *   lift      - how much more common they are in the topic than in the input,
 *   frequency - mentions per story,
 *   headlines - the share of the topic's headlines that name them,
 * so a label says what the topic's stories have in common, what sets them
 * apart from the rest of the edition, and what their editors put first.
 */
import type { Story } from "../../model.js";
import { headlineKey } from "./duplicates.js";
import type { EntityIndex } from "./entities.js";
import type { StoryScan } from "./scan.js";
import type { TermCounts, TermIndex } from "./term-index.js";

/** What labelling needs to know about the whole input. */
interface LabelContext {
  stories: ReadonlyArray<Story>;
  scans: ReadonlyArray<StoryScan>;
  entities: EntityIndex;
  terms: TermIndex;
  /** Number of stories that contain each term, by term number. */
  termStoryCount: Int32Array;
}

export interface TopicDescription {
  /** Its best shared names and key terms as "A · B": for keywords and tests of them, not a reader's label. */
  label: string;
  keywords: string[];
  /** Names shared by at least half of the stories, best first. */
  names: string[];
  /** Key terms, best first, words common to all news left out. */
  terms: string[];
}

/** Parts of a label. */
const LABEL_PARTS = 2;
const KEYWORDS = 8;
/** A name must be shared by at least this share of the topic's stories to label it. */
const NAME_COVERAGE = 0.5;
/** A two-word term ("interest rate") says more than either word: it wins near-ties. */
const PHRASE_BONUS = 1.25;
/** Only two-word terms made of a topic's strongest single words are considered. */
const PHRASE_WORDS = 30;
/** A two-word term at least this fraction as strong as its word replaces it in a label. */
const PHRASE_STANDS_IN = 0.5;
/** A name in this share of a term's stories already says the term. */
const NAME_SAYS_IT = 0.8;

interface Candidate {
  /** Lower-case comparison key. */
  key: string;
  text: string;
  isName: boolean;
  coverage: number;
  score: number;
}

interface Tally {
  stories: number;
  mentions: number;
}

function score(t: Tally, size: number, inputStories: number, inputSize: number): number {
  const coverage = t.stories / size;
  const lift = coverage / Math.max(inputStories / inputSize, 1e-9);
  return coverage * Math.log1p(lift * lift) * Math.log1p(t.mentions / size);
}

/** Over a topic's stories: how many stories mention each key, and how often. */
function tallyCounts<K>(maps: Iterable<ReadonlyMap<K, number>>): Map<K, Tally> {
  const counts = new Map<K, Tally>();
  for (const map of maps) {
    for (const [key, count] of map) {
      const entry = counts.get(key);
      if (entry) {
        entry.stories++;
        entry.mentions += count;
      } else counts.set(key, { stories: 1, mentions: count });
    }
  }
  return counts;
}


const byScore = (a: Candidate, b: Candidate): number => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Two adjacent terms as one number (first * size + second). */
function phraseCounts(sequence: Int32Array, size: number, accept: (a: number, b: number) => boolean): Map<number, number> {
  const found = new Map<number, number>();
  for (let k = 1; k < sequence.length; k++) {
    const a = sequence[k - 1]!;
    const b = sequence[k]!;
    if (a < 0 || b < 0 || a === b || !accept(a, b)) continue;
    const key = a * size + b;
    found.set(key, (found.get(key) ?? 0) + 1);
  }
  return found;
}

/** True when a name mentioned in nearly as many stories already holds one of `words`. */
function saidByName(nameWords: Map<string, number>, words: string[], stories: number): boolean {
  const named = (w: string): number => Math.max(nameWords.get(w) ?? 0, nameWords.get(w.replace(/n$/, "")) ?? 0);
  return words.some((w) => named(w) >= NAME_SAYS_IT * stories);
}

/** What one topic offers before two-word terms are compared with the whole input. */
interface Draft {
  members: ReadonlyArray<number>;
  names: Candidate[];
  terms: Candidate[];
  phrases: Map<number, Tally>;
  /**
   * For each lower-case word of a name, the most stories of the topic that
   * name it: a term that a name already says ("bank" in "Bank of England")
   * is not a key term of its own.
   */
  nameWords: Map<string, number>;
}

/** Per-term story and mention counts over one topic, in arrays reused from topic to topic. */
class TermTally {
  readonly stories: Int32Array;
  readonly mentions: Float64Array;
  readonly touched: number[] = [];

  constructor(termCount: number) {
    this.stories = new Int32Array(termCount);
    this.mentions = new Float64Array(termCount);
  }

  add({ ids, counts }: TermCounts): void {
    for (let k = 0; k < ids.length; k++) {
      const term = ids[k]!;
      if (this.stories[term] === 0) this.touched.push(term);
      this.stories[term] = this.stories[term]! + 1;
      this.mentions[term] = this.mentions[term]! + counts[k]!;
    }
  }

  clear(): void {
    for (const term of this.touched) {
      this.stories[term] = 0;
      this.mentions[term] = 0;
    }
    this.touched.length = 0;
  }
}

/** Names and terms worth scoring are shared by two stories of the topic (or it has one story). */
const shared = (stories: number, size: number): boolean => stories >= Math.min(2, size);

/** Only the best few names get the (slower) headline check. */
const NAMES_CHECKED = 40;

function draftTopic(members: ReadonlyArray<number>, ctx: LabelContext, tally: TermTally): Draft {
  const size = members.length;
  const inputSize = ctx.scans.length;
  const names = [...tallyCounts(members.map((i) => ctx.entities.perStory[i]!))]
    .filter(([, t]) => shared(t.stories, size))
    .map(([key, t]): Candidate => ({
      key,
      text: ctx.entities.display.get(key) ?? key,
      isName: true,
      coverage: t.stories / size,
      score: score(t, size, ctx.entities.storyCount.get(key) ?? t.stories, inputSize),
    }))
    .sort(byScore)
    .slice(0, NAMES_CHECKED);
  const headlines = members.map((i) => ` ${headlineKey(ctx.stories[i]!.headline)} `);
  for (const name of names) name.score *= 1 + headlines.filter((h) => h.includes(` ${name.key}`)).length / size;
  names.sort(byScore);

  const nameWords = new Map<string, number>();
  for (const c of names) {
    for (const word of c.key.split(" ")) nameWords.set(word, Math.max(nameWords.get(word) ?? 0, Math.round(c.coverage * size)));
  }
  for (const i of members) tally.add(ctx.scans[i]!.terms);
  const terms: Candidate[] = [];
  for (const term of tally.touched) {
    const stories = tally.stories[term]!;
    const text = ctx.terms.terms[term]!;
    if (!shared(stories, size) || ctx.terms.isName(term) || saidByName(nameWords, [text], stories) || ctx.entities.sourceKeys.has(text)) continue;
    const t = { stories, mentions: tally.mentions[term]! };
    terms.push({ key: text, text, isName: false, coverage: stories / size, score: score(t, size, ctx.termStoryCount[term]!, inputSize) });
  }
  tally.clear();
  terms.sort(byScore);
  const strong = new Set(terms.slice(0, PHRASE_WORDS).map((c) => ctx.terms.find(c.key)!));
  const phrases = tallyCounts(members.map((i) => phraseCounts(ctx.scans[i]!.sequence, ctx.terms.size, (a, b) => strong.has(a) && strong.has(b))));
  for (const [key, t] of phrases) if (!shared(t.stories, size)) phrases.delete(key);
  return { members, names, terms: terms.slice(0, 200), phrases, nameWords };
}

/** Number of stories in the whole input that contain each two-word term of `wanted`. */
function phraseStoryCounts(ctx: LabelContext, wanted: ReadonlySet<number>): Map<number, number> {
  const counts = new Map<number, number>();
  if (wanted.size === 0) return counts;
  for (const scan of ctx.scans) {
    for (const key of phraseCounts(scan.sequence, ctx.terms.size, (a, b) => wanted.has(a * ctx.terms.size + b)).keys()) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** True when two candidates share a word ("rate" and "interest rate"). */
function overlaps(a: Candidate, b: Candidate): boolean {
  const words = new Set(b.key.split(" "));
  return a.key.split(" ").some((w) => words.has(w));
}

/** Up to `count` candidates in rank order, none repeating a word of another or of `chosen`. */
function pick(ranked: Candidate[], count: number, chosen: Candidate[] = []): Candidate[] {
  const result = [...chosen];
  for (const candidate of ranked) {
    if (result.length >= count) break;
    if (!result.some((c) => overlaps(c, candidate))) result.push(candidate);
  }
  return result.slice(chosen.length);
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Words frequent in news of every kind, which name no subject: a label
 * "People · Technology" says less than "Technology · User". Kept out of labels
 * and keywords only; they still count for grouping.
 */
const GENERIC_TERMS = new Set([
  "people", "first", "last", "world", "week", "month", "day", "today", "use", "used", "number",
  "part", "place", "thing", "news", "report", "reported", "statement", "added", "asked", "called",
  "found", "given", "known", "several", "recent", "recently", "former", "next", "other", "big",
  "high", "low", "good", "bad", "best", "better", "old", "young", "little", "long", "right", "left",
  "end", "start", "set", "show", "shown", "likely", "least", "second", "third", "top", "side",
  "area", "region", "country", "group", "case", "issue", "point", "term", "move", "plan", "hour",
  "minute", "million", "billion", "percent", "cent", "spokesman", "spokeswoman", "official",
]);

/**
 * The label: the topic's best shared name first, then the stronger of the
 * next name and the best key term. A word is replaced by a two-word term
 * that contains it when that term is nearly as strong ("rate" by "interest rate").
 */
function labelParts(names: Candidate[], keyTerms: Candidate[]): Candidate[] {
  const terms = keyTerms.filter((c) => !c.key.split(" ").some((w) => GENERIC_TERMS.has(w)));
  const expand = (c: Candidate): Candidate => {
    if (c.isName || c.key.includes(" ")) return c;
    const phrase = terms.find((p) => p.key.includes(" ") && p.key.split(" ").includes(c.key) && p.score >= PHRASE_STANDS_IN * c.score);
    return phrase ?? c;
  };
  const parts: Candidate[] = [];
  const ranked = names.length > 0 ? [names[0]!, ...[...names.slice(1), ...terms].sort(byScore)] : terms;
  for (const candidate of ranked) {
    if (parts.length >= LABEL_PARTS) break;
    const part = expand(candidate);
    if (!parts.some((c) => overlaps(c, part))) parts.push(part);
  }
  return [...parts.filter((c) => c.isName), ...parts.filter((c) => !c.isName)];
}

/**
 * Labels and keywords for each topic (given as story indices). Names shared
 * by at least half of a topic's stories come first; key terms fill the rest.
 */
export function describeTopics(topics: ReadonlyArray<ReadonlyArray<number>>, ctx: LabelContext): TopicDescription[] {
  const tally = new TermTally(ctx.terms.size);
  const drafts = topics.map((members) => draftTopic(members, ctx, tally));
  const wanted = new Set(drafts.flatMap((d) => [...d.phrases.keys()]));
  const inputPhraseCounts = phraseStoryCounts(ctx, wanted);
  const size = ctx.terms.size;
  return drafts.map((draft): TopicDescription => {
    const n = draft.members.length;
    if (n === 0) return { label: "", keywords: [], names: [], terms: [] };
    const phrases = [...draft.phrases]
      .map(([key, t]): Candidate => {
        const text = `${ctx.terms.terms[Math.floor(key / size)]} ${ctx.terms.terms[key % size]}`;
        return { key: text, text, isName: false, coverage: t.stories / n, score: PHRASE_BONUS * score(t, n, inputPhraseCounts.get(key) ?? t.stories, ctx.scans.length) };
      })
      .filter((c) => !saidByName(draft.nameWords, c.key.split(" "), Math.round(c.coverage * n)) && !c.key.split(" ").some((w) => ctx.entities.sourceKeys.has(w)));
    const keyTerms = [...draft.terms, ...phrases].sort(byScore);
    const sharedNames = draft.names.filter((c) => c.coverage >= NAME_COVERAGE && (c.coverage * n >= 2 || n === 1));
    const parts = labelParts(sharedNames, keyTerms);
    const specific = [...draft.names, ...keyTerms].filter((c) => c.isName || !c.key.split(" ").some((w) => GENERIC_TERMS.has(w)));
    const keywords = pick(specific.sort(byScore), KEYWORDS).map((c) => c.text);
    const names = sharedNames.map((c) => c.text);
    const terms = keyTerms.filter((c) => !c.key.split(" ").some((w) => GENERIC_TERMS.has(w))).map((c) => c.text);
    return { label: parts.map((c) => capitalise(c.text)).join(" · "), keywords, names, terms };
  });
}
