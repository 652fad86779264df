import { type BlogStats, isNewsPost } from "./stats.js";
import type { PostUnits, Unit } from "./units.js";

/**
 * Support: how many other posts say the same thing as a candidate. A live
 * blog repeats what matters ("Putin has landed" comes back in half the posts)
 * and mentions side stories once. Like LexRank, but each other post votes at
 * most once (its most similar line), weighted by its recency, so one long
 * post cannot vote for itself. A stale line votes only for newer lines: "we
 * are still awaiting his arrival" counts for the later "he has landed" (the
 * blog was waiting for it), not for the earlier "the first plane has landed"
 * that it had already moved past.
 *
 * Similarity is the cosine of idf-weighted term sets, leaving out background
 * terms: "Putin" and "Korea" in every post say nothing about which posts agree.
 */
export interface Similarity {
  /** Share of the other posts' (recency-weighted) vote, 0..1. */
  support(unit: Unit): number;
  /** Cosine similarity of two units over specific terms. */
  similarity(a: Unit, b: Unit): number;
}

export function buildSimilarity(posts: readonly PostUnits[], stats: BlogStats, stale: ReadonlySet<number>): Similarity {
  const weights = termWeights(stats);
  const voters = indexVoters(posts, stats, stale, weights);
  return { support: supportMeter(posts, stats, voters, weights), similarity: cosineMeter(weights) };
}

/** Term weights (idf, 0 for background terms) and unit norms over them, each worked out once. */
interface Weights {
  weight(term: string): number;
  norm(unit: Unit): number;
}

function termWeights(stats: BlogStats): Weights {
  const weightOf = new Map<string, number>();
  const weight = (term: string): number => {
    let value = weightOf.get(term);
    if (value === undefined) {
      value = stats.isBackground(term) ? 0 : Math.max(0, stats.idf(term));
      weightOf.set(term, value);
    }
    return value;
  };
  const normCache = new Map<number, number>();
  const norm = (unit: Unit): number => {
    let value = normCache.get(unit.id);
    if (value === undefined) {
      value = Math.sqrt(unit.terms.reduce((sum, term) => sum + weight(term) ** 2, 0));
      normCache.set(unit.id, value);
    }
    return value;
  };
  return { weight, norm };
}

/**
 * Inverted index of the units that may vote, with their norms and ranks in
 * flat arrays: support is read for a shortlist of candidates, each touching
 * many voters, so the inner loop must not allocate.
 */
interface Voters {
  /** Voter slots per weighted term. */
  postings: Map<string, number[]>;
  norm: Float64Array;
  rank: Int32Array;
  /** 1 for a stale voter. */
  stale: Uint8Array;
  /** The recency-weighted vote of all news posts together. */
  totalVote: number;
}

function indexVoters(posts: readonly PostUnits[], stats: BlogStats, stale: ReadonlySet<number>, { weight, norm }: Weights): Voters {
  const voters: Unit[] = [];
  const postings = new Map<string, number[]>();
  let totalVote = 0;
  for (const post of posts) {
    if (!isNewsPost(post)) continue;
    totalVote += stats.recency(post.rank);
    for (const unit of post.units) {
      if (!unit.informative) continue;
      const slot = voters.length;
      voters.push(unit);
      for (const term of unit.terms) {
        if (weight(term) === 0) continue;
        const list = postings.get(term);
        if (list) list.push(slot);
        else postings.set(term, [slot]);
      }
    }
  }
  return {
    postings,
    norm: Float64Array.from(voters, (unit) => norm(unit)),
    rank: Int32Array.from(voters, (unit) => unit.rank),
    stale: Uint8Array.from(voters, (unit) => (stale.has(unit.id) ? 1 : 0)),
    totalVote,
  };
}

/** Similarity's `support`: each other post's best cosine with the unit, weighted by that post's recency. */
function supportMeter(posts: readonly PostUnits[], stats: BlogStats, voters: Voters, { weight, norm }: Weights): (unit: Unit) => number {
  const { postings, totalVote } = voters;
  const recencyByRank = Float64Array.from(posts, (post) => stats.recency(post.rank));
  // Scratch space, left all zero after each call.
  const dot = new Float64Array(voters.rank.length);
  const bestByRank = new Float64Array(posts.length);
  return (unit) => {
    const own = norm(unit);
    if (own === 0 || totalVote === 0) return 0;
    const touched: number[] = [];
    for (const term of unit.terms) {
      const w = weight(term);
      if (w === 0) continue;
      const list = postings.get(term);
      if (list === undefined) continue;
      for (const slot of list) {
        if (dot[slot] === 0) touched.push(slot);
        dot[slot]! += w * w;
      }
    }
    const ranks: number[] = [];
    for (const slot of touched) {
      const rank = voters.rank[slot]!;
      const similarity = dot[slot]! / (own * voters.norm[slot]!);
      dot[slot] = 0;
      if (rank === unit.rank) continue; // a post does not vote for itself
      if (voters.stale[slot] === 1 && rank < unit.rank) continue;
      if (bestByRank[rank] === 0) ranks.push(rank);
      if (similarity > bestByRank[rank]!) bestByRank[rank] = similarity;
    }
    let vote = 0;
    for (const rank of ranks) {
      vote += recencyByRank[rank]! * bestByRank[rank]!;
      bestByRank[rank] = 0;
    }
    return vote / totalVote;
  };
}

/** Similarity's `similarity`: the cosine of two units over weighted terms. */
function cosineMeter({ weight, norm }: Weights): (a: Unit, b: Unit) => number {
  const termSets = new Map<number, Set<string>>();
  return (a, b) => {
    const na = norm(a);
    const nb = norm(b);
    if (na === 0 || nb === 0) return 0;
    let other = termSets.get(b.id);
    if (other === undefined) {
      other = new Set(b.terms);
      termSets.set(b.id, other);
    }
    let shared = 0;
    for (const term of a.terms) if (other.has(term)) shared += weight(term) ** 2;
    return shared / (na * nb);
  };
}
