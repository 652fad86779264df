import { describe, expect, it } from "vitest";
import { adjustedRandIndex, normalizedMutualInformation } from "../../../bench/support/agreement.js";
import { louvain, type SimilarityMatrix } from "../../../src/analyze/topics/communities.js";
import { findGroups, groupsOfCount } from "../../../src/analyze/topics/grouping.js";
import { buildTermSpace, similarityMatrix } from "../../../src/analyze/topics/vectors.js";
import { ScanContext, scanParts } from "../../../src/analyze/topics/scan.js";

/** A similarity matrix from blocks: `within` inside a block, `across` between blocks. */
function blocks(sizes: number[], within: number, across: number): SimilarityMatrix {
  const blockOf = sizes.flatMap((size, b) => Array<number>(size).fill(b));
  const n = blockOf.length;
  const values = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) values[i * n + j] = i === j ? 1 : blockOf[i] === blockOf[j] ? within : across;
  return { size: n, values };
}

const sortGroups = (groups: number[][]): number[][] => groups.map((g) => [...g].sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);

describe("agreement measures", () => {
  it("score identical groupings 1, whatever the group names", () => {
    expect(normalizedMutualInformation(["a", "a", "b", "b"], [1, 1, 0, 0])).toBeCloseTo(1, 12);
    expect(adjustedRandIndex(["a", "a", "b", "b"], [1, 1, 0, 0])).toBeCloseTo(1, 12);
  });

  it("match worked examples", () => {
    // The second grouping splits one group of the first: I = H(first) = ln 2, H(second) = 1.5 ln 2.
    expect(normalizedMutualInformation([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.8, 12);
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 12);
    // Independent groupings share no information; the Rand index falls below chance.
    expect(normalizedMutualInformation([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(0, 12);
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
  });

  it("refuse label lists of different lengths", () => {
    expect(() => normalizedMutualInformation([0, 1], [0])).toThrow(/differ in length/);
  });
});

describe("similarity", () => {
  it("is the cosine of TF-IDF vectors: 1 for the same text, 0 for texts without a shared word", () => {
    const context = new ScanContext();
    const texts = ["Rescuers searched the rubble after the earthquake.", "Rescuers searched the rubble after the earthquake.", "Shares fell sharply in Tokyo trading."];
    const scans = texts.map((text) => scanParts([{ text, weight: 1, names: true }], context));
    const matrix = similarityMatrix(buildTermSpace(scans.map((s) => s.terms), context.index.size));
    expect(matrix[0 * 3 + 1]).toBeCloseTo(1, 6);
    expect(matrix[0 * 3 + 2]).toBe(0);
    expect(matrix[2 * 3 + 0]).toBe(0);
    expect(matrix[1 * 3 + 1]).toBe(1);
  });
});

describe("modularity communities", () => {
  it("find the blocks of a block matrix without being told how many", () => {
    const groups = louvain(blocks([4, 3, 5], 0.4, 0.02));
    expect([...groups]).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2]);
  });

  it("leave every item alone when nothing links them", () => {
    expect([...louvain(blocks([1, 1, 1], 0, 0))]).toEqual([0, 1, 2]);
  });
});

/** A matrix of blocks with their own inner similarity, and `across(a, b)` between blocks a and b. */
function blockMatrix(blocks: Array<{ size: number; within: number }>, across: (a: number, b: number) => number): SimilarityMatrix {
  const blockOf = blocks.flatMap((block, b) => Array<number>(block.size).fill(b));
  const n = blockOf.length;
  const values = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) values[i * n + j] = i === j ? 1 : blockOf[i] === blockOf[j] ? blocks[blockOf[i]!]!.within : across(blockOf[i]!, blockOf[j]!);
  }
  return { size: n, values };
}

describe("groups", () => {
  it("split a tight event off the broad group that modularity merged it into", () => {
    // A 3-story event and 8 loosely related stories, beside three unrelated subjects of 10.
    const matrix = blockMatrix(
      [{ size: 3, within: 0.5 }, { size: 8, within: 0.09 }, { size: 10, within: 0.3 }, { size: 10, within: 0.3 }, { size: 10, within: 0.3 }],
      (a, b) => (a < 2 && b < 2 ? 0.06 : 0.005),
    );
    expect(new Set([...louvain(matrix)].slice(0, 11)).size).toBe(1);
    expect(findGroups(matrix).map((g) => g.length)).toEqual([3, 8, 10, 10, 10]);
  });

  it("dissolve a loose grab-bag whose stories are barely more alike than they are to the rest", () => {
    const loose = blockMatrix([{ size: 3, within: 0.4 }, { size: 6, within: 0.09 }], () => 0.05);
    expect([...louvain(loose)]).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1]);
    expect(sortGroups(findGroups(loose))).toEqual([[0, 1, 2], [3], [4], [5], [6], [7], [8]]);
    // The same group, three times as alike inside as outside, stands.
    const firm = blockMatrix([{ size: 3, within: 0.4 }, { size: 6, within: 0.09 }], () => 0.03);
    expect(sortGroups(findGroups(firm))).toEqual([[0, 1, 2], [3, 4, 5, 6, 7, 8]]);
  });

  it("set apart a story that resembles nothing in its group", () => {
    const matrix = blocks([3, 3], 0.4, 0.02);
    // Item 6 is weakly tied to the first block only: modularity puts it there, the stray check takes it out.
    const n = 7;
    const values = new Float32Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) values[i * n + j] = i < 6 && j < 6 ? matrix.values[i * 6 + j]! : i === j ? 1 : i < 3 || j < 3 ? 0.05 : 0;
    expect(sortGroups(findGroups({ size: n, values }))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it("set apart a member that names nothing its fellows name, when they share names", () => {
    const matrix = blocks([4], 0.3, 0);
    const names = [["bank of england"], ["bank of england", "bailey"], ["bailey"], ["department for transport"]];
    const sharesName = (i: number, j: number): boolean => names[i]!.some((n) => names[j]!.includes(n));
    expect(sortGroups(findGroups(matrix, { sharesName }))).toEqual([[0, 1, 2], [3]]);
    expect(sortGroups(findGroups(matrix))).toEqual([[0, 1, 2, 3]]);
  });

  it("come in exactly the number asked for, when one is given", () => {
    const matrix = blocks([4, 3, 5], 0.4, 0.02);
    for (let count = 1; count <= 12; count++) {
      const groups = groupsOfCount(matrix, count);
      expect(groups).toHaveLength(count);
      expect(groups.flat().sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
    }
    expect(sortGroups(groupsOfCount(matrix, 3))).toEqual([[0, 1, 2, 3], [4, 5, 6], [7, 8, 9, 10, 11]]);
  });
});
