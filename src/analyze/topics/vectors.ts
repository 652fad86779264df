/**
 * TF-IDF vectors: each story as a unit-length sparse vector over the terms of
 * the whole input, so that the dot product of two vectors is their cosine
 * similarity.
 */

import type { TermCounts } from "./term-index.js";

/** A unit-length sparse vector: term numbers ascending, with their weights. */
export interface SparseVector {
  terms: Int32Array;
  weights: Float64Array;
}

export interface TermSpace {
  /** Number of stories that contain each term, by term number. */
  documentFrequency: Int32Array;
  /** One vector per story, in input order. */
  vectors: SparseVector[];
}

/**
 * Builds TF-IDF vectors from term counts (term number -> count) with
 * sublinear term frequency (1 + ln tf: the tenth mention of a word says less
 * than the second) and smoothed inverse document frequency
 * (ln((1 + n) / (1 + df)) + 1: defined even for an input of two stories).
 */
export function buildTermSpace(termCounts: ReadonlyArray<TermCounts>, termCount: number): TermSpace {
  const df = new Int32Array(termCount);
  for (const { ids } of termCounts) for (const term of ids) df[term] = df[term]! + 1;
  const n = termCounts.length;
  // Plain loops rather than Float64Array.from(source, map): the engine runs
  // that through its iterator path, several times slower on every story's terms.
  const idf = new Float64Array(termCount);
  for (let t = 0; t < termCount; t++) idf[t] = Math.log((1 + n) / (1 + df[t]!)) + 1;
  const vectors = termCounts.map(({ ids, counts }) => {
    const terms = ids;
    const weights = new Float64Array(terms.length);
    let norm = 0;
    for (let k = 0; k < terms.length; k++) {
      const w = (1 + Math.log(counts[k]!)) * idf[terms[k]!]!;
      weights[k] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < weights.length; k++) weights[k] = weights[k]! / norm;
    return { terms, weights };
  });
  return { documentFrequency: df, vectors };
}

/**
 * All pairwise cosines as a dense symmetric n x n matrix (diagonal 1): for
 * small inputs and tests only (grouping itself uses neighbours.ts),
 * computed through an inverted index so that only pairs sharing a term cost
 * anything.
 */
export function similarityMatrix(space: TermSpace): Float32Array {
  const n = space.vectors.length;
  const termCount = space.documentFrequency.length;
  // Postings in compressed rows: for each term, the stories holding it, in story order.
  const start = new Int32Array(termCount + 1);
  for (let t = 0; t < termCount; t++) start[t + 1] = start[t]! + space.documentFrequency[t]!;
  const fill = start.slice(0, termCount);
  const postingDoc = new Int32Array(start[termCount]!);
  const postingWeight = new Float64Array(start[termCount]!);
  space.vectors.forEach((vector, doc) => {
    for (let k = 0; k < vector.terms.length; k++) {
      const slot = fill[vector.terms[k]!]!++;
      postingDoc[slot] = doc;
      postingWeight[slot] = vector.weights[k]!;
    }
  });
  const matrix = new Float32Array(n * n);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    row.fill(0);
    const vector = space.vectors[i]!;
    for (let k = 0; k < vector.terms.length; k++) {
      const term = vector.terms[k]!;
      const w = vector.weights[k]!;
      const first = start[term]!;
      // Only pairs with j > i are accumulated; the matrix is symmetric.
      for (let p = start[term + 1]! - 1; p >= first; p--) {
        const j = postingDoc[p]!;
        if (j <= i) break;
        row[j] = row[j]! + w * postingWeight[p]!;
      }
    }
    matrix[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) matrix[i * n + j] = row[j]!;
  }
  mirrorUpperTriangle(matrix, n);
  return matrix;
}

/** Copies the upper triangle onto the lower one, in tiles that stay in cache. */
function mirrorUpperTriangle(matrix: Float32Array, n: number): void {
  const tile = 64;
  for (let bi = 0; bi < n; bi += tile) {
    for (let bj = bi; bj < n; bj += tile) {
      const iEnd = Math.min(bi + tile, n);
      const jEnd = Math.min(bj + tile, n);
      for (let i = bi; i < iEnd; i++) {
        for (let j = Math.max(bj, i + 1); j < jEnd; j++) matrix[j * n + i] = matrix[i * n + j]!;
      }
    }
  }
}
