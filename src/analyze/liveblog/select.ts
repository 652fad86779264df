import type { NewsElement } from "./cues.js";
import { STOP_WORDS } from "../../text/index.js";
import { type BlogStats, density } from "./stats.js";
import { numberSignatures, phraseSignatures } from "./terms.js";
import type { Similarity } from "./support.js";
import type { Unit } from "./units.js";

/**
 * Greedy selection in the manner of MMR, then a check that the summary covers
 * the aspects a news summary owes its reader (as in TAC's guided
 * summarization): what happened, how others reacted, why, and what comes next.
 *
 * Each greedy round takes the candidate with the best
 *
 *   quality x (support + uncovered salience) x (1 - closest similarity) x aspect bonus
 *
 * where support says how many posts repeat the candidate (importance),
 * uncovered salience what it adds that the chosen points do not say yet
 * (coverage), the similarity term keeps paraphrases apart (redundancy), and
 * the first point of each aspect gets a bonus.
 * Hard rules keep out near-repeats the weights might let through.
 *
 * A side story mentioned once ("South Korea and the US sound the alarm")
 * never wins on support, yet a summary without the reaction is incomplete:
 * so when an aspect is missing and a fair candidate for it exists, it takes
 * the place of the weakest pick that tells no aspect (or one told twice).
 */

interface SelectionLimits {
  min: number;
  max: number;
  /** Stop early (after `min`) when the best remaining gain falls below this share of the min-th pick's. */
  cutoff: number;
  /** An aspect candidate must reach this share of the weakest pick's relevance. */
  aspectFloor: number;
  /** Share of relevance from support; the rest from salience. */
  supportWeight: number;
  /** Gain factor for the first point of each aspect. */
  aspectBonus: number;
}

interface Scored {
  unit: Unit;
  quality: number;
  support: number;
  element: NewsElement;
}

/** Aspects worth a place of their own, in the order they are filled. */
const GUIDED_ASPECTS: readonly NewsElement[] = ["event", "reaction", "explanation", "who", "outlook"];

interface Prepared extends Scored, Comparable {
  relevance: number;
}

export function selectKeyPoints(
  candidates: readonly Scored[],
  stats: BlogStats,
  similarity: Similarity,
  limits: SelectionLimits,
): Unit[] {
  const { prepared, relevanceOf } = prepareCandidates(candidates, stats, limits);
  const chosen = pickGreedily(prepared, { stats, similarity, limits, relevanceOf });
  fillMissingAspects(chosen, prepared, similarity, limits);
  return chosen.map((candidate) => candidate.unit);
}

/** A candidate's relevance with its text's salience given as `currentDensity`, both scaled to the best candidate's. */
type RelevanceOf = (candidate: { quality: number; support: number }, currentDensity: number) => number;

/** The candidates with what the rules compare them by, and their relevance before anything is chosen. */
function prepareCandidates(
  candidates: readonly Scored[],
  stats: BlogStats,
  limits: SelectionLimits,
): { prepared: Prepared[]; relevanceOf: RelevanceOf } {
  const base = candidates.map((candidate) => ({ ...candidate, fullDensity: density(candidate.unit, stats) }));
  const maxSupport = Math.max(1e-9, ...base.map((candidate) => candidate.support));
  const maxDensity = Math.max(1e-9, ...base.map((candidate) => candidate.fullDensity));
  const relevanceOf: RelevanceOf = (candidate, currentDensity) =>
    candidate.quality *
    (limits.supportWeight * (candidate.support / maxSupport) + (1 - limits.supportWeight) * (currentDensity / maxDensity));
  const prepared: Prepared[] = base.map((candidate) => ({
    ...candidate,
    termSet: new Set(candidate.unit.terms),
    wordSet: new Set(candidate.unit.words),
    signatures: new Set([
      ...numberSignatures(candidate.unit.text),
      ...phraseSignatures(candidate.unit.text, (word) => STOP_WORDS.has(word)),
    ]),
    specificSet: new Set(candidate.unit.terms.filter((term) => !stats.isBackground(term))),
    relevance: relevanceOf(candidate, candidate.fullDensity),
  }));
  return { prepared, relevanceOf };
}

function closestTo(candidate: Prepared, chosen: readonly Prepared[], similarity: Similarity): number {
  let closest = 0;
  for (const taken of chosen) closest = Math.max(closest, similarity.similarity(candidate.unit, taken.unit));
  return closest;
}

/** The candidate with the highest positive gain that repeats no chosen point (ties to the lower unit id). */
function best(pool: readonly Prepared[], chosen: readonly Prepared[], gainOf: (c: Prepared) => number): { winner: Prepared; gain: number } | undefined {
  let winner: Prepared | undefined;
  let winnerGain = 0;
  for (const candidate of pool) {
    const gain = gainOf(candidate);
    if (gain <= 0 || gain < winnerGain) continue;
    if (gain === winnerGain && winner !== undefined && candidate.unit.id > winner.unit.id) continue;
    if (chosen.some((taken) => repeats(candidate, taken))) continue;
    winner = candidate;
    winnerGain = gain;
  }
  return winner === undefined ? undefined : { winner, gain: winnerGain };
}

/** The greedy rounds: up to `max` picks, stopping early after `min` when the gain drops below the cutoff. */
function pickGreedily(
  prepared: readonly Prepared[],
  { stats, similarity, limits, relevanceOf }: { stats: BlogStats; similarity: Similarity; limits: SelectionLimits; relevanceOf: RelevanceOf },
): Prepared[] {
  const covered = new Set<string>();
  const chosen: Prepared[] = [];
  const gains: number[] = [];
  while (chosen.length < limits.max) {
    const told = new Set(chosen.map((taken) => taken.element));
    const pick = best(prepared, chosen, (c) => {
      const bonus = GUIDED_ASPECTS.includes(c.element) && !told.has(c.element) ? limits.aspectBonus : 1;
      return relevanceOf(c, density(c.unit, stats, covered)) * bonus * (1 - closestTo(c, chosen, similarity));
    });
    if (pick === undefined) break;
    if (chosen.length >= limits.min && pick.gain < (gains[limits.min - 1] ?? 0) * limits.cutoff) break;
    chosen.push(pick.winner);
    gains.push(pick.gain);
    for (const term of pick.winner.unit.terms) covered.add(term);
  }
  return chosen;
}

/**
 * The aspect check, on `chosen` in place. A fair candidate is at least
 * `aspectFloor` as relevant as the weakest point already chosen. When the
 * list is full it takes the place of the pick spareSlot gives up.
 */
function fillMissingAspects(chosen: Prepared[], prepared: readonly Prepared[], similarity: Similarity, limits: SelectionLimits): void {
  const weakest = Math.min(...chosen.map((taken) => taken.relevance));
  for (const aspect of GUIDED_ASPECTS) {
    if (chosen.length === 0) break;
    if (chosen.some((taken) => taken.element === aspect)) continue;
    const pool = prepared.filter((c) => c.element === aspect && c.relevance >= weakest * limits.aspectFloor);
    let room = chosen;
    let spare = -1;
    if (chosen.length >= limits.max) {
      spare = spareSlot(chosen);
      if (spare < 0) break;
      room = chosen.filter((_, at) => at !== spare);
    }
    const pick = best(pool, room, (c) => c.relevance * (1 - closestTo(c, room, similarity)));
    if (pick === undefined) continue;
    if (spare >= 0) chosen.splice(spare, 1);
    chosen.push(pick.winner);
  }
}

/**
 * Which pick makes room: the weakest one that tells no aspect, else the
 * weakest one whose aspect another pick already tells; -1 if every pick is needed.
 */
function spareSlot(chosen: readonly Prepared[]): number {
  const count = (element: NewsElement): number => chosen.filter((taken) => taken.element === element).length;
  const weakestWhere = (keep: (taken: Prepared) => boolean): number => {
    let found = -1;
    chosen.forEach((taken, at) => {
      if (keep(taken) && (found < 0 || taken.relevance < chosen[found]!.relevance)) found = at;
    });
    return found;
  };
  const aspectless = weakestWhere((taken) => !GUIDED_ASPECTS.includes(taken.element));
  return aspectless >= 0 ? aspectless : weakestWhere((taken) => count(taken.element) > 1);
}

interface Comparable {
  unit: Unit;
  termSet: ReadonlySet<string>;
  wordSet: ReadonlySet<string>;
  /** Numbers with their units and three-word fact phrases (terms.ts). */
  signatures: ReadonlySet<string>;
  /** Stemmed terms without the blog's background terms. */
  specificSet: ReadonlySet<string>;
}

/**
 * Two units say the same thing when one contains the other, they share a
 * number with its unit ("24 years") or a fact phrase ("first orbital
 * launch"), or they share more than half of the shorter one's content words
 * (stemmed, so "landed" meets "lands"), with or without the background terms.
 */
function repeats(a: Comparable, b: Comparable): boolean {
  const [x, y] = [a.unit, b.unit];
  const partsOf = (unit: Unit): number[] => (unit.parts ? unit.parts.map((part) => part.id) : [unit.id]);
  if (partsOf(x).some((id) => partsOf(y).includes(id))) return true;
  if (x.text.toLowerCase() === y.text.toLowerCase()) return true;
  // A post's title sums up the post: with one of its lines it says things twice.
  if (x.post === y.post && (x.kind === "title") !== (y.kind === "title")) return true;
  for (const signature of a.signatures) if (b.signatures.has(signature)) return true;
  if (overlapShare(a.termSet, b.termSet) > 0.5 || overlapShare(a.wordSet, b.wordSet) > 0.5) return true;
  // Without the background ("Kim", "Putin"), "Kim meets Putin on tarmac" is
  // {meet, tarmac}: all of it said again by "Kim met his counterpart on the tarmac".
  return Math.min(a.specificSet.size, b.specificSet.size) >= 2 && overlapShare(a.specificSet, b.specificSet) > 0.5;
}

/** Shared items as a share of the smaller set. */
function overlapShare(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const smaller = a.size <= b.size ? a : b;
  const larger = smaller === a ? b : a;
  if (smaller.size === 0) return 0;
  let shared = 0;
  for (const item of smaller) if (larger.has(item)) shared += 1;
  return shared / smaller.size;
}
