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

/** Passes at most; on the BBC set moves stop after four to six. */
const PASSES = 10;

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
  const score = new Float64Array(groupCount);
  for (let pass = 0; pass < passes; pass++) {
    const centroids = centroidPostings(vectors, groups, groupCount, termCount);
    const size = new Int32Array(groupCount);
    for (const g of groups) size[g]!++;
    let moved = false;
    const next = Int32Array.from(groups);
    for (let i = 0; i < n; i++) {
      const v = vectors[i]!;
      score.fill(0);
      for (let q = 0; q < v.terms.length; q++) {
        const t = v.terms[q]!;
        const w = v.weights[q]!;
        for (let p = centroids.start[t]!; p < centroids.start[t + 1]!; p++) score[centroids.group[p]!] = score[centroids.group[p]!]! + w * centroids.weight[p]!;
      }
      const own = groups[i]!;
      let self = 0;
      for (let q = 0; q < v.weights.length; q++) self += v.weights[q]! * v.weights[q]!;
      // Own group without the story: |s - v|^2 = |s|^2 - 2 s.v + v.v.
      const ownNorm = Math.sqrt(Math.max(0, centroids.normSquared[own]! - 2 * score[own]! + self));
      let best = own;
      let bestCosine = ownNorm > 0 ? (score[own]! - self) / ownNorm : 0;
      for (let g = 0; g < groupCount; g++) {
        if (g === own || size[g]! < 2 || centroids.normSquared[g]! <= 0) continue;
        const cosine = score[g]! / Math.sqrt(centroids.normSquared[g]!);
        // Strictly better only: ties keep the story where it is (then the lower group).
        if (cosine > bestCosine + 1e-12) {
          best = g;
          bestCosine = cosine;
        }
      }
      if (best !== own) {
        next[i] = best;
        moved = true;
      }
    }
    groups.set(next);
    if (!moved) break;
  }
  return renumber(groups);
}

/** The vectors times ln(n / df) per term, unit length again (a vector of words in every story stays zero). */
function reweightedByRarity(vectors: ReadonlyArray<SparseVector>, termCount: number): SparseVector[] {
  const df = new Int32Array(termCount);
  for (const v of vectors) for (const t of v.terms) df[t]!++;
  const rarity = Float64Array.from(df, (d) => (d > 0 ? Math.log(vectors.length / d) : 0));
  return vectors.map((v) => {
    const weights = Float64Array.from(v.weights, (w, q) => w * rarity[v.terms[q]!]!);
    let norm = 0;
    for (const w of weights) norm += w * w;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let q = 0; q < weights.length; q++) weights[q] = weights[q]! / norm;
    return { terms: v.terms, weights };
  });
}

/** Each group's summed vector, as postings per term (groups ascending), and its squared length. */
function centroidPostings(vectors: ReadonlyArray<SparseVector>, groups: Int32Array, groupCount: number, termCount: number) {
  // One group at a time, summed in a dense scratch row: the pairs (group, term) never outnumber the stories' terms.
  const membersOfGroup = membersOf(groups, groupCount);
  const scratch = new Float64Array(termCount);
  const seen = new Uint8Array(termCount);
  const pairTerm: number[] = [];
  const pairGroup: number[] = [];
  const pairWeight: number[] = [];
  const normSquared = new Float64Array(groupCount);
  membersOfGroup.forEach((members, g) => {
    const touched: number[] = [];
    for (const i of members) {
      const v = vectors[i]!;
      for (let q = 0; q < v.terms.length; q++) {
        const t = v.terms[q]!;
        if (!seen[t]) {
          seen[t] = 1;
          touched.push(t);
        }
        scratch[t] = scratch[t]! + v.weights[q]!;
      }
    }
    for (const t of touched) {
      pairTerm.push(t);
      pairGroup.push(g);
      pairWeight.push(scratch[t]!);
      normSquared[g] = normSquared[g]! + scratch[t]! * scratch[t]!;
      scratch[t] = 0;
      seen[t] = 0;
    }
  });
  const start = new Int32Array(termCount + 1);
  for (const t of pairTerm) start[t + 1]!++;
  for (let t = 0; t < termCount; t++) start[t + 1] = start[t + 1]! + start[t]!;
  const fill = start.slice(0, termCount);
  const group = new Int32Array(pairTerm.length);
  const weight = new Float64Array(pairTerm.length);
  // Pairs come group by group, so each term's postings are in group order.
  pairTerm.forEach((t, k) => {
    group[fill[t]!] = pairGroup[k]!;
    weight[fill[t]!++] = pairWeight[k]!;
  });
  return { start, group, weight, normSquared };
}

function membersOf(groups: Int32Array, groupCount: number): number[][] {
  const members: number[][] = Array.from({ length: groupCount }, () => []);
  groups.forEach((g, i) => members[g]!.push(i));
  return members;
}
