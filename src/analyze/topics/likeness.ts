/**
 * How alike stories are, in the two forms grouping needs:
 *   - a graph of each story's strongest links, for the community moves and
 *     for a story's most similar fellow;
 *   - exact sums of cosines over whole sets of stories, for the checks that
 *     compare a group with the rest ("three times as alike inside as out").
 *
 * With TF-IDF vectors the sums need no n x n matrix: the summed cosine of
 * every pair between sets A and B is the dot product of their summed vectors,
 * (sum of a in A) . (sum of b in B), which costs the terms of their stories.
 * A dense matrix (small inputs, tests) answers the same questions directly.
 */
import { fromRows, graphFromMatrix, type SimilarityMatrix, type SparseGraph } from "./graph.js";
import type { SparseVector } from "./vectors.js";

export interface Likeness {
  size: number;
  /** Each item's strongest links, weighted by cosine. */
  graph: SparseGraph;
  /**
   * Summed cosine over the pairs (i in a, j in b, i != j). `a` and `b` are
   * either disjoint or the same list.
   */
  sum(a: ReadonlyArray<number>, b: ReadonlyArray<number>): number;
  /** Each item's summed cosine to every other item. */
  rowSums(): Float64Array;
  /** The exact cosine of one pair. */
  cosine(i: number, j: number): number;
  /**
   * Summed cosines between whole groups, g x g row-major: off the diagonal
   * every pair across two groups, on it every ordered pair inside one.
   */
  groupLinks(groups: ReadonlyArray<ReadonlyArray<number>>): Float64Array;
}

/**
 * The likeness of whole groups, each collapsed into one item: a group's
 * inside links are its self link (counted in its sums, as modularity needs).
 * Lets the community step continue above the groups with exact sums.
 */
export function collapsedLikeness(links: Float64Array, count: number): Likeness {
  const at = (a: number, b: number): number => links[a * count + b]!;
  const rows = Array.from({ length: count }, (_, a) => {
    const row: Array<[number, number]> = [];
    for (let b = 0; b < count; b++) if (b !== a && at(a, b) > 0) row.push([b, at(a, b)]);
    return row;
  });
  const graph = fromRows(rows, Float64Array.from({ length: count }, (_, a) => at(a, a)));
  const rowSum = (a: number): number => {
    let s = 0;
    for (let b = 0; b < count; b++) s += at(a, b);
    return s;
  };
  return {
    size: count,
    graph,
    cosine: at,
    sum(a, b) {
      let total = 0;
      for (const i of a) for (const j of b) if (j !== i || a === b) total += at(i, j);
      return total;
    },
    rowSums: () => Float64Array.from({ length: count }, (_, a) => rowSum(a)),
    groupLinks(groups) {
      const g = groups.length;
      const out = new Float64Array(g * g);
      for (let x = 0; x < g; x++) for (let y = 0; y < g; y++) out[x * g + y] = this.sum(groups[x]!, x === y ? groups[x]! : groups[y]!);
      return out;
    },
  };
}

export function matrixLikeness(matrix: SimilarityMatrix): Likeness {
  const n = matrix.size;
  const at = (i: number, j: number): number => matrix.values[i * n + j]!;
  return {
    size: n,
    graph: graphFromMatrix(matrix),
    sum(a, b) {
      let total = 0;
      for (const i of a) for (const j of b) if (j !== i) total += at(i, j);
      return total;
    },
    cosine: at,
    rowSums() {
      return Float64Array.from({ length: n }, (_, i) => {
        let s = 0;
        for (let j = 0; j < n; j++) if (j !== i) s += at(i, j);
        return s;
      });
    },
    groupLinks(groups) {
      const g = groups.length;
      const out = new Float64Array(g * g);
      for (let x = 0; x < g; x++) for (let y = 0; y < g; y++) out[x * g + y] = this.sum(groups[x]!, x === y ? groups[x]! : groups[y]!);
      return out;
    },
  };
}

/** Likeness of unit-length TF-IDF vectors (`termCount` terms), with `graph` their strongest links. */
export function vectorLikeness(vectors: ReadonlyArray<SparseVector>, termCount: number, graph: SparseGraph): Likeness {
  const scratch = new Float64Array(termCount);
  const selfDot = Float64Array.from(vectors, (v) => dot(v, v));
  // The terms `scratch` holds, as a list and as marks: a Set of numbers here cost as much as the sums themselves.
  const seen = new Uint8Array(termCount);
  const touched = new Int32Array(termCount);
  let touchedCount = 0;
  /** Adds the vectors of `items` into `scratch` (clean before; `clear` after). */
  const accumulate = (items: ReadonlyArray<number>): void => {
    for (const i of items) {
      const { terms, weights } = vectors[i]!;
      for (let k = 0; k < terms.length; k++) {
        const t = terms[k]!;
        scratch[t] = scratch[t]! + weights[k]!;
        if (!seen[t]) {
          seen[t] = 1;
          touched[touchedCount++] = t;
        }
      }
    }
  };
  const clear = (): void => {
    for (let k = 0; k < touchedCount; k++) {
      scratch[touched[k]!] = 0;
      seen[touched[k]!] = 0;
    }
    touchedCount = 0;
  };
  const dotScratch = (i: number): number => {
    const v = vectors[i]!;
    let s = 0;
    for (let k = 0; k < v.terms.length; k++) s += scratch[v.terms[k]!]! * v.weights[k]!;
    return s;
  };
  return {
    size: vectors.length,
    graph,
    sum(a, b) {
      accumulate(a);
      let total = 0;
      for (const j of b) total += dotScratch(j);
      clear();
      if (a === b) for (const i of a) total -= selfDot[i]!;
      return total;
    },
    cosine: (i, j) => dot(vectors[i]!, vectors[j]!),
    groupLinks(groups) {
      // Each group's summed vector once; then one scatter per group and one dot product per pair.
      const sums = groups.map((group) => {
        accumulate(group);
        const terms = touched.slice(0, touchedCount).sort();
        const weights = new Float64Array(terms.length);
        for (let k = 0; k < terms.length; k++) weights[k] = scratch[terms[k]!]!;
        clear();
        return { terms, weights };
      });
      const g = groups.length;
      const out = new Float64Array(g * g);
      for (let x = 0; x < g; x++) {
        const sx = sums[x]!;
        for (let k = 0; k < sx.terms.length; k++) scratch[sx.terms[k]!] = sx.weights[k]!;
        for (let y = x; y < g; y++) {
          const sy = sums[y]!;
          let s = 0;
          for (let k = 0; k < sy.terms.length; k++) s += scratch[sy.terms[k]!]! * sy.weights[k]!;
          out[x * g + y] = s;
          out[y * g + x] = s;
        }
        for (let k = 0; k < sx.terms.length; k++) scratch[sx.terms[k]!] = 0;
        let self = 0;
        for (const i of groups[x]!) self += selfDot[i]!;
        out[x * g + x] = out[x * g + x]! - self;
      }
      return out;
    },
    rowSums() {
      accumulate(vectors.map((_, i) => i));
      const sums = Float64Array.from(vectors, (_, i) => dotScratch(i) - selfDot[i]!);
      clear();
      return sums;
    },
  };
}

function dot(a: SparseVector, b: SparseVector): number {
  let s = 0;
  for (let x = 0, y = 0; x < a.terms.length && y < b.terms.length; ) {
    const ta = a.terms[x]!;
    const tb = b.terms[y]!;
    if (ta === tb) s += a.weights[x++]! * b.weights[y++]!;
    else if (ta < tb) x++;
    else y++;
  }
  return s;
}
