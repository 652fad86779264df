/**
 * Refines a grouping of stories into sections by their TF-IDF centroids
 * (spherical k-means passes): each story moves to the group whose summed
 * vector it is most alike (by cosine), then the sums are worked out again.
 *
 * The graph's communities are built from each story's strongest links, so a
 * story whose few nearest fellows happen to sit in another field (a film
 * studio's share price beside the business news) is carried there whole.
 * A section's centroid weighs all its stories' words; the story's own words
 * against that are better evidence of its field. On the BBC set this is the
 * step that moves section agreement into the 0.90s.
 *
 * A centroid sums hundreds of stories, so the words every section uses
 * ("said", "year", "people") pile up in all of them and drown the words that
 * tell sections apart. The vectors are therefore weighted once more by
 * inverse document frequency, ln(n / df), before comparing (on the BBC set:
 * 0.901 NMI without, 0.912 with, at five sections).
 *
 * A story is compared with its own group's centroid without itself (so a
 * group of one holds nothing), with the others' as they are; a group of one
 * is a story, not a section, and draws no one (else two lone stories alike
 * would swap places pass after pass). A pass costs
 * each story's terms times the groups holding each term, never n x n; the
 * centroids are kept as postings per term.
 */
import { renumber } from "./communities.js";
import type { SparseVector } from "./vectors.js";

/** Passes at most. */
const PASSES = 10;
/**
 * Passes stop once fewer than this share of the stories move. After the first
 * two or three passes a few stories on the line between two sections swap
 * back and forth (on the BBC set: 71, 16, then 3 to 5 moves a pass up to the
 * tenth); the passes after that cost time and change nothing that matters.
 */
const SETTLED = 0.005;

/** Group numbers per story (0..g-1, renumbered by first appearance); `groupOf` is left unchanged. */
export function refineByCentroids(tfidf: ReadonlyArray<SparseVector>, groupOf: ArrayLike<number>, passes = PASSES): Int32Array {
  const n = tfidf.length;
  const groups = Int32Array.from(groupOf);
  let groupCount = 0;
  for (const g of groups) groupCount = Math.max(groupCount, g + 1);
  if (n === 0 || groupCount < 2) return renumber(groups);
  let termCount = 0;
  for (const v of tfidf) if (v.terms.length > 0) termCount = Math.max(termCount, v.terms[v.terms.length - 1]! + 1);
  const vectors = reweightedByRarity(tfidf, termCount);
  const selfDot = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const weights = vectors[i]!.weights;
    for (let q = 0; q < weights.length; q++) selfDot[i] = selfDot[i]! + weights[q]! * weights[q]!;
  }
  const centroids = new CentroidPostings(vectors, termCount, groupCount);
  const { start, group, weight, normSquared } = centroids;
  const score = new Float64Array(groupCount);
  const size = new Int32Array(groupCount);
  const next = new Int32Array(n);
  for (let pass = 0; pass < passes; pass++) {
    centroids.sum(groups);
    size.fill(0);
    for (let i = 0; i < n; i++) size[groups[i]!]!++;
    let moved = 0;
    next.set(groups);
    for (let i = 0; i < n; i++) {
      const { terms, weights } = vectors[i]!;
      score.fill(0);
      for (let q = 0; q < terms.length; q++) {
        const t = terms[q]!;
        const w = weights[q]!;
        for (let p = start[t]!, end = start[t + 1]!; p < end; p++) score[group[p]!] = score[group[p]!]! + w * weight[p]!;
      }
      const own = groups[i]!;
      const self = selfDot[i]!;
      // Own group without the story: |s - v|^2 = |s|^2 - 2 s.v + v.v.
      const ownNorm = Math.sqrt(Math.max(0, normSquared[own]! - 2 * score[own]! + self));
      let best = own;
      let bestCosine = ownNorm > 0 ? (score[own]! - self) / ownNorm : 0;
      for (let g = 0; g < groupCount; g++) {
        if (g === own || size[g]! < 2 || normSquared[g]! <= 0) continue;
        const cosine = score[g]! / Math.sqrt(normSquared[g]!);
        // Strictly better only: ties keep the story where it is (then the lower group).
        if (cosine > bestCosine + 1e-12) {
          best = g;
          bestCosine = cosine;
        }
      }
      if (best !== own) {
        next[i] = best;
        moved++;
      }
    }
    groups.set(next);
    if (moved < SETTLED * n) break;
  }
  return renumber(groups);
}

/** The vectors times ln(n / df) per term, unit length again (a vector of words in every story stays zero). */
function reweightedByRarity(vectors: ReadonlyArray<SparseVector>, termCount: number): SparseVector[] {
  const df = new Int32Array(termCount);
  for (const v of vectors) for (const t of v.terms) df[t]!++;
  // Plain loops rather than Float64Array.from(source, map), which the engine runs through its slow iterator path.
  const rarity = new Float64Array(termCount);
  for (let t = 0; t < termCount; t++) rarity[t] = df[t]! > 0 ? Math.log(vectors.length / df[t]!) : 0;
  return vectors.map((v) => {
    const weights = new Float64Array(v.weights.length);
    let norm = 0;
    for (let q = 0; q < weights.length; q++) {
      const w = v.weights[q]! * rarity[v.terms[q]!]!;
      weights[q] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let q = 0; q < weights.length; q++) weights[q] = weights[q]! / norm;
    return { terms: v.terms, weights };
  });
}

/**
 * Each group's summed vector, as postings per term (groups ascending), and its
 * squared length. Worked out again every pass into the same arrays: the pairs
 * (group, term) never outnumber the stories' terms.
 */
class CentroidPostings {
  readonly start: Int32Array;
  readonly group: Int32Array;
  readonly weight: Float64Array;
  readonly normSquared: Float64Array;
  /** Dense scratch row for one group's sum, and the terms it touched (first met first). */
  private readonly scratch: Float64Array;
  private readonly seen: Uint8Array;
  private readonly touched: Int32Array;
  private readonly pairTerm: Int32Array;
  private readonly pairGroup: Int32Array;
  private readonly pairWeight: Float64Array;
  private readonly fill: Int32Array;

  constructor(
    private readonly vectors: ReadonlyArray<SparseVector>,
    private readonly termCount: number,
    private readonly groupCount: number,
  ) {
    let total = 0;
    for (const v of vectors) total += v.terms.length;
    this.start = new Int32Array(termCount + 1);
    this.group = new Int32Array(total);
    this.weight = new Float64Array(total);
    this.normSquared = new Float64Array(groupCount);
    this.scratch = new Float64Array(termCount);
    this.seen = new Uint8Array(termCount);
    this.touched = new Int32Array(termCount);
    this.pairTerm = new Int32Array(total);
    this.pairGroup = new Int32Array(total);
    this.pairWeight = new Float64Array(total);
    this.fill = new Int32Array(termCount);
  }

  sum(groups: Int32Array): void {
    const { vectors, scratch, seen, touched, pairTerm, pairGroup, pairWeight, normSquared, start, termCount } = this;
    normSquared.fill(0);
    let pairs = 0;
    // One group at a time, its members in story order.
    membersOf(groups, this.groupCount).forEach((members, g) => {
      let touchedCount = 0;
      for (const i of members) {
        const { terms, weights } = vectors[i]!;
        for (let q = 0; q < terms.length; q++) {
          const t = terms[q]!;
          if (!seen[t]) {
            seen[t] = 1;
            touched[touchedCount++] = t;
          }
          scratch[t] = scratch[t]! + weights[q]!;
        }
      }
      for (let k = 0; k < touchedCount; k++) {
        const t = touched[k]!;
        pairTerm[pairs] = t;
        pairGroup[pairs] = g;
        pairWeight[pairs++] = scratch[t]!;
        normSquared[g] = normSquared[g]! + scratch[t]! * scratch[t]!;
        scratch[t] = 0;
        seen[t] = 0;
      }
    });
    start.fill(0);
    for (let k = 0; k < pairs; k++) start[pairTerm[k]! + 1]!++;
    for (let t = 0; t < termCount; t++) start[t + 1] = start[t + 1]! + start[t]!;
    const fill = this.fill;
    fill.set(start.subarray(0, termCount));
    // Pairs come group by group, so each term's postings are in group order.
    for (let k = 0; k < pairs; k++) {
      const slot = fill[pairTerm[k]!]!++;
      this.group[slot] = pairGroup[k]!;
      this.weight[slot] = pairWeight[k]!;
    }
  }
}

function membersOf(groups: Int32Array, groupCount: number): number[][] {
  const members: number[][] = Array.from({ length: groupCount }, () => []);
  groups.forEach((g, i) => members[g]!.push(i));
  return members;
}
