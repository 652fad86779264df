import { yearsIn } from "./cues.js";
import type { Tuning } from "./tuning.js";
import type { PostUnits, Unit } from "./units.js";

/**
 * What the blog as a whole says: how many posts mention each term (weighted
 * towards recent posts), which terms are mere background ("Putin", "Korea"
 * in a blog about Putin in Korea), and the year the blog is written in.
 */
export interface BlogStats {
  /** Posts that report news (not promos or farewells). */
  newsPosts: number;
  /** Recency weight by post rank: 1 for the newest, falling towards the tuning's floor. */
  recency(rank: number): number;
  /** Inverse document frequency over news posts. */
  idf(term: string): number;
  /** Term weight for coverage: highest for terms repeated in a good share of recent posts. */
  salience(term: string): number;
  /** Present in more than half the posts: says what the blog is about, not what happened. */
  isBackground(term: string): boolean;
  /** The blog's "now" for telling history from news: the story's year, else the newest year it mentions. */
  currentYear: number | undefined;
}

export function isNewsPost(post: PostUnits): boolean {
  return post.role === "news" || post.role === "recap";
}

/**
 * `leaveOut` holds units that should not count towards term weights: once
 * staleness is known, the weights are taken again without the stale units, so
 * that a long wait for "the planes" does not make planes look central.
 */
export function blogStats(
  posts: readonly PostUnits[],
  knownYear: number | undefined,
  tuning: Pick<Tuning, "recencyFloor" | "recencyHalfLife">,
  leaveOut?: ReadonlySet<number>,
): BlogStats {
  const newsPosts = posts.filter(isNewsPost);
  const count = newsPosts.length;
  // Recent posts weigh more, but an older post keeps a floor: background and
  // reaction posts are still part of the story.
  const halfLife = Math.max(2, posts.length * tuning.recencyHalfLife);
  const floor = tuning.recencyFloor;
  const recency = (rank: number): number => floor + (1 - floor) * Math.exp(-rank / halfLife);

  const documentFrequency = new Map<string, number>();
  const weightedFrequency = new Map<string, number>();
  let totalWeight = 0;
  let newestYear: number | undefined;
  // Counted once per post: lastPost remembers the post that last counted a term.
  const lastPost = new Map<string, number>();
  for (const post of newsPosts) {
    const weight = recency(post.rank);
    totalWeight += weight;
    for (const unit of post.units) {
      if (!unit.informative || leaveOut?.has(unit.id)) continue;
      for (const term of unit.terms) {
        if (lastPost.get(term) === post.rank) continue;
        lastPost.set(term, post.rank);
        documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
        weightedFrequency.set(term, (weightedFrequency.get(term) ?? 0) + weight);
      }
      if (knownYear === undefined) {
        for (const year of yearsIn(unit.text)) if (newestYear === undefined || year > newestYear) newestYear = year;
      }
    }
  }

  const idf = (term: string): number => Math.log((count + 1) / ((documentFrequency.get(term) ?? 0) + 0.5));
  const salienceOf = new Map<string, number>();
  const salience = (term: string): number => {
    let value = salienceOf.get(term);
    if (value === undefined) {
      const share = (weightedFrequency.get(term) ?? 0) / (totalWeight || 1);
      // share * log(1/share): zero for a term in every post (it tells nothing)
      // and small for a one-off; largest for facts the blog keeps coming back to.
      value = share <= 0 ? 0 : share * Math.log(1 / Math.min(share, 0.999));
      salienceOf.set(term, value);
    }
    return value;
  };
  const isBackground = (term: string): boolean => count >= 6 && (documentFrequency.get(term) ?? 0) > count / 2;
  // The story's own date wins: a blog may mention future years ("by 2030").
  return { newsPosts: count, recency, idf, salience, isBackground, currentYear: knownYear ?? newestYear };
}

/** Salience per term, summed over the terms not yet covered, gently normalised for length. */
export function density(unit: Unit, stats: BlogStats, covered?: ReadonlySet<string>): number {
  let sum = 0;
  for (const term of unit.terms) if (covered === undefined || !covered.has(term)) sum += stats.salience(term);
  return sum / Math.sqrt(unit.terms.length + 2);
}
