/**
 * "What we know so far": condenses a live blog (posts newest first) into a
 * few current, non-repeating key points and a one-line summary.
 *
 * The steps, each in its own module:
 *   units.ts      posts -> sentences, bullets, titles (candidates) plus quotes
 *                 and captions (evidence only); promos and farewells set aside
 *   stats.ts      term weights over the blog, biased towards recent posts
 *   staleness.ts  waiting lines settled by newer posts, speculation overtaken,
 *                 old recaps overtaken, states reversed ("closed", "reopened")
 *   support.ts    how many other posts repeat a sentence (importance)
 *   score.ts      per-sentence quality (recency, hedging, attribution, ...)
 *   cues.ts       the lexicons all of the above use
 *   pronouns.ts   an opening "she"/"he"/"it said" replaced by the one name
 *                 the post used, else the sentence is never shown alone
 *   select.ts     greedy MMR-like selection, aspect check, no-repeat rules
 *   order.ts      the picks in story order: facts as they happened, context,
 *                 reactions, what comes next
 *   headline.ts   the one-line summary
 *   tuning.ts     the knobs, with the values the benchmark settled on
 * Pure and deterministic: no I/O, no clock.
 */
import type { KeyPoint, LiveBlogSummary, Story } from "../../model.js";
import type { Summarizer } from "../summarizer.js";
import { type NewsElement, newsElement } from "./cues.js";
import { chooseHeadline, fallbackHeadline } from "./headline.js";
import { postReports, storyOrder } from "./order.js";
import { quality } from "./score.js";
import { selectKeyPoints } from "./select.js";
import { findStale } from "./staleness.js";
import { buildSimilarity } from "./support.js";
import { type BlogStats, blogStats, density } from "./stats.js";
import { DEFAULT_TUNING, type Tuning } from "./tuning.js";
import { extractUnits, type Unit } from "./units.js";

interface CondenseOptions {
  /** Fewest key points to give when the blog has enough to say (default 4). */
  minKeyPoints?: number;
  /** Most key points (default 7). */
  maxKeyPoints?: number;
  /** Overrides of the scoring knobs, for experiments (see tuning.ts). */
  tuning?: Partial<Tuning>;
}

const DEFAULT_MIN_KEY_POINTS = 4;
const DEFAULT_MAX_KEY_POINTS = 7;
/** Candidates kept for the costly support measure: enough to hold any likely pick. */
const SHORTLIST = 80;
const SHORTLIST_PER_ELEMENT = 10;

export function condenseLiveBlog(story: Story, options: CondenseOptions = {}): LiveBlogSummary {
  const posts = story.posts ?? [];
  if (posts.length === 0) return { keyPoints: [], headline: fallbackHeadline(story) };
  const max = Math.max(1, options.maxKeyPoints ?? DEFAULT_MAX_KEY_POINTS);
  const min = Math.min(max, Math.max(0, options.minKeyPoints ?? DEFAULT_MIN_KEY_POINTS));
  const tuning: Tuning = { ...DEFAULT_TUNING, ...options.tuning };

  const postUnits = extractUnits(posts);
  const year = yearOf(story.updatedAt ?? story.publishedAt);
  const staleness = findStale(postUnits, blogStats(postUnits, year, tuning));
  // Weigh terms by what is still current: stale waiting lines must not make
  // their subject look central.
  const stats = blogStats(postUnits, year, tuning, staleness.stale);
  const similarity = buildSimilarity(postUnits, stats, staleness.stale);

  const current = postUnits.flatMap((post) => post.units).filter((unit) => unit.candidate && !staleness.stale.has(unit.id));
  const rated = distinctTexts(current).map((unit) => ({
    unit,
    quality: quality(unit, stats, staleness),
    element: newsElement(unit.text, stats.currentYear),
  }));
  const candidates = shortlist(rated, stats).map((candidate) => ({ ...candidate, support: similarity.support(candidate.unit) }));
  const chosen = selectKeyPoints(candidates, stats, similarity, {
    min,
    max,
    cutoff: tuning.gainCutoff,
    aspectFloor: tuning.aspectFloor,
    aspectBonus: tuning.aspectBonus,
    supportWeight: tuning.supportWeight,
  });
  const elementOf = new Map(rated.map((candidate) => [candidate.unit.id, candidate.element] as const));
  const ordered = storyOrder(
    chosen.map((unit) => ({ unit, element: elementOf.get(unit.id) ?? "other", hedge: staleness.hedge.get(unit.id) ?? "none" })),
    postReports(postUnits, staleness.stale, staleness.hedge, (term) => (stats.isBackground(term) ? 0 : Math.max(0, stats.idf(term)))),
  );
  const keyPoints: KeyPoint[] = ordered.map((unit) => ({ text: unit.text, post: unit.post }));
  return { keyPoints, headline: chooseHeadline(story, postUnits, stats, staleness, similarity, chosen) };
}

/** Live blogs repeat lines word for word; the newest copy stands for all. */
function distinctTexts(units: readonly Unit[]): Unit[] {
  const seen = new Set<string>();
  return units.filter((unit) => {
    if (seen.has(unit.text)) return false;
    seen.add(unit.text);
    return true;
  });
}

/**
 * Support (how many posts repeat a line) is the costly measure, so it is
 * taken only for a shortlist: the best candidates by quality and salience,
 * plus the best few of each news element, so the aspect check in
 * selection still has candidates for a side story such as the reaction.
 */
function shortlist<T extends { unit: Unit; quality: number; element: NewsElement }>(candidates: readonly T[], stats: BlogStats): T[] {
  const ranked = candidates
    .map((candidate) => ({ candidate, prescore: candidate.quality * density(candidate.unit, stats) }))
    .sort((a, b) => b.prescore - a.prescore || a.candidate.unit.id - b.candidate.unit.id);
  const kept = new Set(ranked.slice(0, SHORTLIST).map(({ candidate }) => candidate));
  const perElement = new Map<NewsElement, number>();
  for (const { candidate } of ranked) {
    const count = perElement.get(candidate.element) ?? 0;
    if (count < SHORTLIST_PER_ELEMENT) kept.add(candidate);
    perElement.set(candidate.element, count + 1);
  }
  return ranked.map(({ candidate }) => candidate).filter((candidate) => kept.has(candidate));
}

function yearOf(timestamp: string | undefined): number | undefined {
  const year = timestamp === undefined ? NaN : Number(/^(\d{4})-/.exec(timestamp)?.[1]);
  return Number.isFinite(year) ? year : undefined;
}

/** The embedded condenser behind the pluggable Summarizer interface. */
export const extractiveSummarizer: Summarizer = {
  name: "extractive",
  summarize: (story) => condenseLiveBlog(story),
};
