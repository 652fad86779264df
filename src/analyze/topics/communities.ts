/**
 * Finds groups of stories in a dense cosine-similarity matrix by maximising
 * modularity (Louvain method): a grouping scores well when stories inside a
 * group are more alike than their overall likeness to the whole input would
 * predict. No number of groups is given. The granularity follows the input:
 * in a day's few dozen stories, each event stands out against the rest; in
 * thousands of articles, the same measure gathers events into broad subjects
 * (modularity cannot resolve groups much smaller than the square root of the
 * input), which is what a reader of that many stories needs.
 */

/** A square similarity matrix, row-major; the diagonal is ignored. */
export interface SimilarityMatrix {
  size: number;
  values: Float32Array | Float64Array;
}

/** Picks rows and columns `items` (in that order) out of a matrix. */
export function subMatrix(matrix: SimilarityMatrix, items: ReadonlyArray<number>): SimilarityMatrix {
  const m = items.length;
  const values = new Float32Array(m * m);
  for (let a = 0; a < m; a++) {
    const row = items[a]! * matrix.size;
    for (let b = 0; b < m; b++) values[a * m + b] = matrix.values[row + items[b]!]!;
  }
  return { size: m, values };
}

/**
 * Keeps only rows and columns `items` (ascending) of a matrix, moving them
 * to the front of its own buffer: no second n x n matrix is allocated. Safe
 * in place because every value moves to an earlier or the same position, and
 * positions are filled in increasing order. The input matrix is spent.
 */
export function compactInPlace(matrix: SimilarityMatrix, items: ReadonlyArray<number>): SimilarityMatrix {
  const m = items.length;
  const values = matrix.values;
  for (let k = 1; k < m; k++) if (items[k]! <= items[k - 1]!) throw new RangeError("compactInPlace needs ascending items");
  for (let a = 0; a < m; a++) {
    const row = items[a]! * matrix.size;
    for (let b = 0; b < m; b++) values[a * m + b] = values[row + items[b]!]!;
  }
  return { size: m, values: values.subarray(0, m * m) };
}

/** Node degrees (sum of links) and their total; the input's diagonal is no link. */
function degrees(matrix: SimilarityMatrix, selfLinks: boolean): { degree: Float64Array; total: number } {
  const n = matrix.size;
  const a = matrix.values;
  const degree = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let d = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) d += a[row + j]!;
    // A collapsed group keeps its internal links as a self link, part of its degree.
    if (!selfLinks) d -= a[row + i]!;
    degree[i] = d;
    total += d;
  }
  return { degree, total };
}

/**
 * One level of local moving: each node in turn joins the neighbouring group
 * that raises modularity most, until a full sweep moves nothing. Nodes are
 * visited in index order and ties keep the current group, then the lower
 * group number, so the result is deterministic.
 *
 * The first sweep, from one group per node, sums each node's links by group
 * as it goes. After it there are far fewer groups than nodes (about 180 for
 * 2,223 articles), so later sweeps keep a node-by-group table of link sums
 * and update it when a node moves: a sweep then costs nodes x groups instead
 * of nodes x nodes.
 */
function localMoving(matrix: SimilarityMatrix, selfLinks: boolean): { groups: Int32Array; moved: boolean } {
  const { degree, total } = degrees(matrix, selfLinks);
  const groups = Int32Array.from({ length: matrix.size }, (_, i) => i);
  if (total <= 0) return { groups, moved: false };
  const moved = firstSweep(matrix, degree, total, groups);
  if (!moved) return { groups, moved };
  const renumbered = renumber(groups);
  laterSweeps(matrix, degree, total, renumbered);
  return { groups: renumber(renumbered), moved };
}

/** Sweep one, from one group per node, on `groups` in place: link sums gathered per node. Whether any node moved. */
function firstSweep(matrix: SimilarityMatrix, degree: Float64Array, total: number, groups: Int32Array): boolean {
  const n = matrix.size;
  const a = matrix.values;
  const groupDegree = Float64Array.from(degree);
  const linkToGroup = new Float64Array(n);
  const touched = new Int32Array(n);
  const stamp = new Int32Array(n).fill(-1);
  let moved = false;
  for (let i = 0; i < n; i++) {
    let touchedCount = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const w = a[row + j]!;
      if (j === i || w === 0) continue;
      const g = groups[j]!;
      if (stamp[g] !== i) {
        stamp[g] = i;
        linkToGroup[g] = 0;
        touched[touchedCount++] = g;
      }
      linkToGroup[g] = linkToGroup[g]! + w;
    }
    const current = groups[i]!;
    groupDegree[current] = groupDegree[current]! - degree[i]!;
    const scale = degree[i]! / total;
    let best = current;
    let bestGain = (stamp[current] === i ? linkToGroup[current]! : 0) - groupDegree[current]! * scale;
    for (let t = 0; t < touchedCount; t++) {
      const g = touched[t]!;
      const gain = linkToGroup[g]! - groupDegree[g]! * scale;
      if (g !== current && isBetter(gain, g, bestGain, best, current)) {
        best = g;
        bestGain = gain;
      }
    }
    groupDegree[best] = groupDegree[best]! + degree[i]!;
    if (best !== current) {
      groups[i] = best;
      moved = true;
    }
  }
  return moved;
}

/**
 * Later sweeps, on `groups` (numbered 0..k-1) in place, until one moves
 * nothing: a node-by-group table of link sums, kept up to date.
 */
function laterSweeps(matrix: SimilarityMatrix, degree: Float64Array, total: number, groups: Int32Array): void {
  const n = matrix.size;
  const a = matrix.values;
  let k = 0;
  for (const g of groups) k = Math.max(k, g + 1);
  const links = new Float64Array(n * k);
  const groupDegree = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    const out = i * k;
    for (let j = 0; j < n; j++) if (j !== i) links[out + groups[j]!] = links[out + groups[j]!]! + a[row + j]!;
    groupDegree[groups[i]!] = groupDegree[groups[i]!]! + degree[i]!;
  }
  for (let sweep = 1; sweep < 100; sweep++) {
    let movedThisSweep = false;
    for (let i = 0; i < n; i++) {
      const current = groups[i]!;
      groupDegree[current] = groupDegree[current]! - degree[i]!;
      const scale = degree[i]! / total;
      const out = i * k;
      let best = current;
      let bestGain = links[out + current]! - groupDegree[current]! * scale;
      for (let g = 0; g < k; g++) {
        if (g === current || links[out + g]! <= 0) continue;
        const gain = links[out + g]! - groupDegree[g]! * scale;
        if (isBetter(gain, g, bestGain, best, current)) {
          best = g;
          bestGain = gain;
        }
      }
      groupDegree[best] = groupDegree[best]! + degree[i]!;
      if (best === current) continue;
      groups[i] = best;
      movedThisSweep = true;
      // Node i's links now count towards its new group in every row (the
      // matrix is symmetric: row i is read for column i, which is faster).
      const row = i * n;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const w = a[row + j]!;
        links[j * k + current] = links[j * k + current]! - w;
        links[j * k + best] = links[j * k + best]! + w;
      }
    }
    if (!movedThisSweep) break;
  }
}

/** A strictly larger gain wins; on a tie the lower group number, but staying put beats both. */
function isBetter(gain: number, group: number, bestGain: number, best: number, current: number): boolean {
  if (gain > bestGain + 1e-12) return true;
  return Math.abs(gain - bestGain) <= 1e-12 && best !== current && group < best;
}

/** Group numbers 0..k-1 in order of first appearance. */
function renumber(groups: ArrayLike<number>): Int32Array {
  const ids = new Map<number, number>();
  return Int32Array.from(groups as ArrayLike<number>, (g) => {
    let id = ids.get(g);
    if (id === undefined) ids.set(g, (id = ids.size));
    return id;
  });
}

/** Collapses each group into one node whose links are the summed links of its members. */
function aggregate(matrix: SimilarityMatrix, selfLinks: boolean, groups: Int32Array, count: number): SimilarityMatrix {
  const n = matrix.size;
  const values = new Float64Array(count * count);
  for (let i = 0; i < n; i++) {
    const gi = groups[i]! * count;
    const row = i * n;
    for (let j = 0; j < n; j++) {
      if (j === i && !selfLinks) continue;
      values[gi + groups[j]!] = values[gi + groups[j]!]! + matrix.values[row + j]!;
    }
  }
  return { size: count, values };
}

/**
 * Louvain: local moving, then collapsing groups into nodes, repeated until
 * nothing moves. Returns a group number per item (0..k-1).
 */
export function louvain(matrix: SimilarityMatrix): Int32Array {
  let membership = Int32Array.from({ length: matrix.size }, (_, i) => i);
  let level = matrix;
  // The input's diagonal (a story's likeness to itself) is not a link.
  let selfLinks = false;
  for (;;) {
    const { groups, moved } = localMoving(level, selfLinks);
    if (!moved) break;
    let count = 0;
    for (const g of groups) count = Math.max(count, g + 1);
    membership = Int32Array.from(membership, (node) => groups[node]!);
    if (count === level.size) break;
    level = aggregate(level, selfLinks, groups, count);
    selfLinks = true;
  }
  return renumber(membership);
}
