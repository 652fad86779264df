import { describe, expect, it } from "vitest";
import { refineByCentroids } from "../../../src/analyze/topics/index.js";

/** A unit-length sparse vector from term -> weight. */
function vector(entries: Record<number, number>): { terms: Int32Array; weights: Float64Array } {
  const terms = Int32Array.from(Object.keys(entries).map(Number)).sort();
  const raw = Array.from(terms, (t) => entries[t]!);
  const norm = Math.hypot(...raw);
  return { terms, weights: Float64Array.from(raw, (w) => w / norm) };
}

// Terms 0-2 are sport words, 3-5 politics words, 6 a word both use.
const sport = [vector({ 0: 2, 1: 1, 6: 1 }), vector({ 0: 1, 2: 2 }), vector({ 1: 2, 2: 1, 6: 1 }), vector({ 0: 1, 1: 1, 2: 1 })];
const politics = [vector({ 3: 2, 4: 1, 6: 1 }), vector({ 4: 2, 5: 1 }), vector({ 3: 1, 5: 2, 6: 1 })];
/** Sport by its words, but the graph put it with politics (a shared word linked it there). */
const misplaced = vector({ 0: 1, 2: 1, 6: 2 });
const vectors = [...sport, ...politics, misplaced];
const fromGraph = [0, 0, 0, 0, 1, 1, 1, 1];

describe("refining sections by their centroids", () => {
  it("moves a story the graph put in the wrong section to the section whose centroid it matches", () => {
    expect(Array.from(refineByCentroids(vectors, fromGraph))).toEqual([0, 0, 0, 0, 1, 1, 1, 0]);
  });

  it("leaves the input grouping unchanged", () => {
    const input = Int32Array.from(fromGraph);
    refineByCentroids(vectors, input);
    expect(Array.from(input)).toEqual(fromGraph);
  });

  it("keeps a grouping that already matches the centroids", () => {
    const right = [0, 0, 0, 0, 1, 1, 1, 0];
    expect(Array.from(refineByCentroids(vectors, right))).toEqual(right);
  });

  it("is deterministic: the same partition whatever the groups are numbered", () => {
    const swapped = fromGraph.map((g) => 1 - g);
    const a = Array.from(refineByCentroids(vectors, fromGraph));
    const b = Array.from(refineByCentroids(vectors, swapped));
    expect(b).toEqual(a); // numbered by first appearance either way
    expect(Array.from(refineByCentroids(vectors, fromGraph))).toEqual(a);
  });

  it("empties a group of one into the section it is most like", () => {
    expect(Array.from(refineByCentroids(vectors, [0, 0, 0, 2, 1, 1, 1, 1]))).toEqual([0, 0, 0, 0, 1, 1, 1, 0]);
  });
});
