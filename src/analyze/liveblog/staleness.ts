import {
  HEDGE_WORDS,
  isPending,
  isSpeculative,
  mentionsReversibleState,
  statesAsserted,
  statesReversed,
  withoutAttribution,
} from "./cues.js";
import { type BlogStats, isNewsPost } from "./stats.js";
import { stem, termsOf } from "./terms.js";
import type { PostUnits, Unit } from "./units.js";

/**
 * Current, not historical. A live blog's older posts are written before the
 * facts settled: "it's still unclear when he will arrive", "we're awaiting
 * details from police". A newer post that reports the outcome makes them
 * stale. The rules:
 *
 * 1. Waiting language (see cues.ts PENDING) is stale once newer posts have
 *    covered what it was waiting on: at least half of its specific terms
 *    (idf-weighted, hedge words and background terms left out) appear in
 *    newer statements that are not themselves waiting. It is also stale once
 *    more than a handful of posts have followed it: a "we're still waiting"
 *    from hours ago is not what we know now, whatever came of it.
 * 2. Speculation ("may sign", "is expected to") is stale when one newer
 *    statement without any hedge says most of the same thing. In a post
 *    whose waiting lines were settled, speculation is part of the wait and
 *    is judged by rule 1.
 * 3. The blog's own recap, when a newer recap or many newer posts followed it,
 *    is overtaken bullet by bullet wherever newer posts cover the bullet.
 * 4. A state that a newer post reverses ("paused" then "resumed", "closed"
 *    then "reopened") is stale.
 * 5. A count that a newer post updates ("death toll rises to 21", then
 *    "... to 38") is stale.
 */

export type Hedge = "pending" | "speculative" | "none";

export interface Staleness {
  hedge: Map<number, Hedge>;
  /** Unit ids that newer posts have settled or overtaken. */
  stale: Set<number>;
  /** Post indexes headlined with a settled waiting line: their other lines are dated too. */
  overtakenPosts: Set<number>;
  /** Post indexes that were waiting for something newer posts report: written before the story moved on. */
  datedPosts: Set<number>;
  /** Post index of the recap that is recent enough to lead the summary, if any. */
  freshRecap: number | undefined;
}

const PENDING_COVERAGE = 0.5;
const SPECULATION_OVERLAP = 0.6;
const RECAP_COVERAGE = 0.5;

function hedgeOf(text: string): Hedge {
  if (isPending(text)) return "pending";
  return isSpeculative(text) ? "speculative" : "none";
}

export function findStale(posts: readonly PostUnits[], stats: BlogStats): Staleness {
  const { hedge, evidence } = hedgesAndEvidence(posts);
  const judge: Judge = { stats, hedge, statements: indexStatements(evidence, hedge), recency: newsRecency(posts) };
  const stale = new Set<number>();
  const { settled, overtakenPosts, datedPosts } = settledHedges(posts, judge);
  for (const id of settled) stale.add(id);
  for (const id of settledSpeculationInDatedPosts(posts, datedPosts, judge)) stale.add(id);
  const freshRecap = freshRecapOf(posts, judge.recency);
  for (const id of overtakenRecapBullets(posts, freshRecap, judge)) stale.add(id);
  for (const id of reversedStates(evidence, hedge, stats)) stale.add(id);
  for (const id of updatedNumbers(evidence, hedge, stats)) stale.add(id);
  judgePairs(posts, hedge, stale);
  return { hedge, stale, overtakenPosts, datedPosts, freshRecap };
}

/** The hedge of every line (pairs come last, from their parts), and the informative lines of news posts in post order. */
function hedgesAndEvidence(posts: readonly PostUnits[]): { hedge: Map<number, Hedge>; evidence: Unit[] } {
  const hedge = new Map<number, Hedge>();
  const evidence: Unit[] = [];
  for (const post of posts) {
    for (const unit of post.units) {
      if (unit.kind === "pair") continue;
      hedge.set(unit.id, hedgeOf(unit.text));
      if (isNewsPost(post) && unit.informative) evidence.push(unit);
    }
  }
  return { hedge, evidence };
}

/** What the news posts state, by term. */
interface Statements {
  /** Newest rank at which each term is stated by something that is not waiting. */
  newestRank: Map<string, number>;
  /** Which unhedged statements carry each term, newest first, for rule 2. */
  plainByTerm: Map<string, Unit[]>;
}

function indexStatements(evidence: readonly Unit[], hedge: ReadonlyMap<number, Hedge>): Statements {
  const newestRank = new Map<string, number>();
  // A line repeated word for word is listed once, at its newest copy: whatever
  // an older copy could settle, the newest one settles too.
  const plainByTerm = new Map<string, Unit[]>();
  const listed = new Set<string>();
  for (const unit of evidence) {
    const kind = hedge.get(unit.id);
    if (kind === "pending") continue;
    const list = kind === "none" && !listed.has(unit.text);
    if (list) listed.add(unit.text);
    for (const term of unit.terms) {
      const seen = newestRank.get(term);
      if (seen === undefined || unit.rank < seen) newestRank.set(term, unit.rank);
      if (list) {
        const statements = plainByTerm.get(term);
        if (statements) statements.push(unit);
        else plainByTerm.set(term, [unit]);
      }
    }
  }
  return { newestRank, plainByTerm };
}

/** How far the blog has moved on since a post. */
interface Recency {
  /** How many news posts are newer than the post at `rank`. */
  newerNewsPosts(rank: number): number;
  /** More newer news posts than this date a post whatever came of it. */
  horizon: number;
}

function newsRecency(posts: readonly PostUnits[]): Recency {
  // newerNews[rank]: how many news posts are newer than the post at that rank.
  const newerNews: number[] = [];
  let newsSoFar = 0;
  for (const post of posts) {
    newerNews[post.rank] = newsSoFar;
    if (isNewsPost(post)) newsSoFar += 1;
  }
  return { newerNewsPosts: (rank) => newerNews[rank] ?? 0, horizon: Math.max(3, Math.round(0.1 * newsSoFar)) };
}

/** What the rules judge a line against. */
interface Judge {
  stats: BlogStats;
  hedge: ReadonlyMap<number, Hedge>;
  statements: Statements;
  recency: Recency;
}

/** The idf-weighted share of a line's specific terms that newer statements carry. */
function coveredShare(unit: Unit, { stats, statements }: Judge): number {
  const terms = specificTerms(unit, stats);
  let total = 0;
  let covered = 0;
  for (const term of terms) {
    const weight = stats.idf(term);
    total += weight;
    if ((statements.newestRank.get(term) ?? Infinity) < unit.rank) covered += weight;
  }
  return total === 0 ? 0 : covered / total;
}

/** Rule 2: one newer unhedged statement says most of what the line says. */
function settledBySingleStatement(unit: Unit, { stats, statements }: Judge): boolean {
  const weights = new Map(specificTerms(unit, stats).map((term) => [term, stats.idf(term)] as const));
  const total = [...weights.values()].reduce((sum, weight) => sum + weight, 0);
  if (total === 0) return false;
  // A settling statement shares at least SPECULATION_OVERLAP of the weight,
  // so it must hold one of the heaviest terms that together carry more than
  // the rest: only their (short) lists need reading.
  const heaviest = [...weights].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const probes: string[] = [];
  let probed = 0;
  for (const [term, weight] of heaviest) {
    probes.push(term);
    probed += weight;
    if (probed > total * (1 - SPECULATION_OVERLAP)) break;
  }
  const checked = new Set<number>();
  for (const term of probes) {
    for (const other of statements.plainByTerm.get(term) ?? []) {
      if (other.rank >= unit.rank) break; // lists run newest first
      if (checked.has(other.id)) continue;
      checked.add(other.id);
      let shared = 0;
      for (const otherTerm of other.terms) shared += weights.get(otherTerm) ?? 0;
      if (shared / total >= SPECULATION_OVERLAP) return true;
    }
  }
  return false;
}

/** Rules 1 and 2: waiting lines and speculation that newer posts have settled, with the posts they date. */
function settledHedges(posts: readonly PostUnits[], judge: Judge): { settled: number[]; overtakenPosts: Set<number>; datedPosts: Set<number> } {
  const { hedge, recency } = judge;
  const settled: number[] = [];
  const overtakenPosts = new Set<number>();
  const datedPosts = new Set<number>();
  for (const post of posts) {
    for (const unit of post.units) {
      if (unit.kind === "pair") continue;
      const kind = hedge.get(unit.id);
      if (kind === "pending") {
        const covered = coveredShare(unit, judge) >= PENDING_COVERAGE;
        if (covered) datedPosts.add(unit.post);
        if (covered || recency.newerNewsPosts(unit.rank) > recency.horizon) {
          settled.push(unit.id);
          // A post headlined with a waiting line ("Planes heading for North
          // Korea") was about the wait: the rest of it is dated as well.
          if (unit.kind === "title") overtakenPosts.add(unit.post);
        }
      } else if (kind === "speculative" && settledBySingleStatement(unit, judge)) {
        settled.push(unit.id);
      }
    }
  }
  return { settled, overtakenPosts, datedPosts };
}

/**
 * Speculation in a post that was waiting for what has since happened ("it is
 * still unclear whether the crew were on board ... they may have been
 * evacuated") is judged like the waiting line beside it.
 */
function settledSpeculationInDatedPosts(posts: readonly PostUnits[], datedPosts: ReadonlySet<number>, judge: Judge): number[] {
  const { hedge, recency } = judge;
  const settled: number[] = [];
  for (const post of posts) {
    if (!datedPosts.has(post.post.index)) continue;
    for (const unit of post.units) {
      if (unit.kind === "pair" || hedge.get(unit.id) !== "speculative") continue;
      if (coveredShare(unit, judge) >= PENDING_COVERAGE || recency.newerNewsPosts(unit.rank) > recency.horizon) settled.push(unit.id);
    }
  }
  return settled;
}

/** Only the newest recap can lead, and only while few posts have followed it. */
function freshRecapOf(posts: readonly PostUnits[], recency: Recency): number | undefined {
  const newestRecap = posts.find((post) => post.role === "recap");
  return newestRecap !== undefined && recency.newerNewsPosts(newestRecap.rank) <= recency.horizon ? newestRecap.post.index : undefined;
}

/** Rule 3: bullets of the recaps that cannot lead, wherever newer posts cover them. */
function overtakenRecapBullets(posts: readonly PostUnits[], freshRecap: number | undefined, judge: Judge): number[] {
  const overtaken: number[] = [];
  for (const recap of posts) {
    if (recap.role !== "recap" || recap.post.index === freshRecap) continue;
    for (const unit of recap.units) {
      if (unit.recap && unit.kind !== "pair" && coveredShare(unit, judge) >= RECAP_COVERAGE) overtaken.push(unit.id);
    }
  }
  return overtaken;
}

/** A pair is as stale as its staler part, and as hedged as its more hedged part. */
function judgePairs(posts: readonly PostUnits[], hedge: Map<number, Hedge>, stale: Set<number>): void {
  for (const post of posts) {
    for (const unit of post.units) {
      if (unit.kind !== "pair" || !unit.parts) continue;
      const [first, second] = unit.parts;
      if (stale.has(first.id) || stale.has(second.id)) stale.add(unit.id);
      hedge.set(unit.id, strongerHedge(hedge.get(first.id), hedge.get(second.id)));
    }
  }
}

const REVERSAL_OVERLAP = 0.25;

/**
 * Rule 4: a state a newer post reverses ("the countdown has been paused",
 * then "the countdown has resumed") is stale when the two share two specific
 * terms or a quarter of the older one's weight.
 */
function reversedStates(allEvidence: readonly Unit[], hedge: ReadonlyMap<number, Hedge>, stats: BlogStats): number[] {
  const evidence = allEvidence.filter((unit) => mentionsReversibleState(unit.text));
  const reversals = evidence.flatMap((unit) => {
    const states = hedge.get(unit.id) === "pending" ? [] : statesReversed(unit.text);
    return states.length > 0 ? [{ unit, states, terms: new Set(unit.terms) }] : [];
  });
  if (reversals.length === 0) return [];
  const stale: number[] = [];
  for (const unit of evidence) {
    const states = statesAsserted(unit.text);
    if (states.length === 0) continue;
    const terms = specificTerms(unit, stats);
    const total = terms.reduce((sum, term) => sum + stats.idf(term), 0);
    const reversed = reversals.some((later) => {
      if (later.unit.rank >= unit.rank || !later.states.some((state) => states.includes(state)) || total === 0) return false;
      const shared = terms.filter((term) => later.terms.has(term));
      const weight = shared.reduce((sum, term) => sum + stats.idf(term), 0);
      return shared.length >= 2 || weight / total >= REVERSAL_OVERLAP;
    });
    if (reversed) stale.push(unit.id);
  }
  return stale;
}

const NUMBER_UPDATE_OVERLAP = 0.6;

/**
 * Rule 5: a count a newer post updates ("Death toll rises to 21", later
 * "Death toll rises to 38") is stale: the newer line says the same thing
 * (most of the older line's specific terms) with a number the older lacks.
 */
function updatedNumbers(evidence: readonly Unit[], hedge: ReadonlyMap<number, Hedge>, stats: BlogStats): number[] {
  const counted = evidence
    .filter((unit) => /\d/.test(unit.text) && hedge.get(unit.id) !== "pending")
    .map((unit) => {
      const numbers = numbersIn(unit.text);
      return { unit, numbers: new Set(numbers), key: numbers.join(" "), terms: new Set(unit.terms.filter((term) => !/\d/.test(term))) };
    });
  // Newer lines are looked up by term; a line repeated word for word is
  // listed once, at its newest copy.
  const byTerm = new Map<string, (typeof counted)[number][]>();
  const listed = new Set<string>();
  for (const entry of counted) {
    if (listed.has(entry.unit.text)) continue;
    listed.add(entry.unit.text);
    for (const term of entry.terms) {
      const list = byTerm.get(term);
      if (list) list.push(entry);
      else byTerm.set(term, [entry]);
    }
  }
  const stale: number[] = [];
  for (const older of counted) {
    const specific = [...older.terms].filter((term) => !stats.isBackground(term));
    if (specific.length < 2) continue;
    const shared = new Map<number, number>();
    let updated = false;
    for (const term of specific) {
      for (const newer of byTerm.get(term) ?? []) {
        if (newer.unit.rank >= older.unit.rank) break; // lists run newest first
        if (newer.key === older.key) continue; // same figures: a repeat, not an update
        const count = (shared.get(newer.unit.id) ?? 0) + 1;
        shared.set(newer.unit.id, count);
        if (count === Math.ceil(specific.length * NUMBER_UPDATE_OVERLAP) && [...newer.numbers].some((n) => !older.numbers.has(n))) {
          updated = true;
          break;
        }
      }
      if (updated) break;
    }
    if (updated) stale.push(older.unit.id);
  }
  return stale;
}

function numbersIn(text: string): string[] {
  return (text.match(/\d[\d,.]*\d|\d/g) ?? []).map((number) => number.replace(/,/g, ""));
}

const HEDGE_STEMS = new Set([...HEDGE_WORDS].map(stem));

/**
 * What a statement is about: the terms of its claim (attribution cut off:
 * "a spokesperson for the council said" is not what was awaited), without
 * hedge words and background terms.
 */
function specificTerms(unit: Unit, stats: BlogStats): string[] {
  const claim = withoutAttribution(unit.text);
  const terms = claim === unit.text ? unit.terms : termsOf(claim);
  const unhedged = terms.filter((term) => !HEDGE_STEMS.has(term));
  const specific = unhedged.filter((term) => !stats.isBackground(term));
  return specific.length > 0 ? specific : unhedged;
}

function strongerHedge(a: Hedge | undefined, b: Hedge | undefined): Hedge {
  if (a === "pending" || b === "pending") return "pending";
  if (a === "speculative" || b === "speculative") return "speculative";
  return "none";
}
