/**
 * Each story's strongest links, as a graph: the k stories most like it (by
 * exact TF-IDF cosine), links kept from both ends. Memory and time grow with
 * n x k, so grouping has no size limit to speak of.
 *
 * Candidates come from an inverted index: stories that share a term with the
 * story. A term in very many stories ("year", or every word of a tiny
 * vocabulary) would make every story a candidate of every other, so only its
 * POSTINGS_CAP stories where it weighs most are read: the stories that are
 * most about that word, which is where a near neighbour is found anyway.
 * The best CANDIDATES_SCORED candidates by this partial score get their exact
 * cosine, and the best K of those are kept.
 */
import { sortRow, type SparseGraph } from "./graph.js";
import type { SparseVector, TermSpace } from "./vectors.js";

/** Links kept per story. */
export const NEIGHBOURS = 25;
/** Stories read from one term's postings at most. */
const POSTINGS_CAP = 400;
/** Candidates whose exact cosine is worked out, per story. */
const CANDIDATES_SCORED = 4 * NEIGHBOURS;
/**
 * A story's heaviest terms that look for candidates. A long article has hundreds of
 * terms, most of them weak; reading every one's postings was most of the grouping
 * time, while the strong terms already find the near neighbours. Every candidate
 * found still gets its exact cosine over all terms.
 */
const QUERY_TERMS = 40;

/** Postings per term: story numbers and weights, the heaviest first (ties: lower story first). */
interface Postings {
  start: Int32Array;
  story: Int32Array;
  weight: Float64Array;
}

function impactOrderedPostings(space: TermSpace): Postings {
  const termCount = space.documentFrequency.length;
  const start = new Int32Array(termCount + 1);
  for (let t = 0; t < termCount; t++) start[t + 1] = start[t]! + space.documentFrequency[t]!;
  const fill = start.slice(0, termCount);
  const story = new Int32Array(start[termCount]!);
  const weight = new Float64Array(start[termCount]!);
  space.vectors.forEach((vector, doc) => {
    for (let k = 0; k < vector.terms.length; k++) {
      const slot = fill[vector.terms[k]!]!++;
      story[slot] = doc;
      weight[slot] = vector.weights[k]!;
    }
  });
  // Only long lists are read in part, so only they need ordering by weight.
  for (let t = 0; t < termCount; t++) {
    const from = start[t]!;
    const to = start[t + 1]!;
    if (to - from <= POSTINGS_CAP) continue;
    const order = Array.from({ length: to - from }, (_, k) => from + k).sort((a, b) => weight[b]! - weight[a]! || story[a]! - story[b]!);
    const stories = order.map((p) => story[p]!);
    const weights = order.map((p) => weight[p]!);
    story.set(stories, from);
    weight.set(weights, from);
  }
  return { start, story, weight };
}

/** The top-k neighbour graph of the stories of `space`, links weighted by cosine. */
export function neighbourGraph(space: TermSpace, k = NEIGHBOURS): SparseGraph {
  const n = space.vectors.length;
  const postings = impactOrderedPostings(space);
  const packed = packedVectors(space.vectors);
  const partial = new Float64Array(n);
  const touched = new Int32Array(n);
  const dense = new Float64Array(space.documentFrequency.length);
  const heap = new TopK(CANDIDATES_SCORED);
  const best = new TopK(k);
  const query = new TopK(QUERY_TERMS);
  const outStory = new Int32Array(n * k);
  const outWeight = new Float64Array(n * k);
  const outCount = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const vector = space.vectors[i]!;
    let touchedCount = 0;
    query.clear();
    for (let q = 0; q < vector.terms.length; q++) query.offer(q, vector.weights[q]!);
    for (let c = 0; c < query.count; c++) {
      const q = query.items[c]!;
      const term = vector.terms[q]!;
      const w = vector.weights[q]!;
      const from = postings.start[term]!;
      const to = Math.min(postings.start[term + 1]!, from + POSTINGS_CAP);
      for (let p = from; p < to; p++) {
        const j = postings.story[p]!;
        if (j === i) continue;
        if (partial[j] === 0) touched[touchedCount++] = j;
        partial[j] = partial[j]! + w * postings.weight[p]!;
      }
    }
    heap.clear();
    for (let t = 0; t < touchedCount; t++) {
      const j = touched[t]!;
      heap.offer(j, partial[j]!);
      partial[j] = 0;
    }
    // Exact cosines for the best candidates.
    for (let q = 0; q < vector.terms.length; q++) dense[vector.terms[q]!] = vector.weights[q]!;
    best.clear();
    for (let c = 0; c < heap.count; c++) {
      const j = heap.items[c]!;
      let cosine = 0;
      for (let p = packed.start[j]!, end = packed.start[j + 1]!; p < end; p++) cosine += dense[packed.terms[p]!]! * packed.weights[p]!;
      if (cosine > 0) best.offer(j, cosine);
    }
    for (let q = 0; q < vector.terms.length; q++) dense[vector.terms[q]!] = 0;
    outCount[i] = best.count;
    for (let c = 0; c < best.count; c++) {
      outStory[i * k + c] = best.items[c]!;
      outWeight[i * k + c] = best.scores[c]!;
    }
  }
  return symmetric(n, k, outStory, outWeight, outCount);
}

/**
 * All the vectors end to end in two arrays (story i at start[i] .. start[i + 1] - 1).
 * The exact cosines read some hundred candidate vectors per story; read from
 * one block rather than thousands of small arrays spread over the heap, they
 * cost about half as much.
 */
function packedVectors(vectors: ReadonlyArray<SparseVector>): { start: Int32Array; terms: Int32Array; weights: Float64Array } {
  const start = new Int32Array(vectors.length + 1);
  vectors.forEach((v, i) => (start[i + 1] = start[i]! + v.terms.length));
  const terms = new Int32Array(start[vectors.length]!);
  const weights = new Float64Array(start[vectors.length]!);
  vectors.forEach((v, i) => {
    terms.set(v.terms, start[i]!);
    weights.set(v.weights, start[i]!);
  });
  return { start, terms, weights };
}

/** Links from both ends, each once per row, neighbours ascending. */
function symmetric(n: number, k: number, outStory: Int32Array, outWeight: Float64Array, outCount: Int32Array): SparseGraph {
  const count = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    count[i] = count[i]! + outCount[i]!;
    for (let c = 0; c < outCount[i]!; c++) count[outStory[i * k + c]!]!++;
  }
  const rowStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowStart[i + 1] = rowStart[i]! + count[i]!;
  const fill = rowStart.slice(0, n);
  const rawStory = new Int32Array(rowStart[n]!);
  const rawWeight = new Float64Array(rowStart[n]!);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < outCount[i]!; c++) {
      const j = outStory[i * k + c]!;
      const w = outWeight[i * k + c]!;
      rawStory[fill[i]!] = j;
      rawWeight[fill[i]!++] = w;
      rawStory[fill[j]!] = i;
      rawWeight[fill[j]!++] = w;
    }
  }
  // Sort each row and drop the second copy of a link both ends chose.
  const start = new Int32Array(n + 1);
  const neighbour = new Int32Array(rowStart[n]!);
  const weight = new Float64Array(rowStart[n]!);
  let out = 0;
  for (let i = 0; i < n; i++) {
    start[i] = out;
    sortRow(rawStory, rawWeight, rowStart[i]!, rowStart[i + 1]!);
    let last = -1;
    for (let p = rowStart[i]!; p < rowStart[i + 1]!; p++) {
      if (rawStory[p] === last) continue;
      last = rawStory[p]!;
      neighbour[out] = last;
      weight[out++] = rawWeight[p]!;
    }
  }
  start[n] = out;
  return { size: n, start, neighbour: neighbour.slice(0, out), weight: weight.slice(0, out), self: new Float64Array(n) };
}

/**
 * The `capacity` best items by score (ties: the lower item), as a min-heap
 * whose root is the weakest kept. Reused from story to story.
 */
class TopK {
  readonly items: Int32Array;
  readonly scores: Float64Array;
  count = 0;

  constructor(private readonly capacity: number) {
    this.items = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
  }

  clear(): void {
    this.count = 0;
  }

  /** True when a ranks below b: lower score, or equal score and higher item. */
  private below(a: number, b: number): boolean {
    const sa = this.scores[a]!;
    const sb = this.scores[b]!;
    return sa < sb || (sa === sb && this.items[a]! > this.items[b]!);
  }

  offer(item: number, score: number): void {
    if (this.count < this.capacity) {
      this.items[this.count] = item;
      this.scores[this.count] = score;
      this.up(this.count++);
      return;
    }
    const root = this.scores[0]!;
    if (score < root || (score === root && item > this.items[0]!)) return;
    this.items[0] = item;
    this.scores[0] = score;
    this.down(0);
  }

  private swap(a: number, b: number): void {
    const item = this.items[a]!;
    const score = this.scores[a]!;
    this.items[a] = this.items[b]!;
    this.scores[a] = this.scores[b]!;
    this.items[b] = item;
    this.scores[b] = score;
  }

  private up(at: number): void {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.below(at, parent)) break;
      this.swap(at, parent);
      at = parent;
    }
  }

  private down(at: number): void {
    for (;;) {
      const l = 2 * at + 1;
      const r = l + 1;
      let low = at;
      if (l < this.count && this.below(l, low)) low = l;
      if (r < this.count && this.below(r, low)) low = r;
      if (low === at) break;
      this.swap(at, low);
      at = low;
    }
  }
}
